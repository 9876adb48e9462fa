"""Building and saving validated cases in tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from caseworker.cases.case_file import draft_from_json
from caseworker.cases.case_write import create_case
from caseworker.cases.validation import validate_case
from caseworker.core.authoring import Author
from caseworker.core.drafts import CaseDraft, NameDraft, PersonDraft
from tests.support.paths import DATA

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ZONE = "Asia/Almaty"


def author(name: str = "tester", now: datetime = NOW) -> Author:
    return Author(name, now)


def seed_draft(name: str) -> CaseDraft:
    draft = draft_from_json(json.loads((DATA / f"{name}.json").read_text()))
    validate_case(draft, ZONE, NOW)
    return draft


def simple_draft(*names: str, birth: str = "", **case_fields) -> CaseDraft:
    draft = CaseDraft(person=PersonDraft(names=[NameDraft(n) for n in names], birth_date=birth),
                      **case_fields)
    validate_case(draft, ZONE, NOW)
    return draft


def add_case(store, draft: CaseDraft, who: Author | None = None) -> str:
    return create_case(store, draft, who or author())


def seed_cases(data_dir: Path, *drafts: CaseDraft, who: Author | None = None) -> list[str]:
    """Cases saved into the store at `data_dir` before the app opens it (entered by
    `who`, at its time: NOW unless told)."""
    from caseworker.opening.unlocking import open_store
    from tests.conftest import PASSPHRASE

    store = open_store(data_dir, PASSPHRASE)
    try:
        return [add_case(store, draft, who) for draft in drafts]
    finally:
        store.close()
