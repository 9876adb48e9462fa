"""One row per figure: value, baseline, ratio, budget, pass or fail."""

from __future__ import annotations

import json
import platform
import statistics
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    budget: str
    passed: bool
    baseline: float | None = None
    ratio: float | None = None
    note: str = ""


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    text = f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return f"{text} {unit}".strip()


def print_table(figures: list[Figure]) -> None:
    headers = ["figure", "value", "baseline", "ratio", "budget", "result"]
    rows = [[f.name, _fmt(f.value, f.unit), _fmt(f.baseline, f.unit),
             "-" if f.ratio is None else f"{f.ratio:.2f}x", f.budget,
             "pass" if f.passed else "FAIL"] for f in figures]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, ["-" * w for w in widths], *rows]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)))
    for figure in figures:
        if figure.note:
            print(f"  {figure.name}: {figure.note}")


def write_json(figures: list[Figure], path: Path) -> None:
    document = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "figures": [asdict(f) for f in figures],
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
