"""Intakes sealed at a test desk for its office's inbox (docs/architecture.md §11)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from caseworker.cases.case_file import draft_from_json
from caseworker.desk.sealing import Sealed, seal_intake
from storage.store import Store
from tests.support.case_factory import NOW, ZONE, author

# One person in the two outlets' spellings (tests/data/qalymbek-shahman.json's sources):
# RFA's, and Fergana's Russian Cyrillic.
RFA_SPELLING = "Qalymbek Shahman"
FERGANA_SPELLING = "Калымбек Шахман"
# Ten people who are not him, nor each other.
OTHERS = ["Kaster Musakhanuly", "Murager Alimuly", "Kaisha Akan", "Ershidin Israil",
          "Dilnigar Ilhamjan", "Ilham Tohti", "Sayragul Sauytbay", "Yerzhanat Abai",
          "Gulzira Auelkhan", "Omir Bekali"]


def intake(name: str, **fields) -> dict:
    """A case file of one person by `name`, as a volunteer might type it."""
    return {"person": {"names": [{"text": name}], "sex": "male"}, "situation": "detained",
            "events": [{"type": "detained", "at": "2026-11-20", "location": "Almaty"}],
            **fields}


def seal(desk: Store, name: str, volunteer: str = "Aigerim", minutes: int = 0) -> Sealed:
    """`name`'s intake sealed at `desk` by `volunteer`, `minutes` after NOW."""
    return seal_intake(desk, draft_from_json(intake(name)), volunteer,
                       author(now=NOW + timedelta(minutes=minutes)), ZONE)


def folder_of(paths: list[Path], folder: Path) -> Path:
    """A folder holding copies of these bundles, as an outbox copied to the office."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder
