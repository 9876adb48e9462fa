"""Schema steps, in order. Each step is frozen once released: later changes add steps.

A step is a module `sNNNN_name.py` with an `SQL` script; step N brings the store to
`user_version` N. The order is written once, in the file names: steps are found by them
and must be numbered 1, 2, 3... with no gap and no number used twice
(docs/architecture.md §2). tests/storage/test_migrations.py pins the source of every released step.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass

_STEP_NAME = re.compile(r"^s(\d{4})_[a-z0-9_]+$")


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    sql: str


def order_step_modules(names: Iterable[str]) -> list[str]:
    """Step module names, oldest first. Raises when a name is not a step's or the numbers
    do not run 1, 2, 3...: a gap or a repeat would give two stores at one version different
    schemas."""
    numbered = []
    for name in names:
        match = _STEP_NAME.match(name)
        if match is None:
            raise RuntimeError(f"storage/steps/{name}.py is not named like a step "
                               "(sNNNN_what_it_does.py)")
        numbered.append((int(match.group(1)), name))
    numbered.sort()
    numbers = [number for number, _ in numbered]
    if numbers != list(range(1, len(numbered) + 1)):
        raise RuntimeError(f"schema steps must be numbered 1, 2, 3... with no gap or repeat; "
                           f"found {numbers}")
    return [name for _, name in numbered]


def step_modules() -> list[str]:
    """The step modules in this package, oldest first."""
    # Listed when asked, not at import: importing a module does no work
    # (docs/architecture.md §1).
    return order_step_modules(module.name for module in pkgutil.iter_modules(__path__))


def all_steps() -> list[Step]:
    steps = []
    for number, module_name in enumerate(step_modules(), start=1):
        module = importlib.import_module(f"{__name__}.{module_name}")
        steps.append(Step(number, module_name.split("_", 1)[1], module.SQL))
    return steps
