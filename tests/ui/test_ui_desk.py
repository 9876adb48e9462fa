"""The app on an intake desk: it asks who is at the desk, seals each intake for the
office, shows its receipt, and has no way to a case (docs/architecture.md §11)."""

from __future__ import annotations

from sqlmodel import select

from caseworker.cases.case_read import load_case
from caseworker.desk.receipts import list_receipts
from screens.cases.intake_form import IntakeForm
from screens.desk.desk_home import DeskScreen
from screens.desk.desk_intake import DeskIntakeScreen
from screens.desk.receipt_display import ReceiptModal, spaced
from storage.tables import Case, Revision
from tests.support.bundle_helpers import receive
from tests.support.desk_screens import (
    at_the_desk,
    desk_app,
    desk_install,
    new_intake,
    seal_a_name,
)
from tests.support.helpers import type_text, wait_for
from tests.support.ui_fixtures import SIZE


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_a_volunteer_seals_an_intake_and_gets_an_empty_form(template_store, tmp_path):
    install = desk_install(template_store, tmp_path)
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        desk = await at_the_desk(pilot, "Aigerim Sadykova")
        assert "Aigerim Sadykova" in _text(desk, "#at-desk")
        receipt = await seal_a_name(pilot, "Yerzhanat Abai")
        assert receipt.number == 1
        assert _text(receipt, "#receipt-reference") == spaced(receipt.reference)
        files = list(install.outbox.iterdir())
        assert [f.name for f in files] == [f"intake-{receipt.reference}.cwb"]
        intake = app.screen_stack[-2]
        assert isinstance(intake, DeskIntakeScreen)
        assert intake.form.to_draft().person.names == [] and not intake.dirty
        await pilot.press("enter")  # the next visitor
        await wait_for(pilot, lambda: app.screen is intake
                       and app.focused is intake.form.query("Input").first())
        assert app.focused.value == ""
        with app.workspace.require_store().read() as session:
            receipts = list_receipts(session)
        assert [(r.number, r.volunteer, r.reference) for r in receipts] == [
            (1, "Aigerim Sadykova", receipt.reference)]
    receive(install.office, files[0])
    with install.office.read() as session:
        case_id = session.exec(select(Case.id)).one()
        names = [n.text for n in load_case(session, case_id).names]
        authors = set(session.exec(select(Revision.author).where(Revision.case_id == case_id)))
    assert names == ["Yerzhanat Abai"] and authors == {"Aigerim Sadykova"}
    install.office.close()


async def test_two_volunteers_each_seal_under_their_own_name(template_store, tmp_path):
    install = desk_install(template_store, tmp_path)
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        await at_the_desk(pilot, "Aigerim")
        await seal_a_name(pilot, "First Visitor")
        await pilot.press("enter", "escape")  # the receipt, then the empty form
        await wait_for(pilot, lambda: isinstance(app.screen, DeskScreen))
        await pilot.press("v")  # someone else sits down: the names used here are offered
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "volunteer"
                       and app.screen._names == ["Aigerim"])
        await type_text(pilot, "Dana")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DeskScreen)
                       and app.screen.sitting.volunteer == "Dana")
        await seal_a_name(pilot, "Second Visitor")
        await pilot.press("enter", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DeskScreen))
        await pilot.press("v", "down")  # chosen from the list this time
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "known-names")
        assert app.screen._names == ["Dana", "Aigerim"]  # the latest first
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DeskScreen)
                       and app.screen.sitting.volunteer == "Aigerim")
        await seal_a_name(pilot, "Third Visitor")
        with app.workspace.require_store().read() as session:
            receipts = list_receipts(session)
    assert [(r.number, r.volunteer) for r in receipts] == [
        (3, "Aigerim"), (2, "Dana"), (1, "Aigerim")]
    for path in install.outbox.iterdir():
        receive(install.office, path)
    with install.office.read() as session:
        authors = {load_case(session, case.id).names[0].text: case.changed_by
                   for case in session.exec(select(Case))}
    install.office.close()
    assert authors == {"First Visitor": "Aigerim", "Second Visitor": "Dana",
                       "Third Visitor": "Aigerim"}


async def test_the_volunteers_name_is_checked_in_one_sentence(template_store, tmp_path):
    install = desk_install(template_store, tmp_path)
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        from tests.support.desk_screens import asked_who

        prompt = await asked_who(pilot)
        await pilot.press("space", "enter")
        await wait_for(pilot, lambda: "volunteer's name" in _text(prompt, "#volunteer-problem"))
        await pilot.press("escape")  # nobody is at the desk yet: the question stays
        await pilot.pause()
        assert app.screen is prompt
    install.office.close()


async def test_a_failed_seal_keeps_the_form_and_says_why(template_store, tmp_path):
    install = desk_install(template_store, tmp_path)
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        await at_the_desk(pilot, "Aigerim")
        install.outbox.rmdir()  # the USB stick was pulled out
        from tests.support.desk_screens import new_intake

        intake = await new_intake(pilot)
        await type_text(pilot, "Yerzhanat Abai")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not intake.saving and app._notifications)
        shown = [n.message for n in app._notifications]
        assert any("outbox folder" in m and "Not saved" in m for m in shown), shown
        assert app.screen is intake and isinstance(intake.query_one(IntakeForm), IntakeForm)
        assert intake.form.to_draft().person.names[0].text == "Yerzhanat Abai"
        with app.workspace.require_store().read() as session:
            assert list_receipts(session) == []
    install.office.close()


async def test_receipt_stays_until_enter(template_store, tmp_path):
    install = desk_install(template_store, tmp_path)
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        await at_the_desk(pilot, "Aigerim")
        receipt = await seal_a_name(pilot, "Yerzhanat Abai")
        await type_text(pilot, "abc")  # letters do not close it: it is read out first
        assert app.screen is receipt and isinstance(app.screen, ReceiptModal)
    install.office.close()


async def test_an_enter_typed_while_sealing_does_not_close_the_receipt(template_store,
                                                                      tmp_path, monkeypatch):
    """A volunteer who presses Enter again while the intake is being sealed must still
    see the reference to read out."""
    import threading

    import screens.desk.desk_intake as desk_intake

    go, sealing = threading.Event(), desk_intake.seal_intake

    def slow_seal(*args, **kwargs):  # a slow old laptop: the Enter comes meanwhile
        go.wait(10)
        return sealing(*args, **kwargs)

    monkeypatch.setattr(desk_intake, "seal_intake", slow_seal)
    install = desk_install(template_store, tmp_path)
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        await at_the_desk(pilot, "Aigerim")
        form = await new_intake(pilot)
        await type_text(pilot, "Yerzhanat Abai")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: form.saving)
        await pilot.press("enter")
        go.set()
        await wait_for(pilot, lambda: isinstance(app.screen, ReceiptModal))
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReceiptModal)
    install.office.close()


async def test_a_name_typed_right_after_the_passphrase_reaches_the_question(
        template_store, tmp_path):
    """Keys typed ahead (docs/architecture.md §9): the volunteer types the passphrase,
    Enter and their name without waiting for the question to appear."""
    from tests.conftest import PASSPHRASE
    from tests.support.desk_screens import desk_screen
    from tests.support.helpers import burst

    install = desk_install(template_store, tmp_path)
    app = desk_app(install)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "passphrase")
        await burst(pilot, *PASSPHRASE, "enter", *"Dana Bekova", "enter")
        desk = await desk_screen(pilot)
        assert desk.sitting.volunteer == "Dana Bekova"
    install.office.close()
