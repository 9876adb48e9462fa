"""Where an install keeps its files: --data-dir, else CASEWORKER_DATA_DIR, else platformdirs."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_DATA_DIR = "CASEWORKER_DATA_DIR"


def default_data_dir() -> Path:
    return user_data_path("caseworker", appauthor=False)


def resolve_data_dir(option: str | None) -> Path:
    chosen = option or os.environ.get(ENV_DATA_DIR)
    return Path(chosen).expanduser() if chosen else default_data_dir()
