"""What a volunteer types at the desk leaves with the sealed bundle and nowhere else: a
canary typed into every field of the intake form is, once sealed, in no page or WAL frame
of the desk's store, no other file of the desk, no receipt and nothing on screen, and the
office reads every field of it (docs/architecture.md §11)."""

from __future__ import annotations

import json

from sqlmodel import select
from textual.widgets import Input, Select, TextArea

from caseworker.cases.case_file import case_to_json
from caseworker.cases.case_read import load_case
from caseworker.desk.receipts import list_receipts, receipt_to_json
from screens.cases.intake_form import PAPERS
from storage.tables import Case
from tests.support.bundle_helpers import receive
from tests.support.desk_helpers import new_canary
from tests.support.desk_screens import at_the_desk, desk_app, desk_install, new_intake, seal
from tests.support.helpers import type_text
from tests.support.page_scan import found_in_files
from tests.support.ui_fixtures import SIZE

# Fields whose text is checked for its form: they get a valid value instead of the
# canary. (The PRC ID's checksum and an age beside a birth date are left out.)
FORMATTED = {"birth-date": "1990", "citizenships": "CN", "prc-id": "", "age": "",
             "age-on": "", "col-at": "01.11.2026", "col-published": "01.11.2026",
             "col-language": "en"}
CHOSEN = {"col-type": "detained", "papers-kind": next(k for k in PAPERS if k != "none")}


def _kind(field) -> str:
    if field.id in FORMATTED or field.id in CHOSEN:
        return field.id
    return next((c for c in field.classes if c.startswith("col-")), "")


def _text_in_widgets(app) -> str:
    """Every value any field of any screen holds, and what the screen shows."""
    values = [field.value for screen in app.screen_stack for field in screen.query(Input)]
    values += [area.text for screen in app.screen_stack for area in screen.query(TextArea)]
    return "\n".join(values) + app.export_screenshot()


async def test_a_canary_typed_into_every_field_stays_only_in_the_bundle(template_store,
                                                                        tmp_path):
    install = desk_install(template_store, tmp_path)
    canary = new_canary()
    typed: list[str] = []
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        await at_the_desk(pilot, "Aigerim")
        intake = await new_intake(pilot)
        for field in intake.form.query("Input, TextArea, Select"):
            kind = _kind(field)
            if isinstance(field, Select):
                if kind in CHOSEN:
                    field.value = CHOSEN[kind]
                continue
            value = FORMATTED.get(kind)
            if value is None:
                value = f"{canary}{len(typed):02d}"
                typed.append(value)
            if value:
                if kind == "col-url":
                    value = f"https://example.org/{value}"
                field.focus()
                await pilot.pause()
                await type_text(pilot, value)
        assert len(typed) >= 25  # every free-text field of the form: names to tags
        assert canary in _text_in_widgets(app)
        receipt = await seal(pilot)
        await pilot.pause()
        store = app.workspace.require_store()
        key = bytes(store._key)
        # Every page and WAL frame, decrypted with the desk's key, and every other file.
        assert found_in_files(install.data_dir, key, canary) == []
        assert found_in_files(install.outbox, key, canary) == []  # ciphertext only
        with store.read() as session:
            receipts = json.dumps([receipt_to_json(r) for r in list_receipts(session)])
        assert canary not in receipts and receipt.reference in receipts
        assert canary not in _text_in_widgets(app)
        await pilot.press("enter")  # the empty form for the next visitor
        await pilot.pause()
        assert canary not in _text_in_widgets(app)
    # and once the app has closed the store
    assert found_in_files(install.data_dir, key, canary) == []

    receive(install.office, next(install.outbox.iterdir()))
    with install.office.read() as session:
        record = load_case(session, session.exec(select(Case.id)).one())
    install.office.close()
    text = json.dumps(case_to_json(record), ensure_ascii=False)
    missing = [value for value in typed if value not in text]
    assert missing == []
