"""Schema steps, in order. Each step is frozen once released: later changes add steps.

A step is a module with a `SQL` script; step N brings the store to `user_version` N.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

# Module names, oldest first. The position in this list is the schema version.
_STEP_MODULES = [
    "s0001_records",
    "s0002_history",
    "s0003_summary_search",
    "s0004_case_search",
    "s0005_places",
    "s0006_person_matching",
    "s0007_checklist",
    "s0008_risk",
    "s0009_key_contacts",
    "s0010_bundles",
]


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    sql: str


def all_steps() -> list[Step]:
    steps = []
    for number, module_name in enumerate(_STEP_MODULES, start=1):
        module = importlib.import_module(f"storage.steps.{module_name}")
        steps.append(Step(number, module_name.split("_", 1)[1], module.SQL))
    return steps


LATEST_VERSION = len(_STEP_MODULES)
