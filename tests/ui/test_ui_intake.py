"""Both seed cases entered through the intake screen with the keyboard only."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from caseworker.cases.case_read import load_case
from screens.cases.intake import IntakeScreen
from storage.tables import Case, MatchDecision
from tests.support.helpers import choose, fill, tab_to, type_text, wait_for
from tests.support.ui_fixtures import SIZE, case_shown, make_app, open_intake


async def _tab(pilot, times: int = 1) -> None:
    for _ in range(times):
        await pilot.press("tab")


async def _enter_yerzhanat(pilot) -> None:
    """Yerzhanat Abai, RFA 16 May 2025, as a volunteer would type it."""
    # Names: one row, script left to detection; father's name column used.
    await fill(pilot, "Yerzhanat Abai")          # name
    await _tab(pilot)                             # script: detect
    await fill(pilot, "Yerzhanat")                # given
    await _tab(pilot)                             # father's
    await fill(pilot, "Abai")                     # surname
    await fill(pilot, "RFA 2025-05-16")           # source of this spelling
    # Person.
    await choose(pilot, "Ma")                     # sex: Male
    await _tab(pilot)
    await _tab(pilot)                             # birth date unknown
    await fill(pilot, "23")                       # age
    await fill(pilot, "2025-05-16")               # reported on
    await fill(pilot, "Kazakh")
    await fill(pilot, "CN")
    await fill(pilot, "Gongliu county, Ili prefecture")
    await fill(pilot, "Kazakh, Chinese")
    # Documents: nothing known.
    await _tab(pilot, 5)
    # Journey: how entered unknown; route; two events.
    await _tab(pilot)
    await fill(pilot, "Xinjiang -> Kazakhstan")
    await choose(pilot, "Cr")                     # crossed a border
    await _tab(pilot)
    await fill(pilot, "2025-03-27")
    await fill(pilot, "Kazakhstan")
    await fill(pilot, "Entered Kazakhstan", then_tab=False)
    await pilot.press("f6")                       # a second event row, focused
    await choose(pilot, "Det")
    await _tab(pilot)
    await fill(pilot, "2025-05")
    await fill(pilot, "Panfilov City Detention Center, Zharkent")
    await fill(pilot, "About 40 km from the border")
    # Current situation.
    await choose(pilot, "Det")
    await _tab(pilot)
    await _tab(pilot)                             # status: open
    await fill(pilot, "Aigerim")
    await fill(pilot, "Atajurt")
    # Source.
    await fill(pilot, "https://rfa.org/english/china/2025/05/16/china-xinjiang-kazakh-detainee")
    await fill(pilot, "RFA")
    await fill(pilot, "Rights group raises alarm over ethnic Kazakh who fled Xinjiang")
    await fill(pilot, "2025-05-16")
    await fill(pilot, "en")
    await choose(pilot, "Cred")
    await _tab(pilot)
    # Family and contacts: none known.
    await _tab(pilot, 9)
    # Consent.
    await choose(pilot, "Full")
    await _tab(pilot)
    await fill(pilot, "Atajurt made the case public")
    await type_text(pilot, "Sought help from Atajurt in Almaty four days after entering.")
    await pilot.press("tab")
    await fill(pilot, "atajurt, border", then_tab=False)
    await pilot.press("ctrl+s")


async def test_yerzhanat_abai_entered_with_keys_only(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await _enter_yerzhanat(pilot)
        await wait_for(pilot, lambda: case_shown(app))
        case_id = app.screen.case_id
        store = app.workspace.store
        with store.read() as session:
            record = load_case(session, case_id)
    person, case = record.person, record.case
    assert [(n.text, n.script, n.given, n.surname, n.source) for n in record.names] == [
        ("Yerzhanat Abai", "latn", "Yerzhanat", "Abai", "RFA 2025-05-16")]
    assert person.sex == "male"
    assert (person.birth_date, person.birth_precision) == ("2002", "estimated")
    assert (person.age_reported, person.age_reported_on) == (23, "2025-05-16")
    assert person.ethnicity == "Kazakh" and person.citizenships == ["CN"]
    assert person.home_place == "Gongliu county, Ili prefecture"
    assert person.languages == ["Kazakh", "Chinese"]
    assert case.route == "Xinjiang -> Kazakhstan"
    assert case.situation == "detained" and case.status == "open"
    assert case.assigned_to == "Aigerim" and case.reported_by == "Atajurt"
    assert (case.consent_level, case.consent_condition) == ("full", "Atajurt made the case public")
    assert case.tags == ["atajurt", "border"]
    assert [(e.type, e.at_precision, e.location_text, e.note) for e in record.events] == [
        ("crossed_border", "day", "Kazakhstan", "Entered Kazakhstan"),
        ("detained", "month", "Panfilov City Detention Center, Zharkent",
         "About 40 km from the border")]
    # A date known only to the day counts from its first moment, in Almaty's clock.
    assert record.events[0].at == datetime(2025, 3, 26, 19, 0, tzinfo=UTC)
    assert [(s.outlet, s.published, s.language, s.reliability) for s in record.sources] == [
        ("RFA", "2025-05-16", "en", "credible")]
    assert [n.text for n in record.notes] == [
        "Sought help from Atajurt in Almaty four days after entering."]
    assert case.changed_by == "volunteer"


async def test_invalid_fields_are_named_and_the_draft_is_kept(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await _tab(pilot, 7)                      # birth date
        await fill(pilot, "2025-13-40")
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        problems = str(screen.query_one("#problems").render())
        assert "Names: at least one name is required" in problems
        assert "Birth date: the month must be from 01 to 12" in problems
        assert screen.query_one("#birth-date").has_class("-invalid")
        assert screen.query_one("#birth-date").value == "2025-13-40"
        with app.workspace.store.read() as session:
            assert session.exec(select(Case)).all() == []


async def test_qalymbek_shahman_entered_with_keys_only(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await fill(pilot, "Qalymbek Shahman")
        await choose(pilot, "Latin, Eng")           # press spelling
        await pilot.press("f5")                     # a second spelling
        await fill(pilot, "Қалымбек Шахман")
        await tab_to(pilot, "#sex")
        await choose(pilot, "Ma")
        await tab_to(pilot, "#ethnicity")
        await fill(pilot, "Kazakh")
        await fill(pilot, "cn")                     # lower case is fine
        await fill(pilot, "Emin county, Tacheng prefecture")
        await tab_to(pilot, "#passport-status")
        await choose(pilot, "Held")
        await tab_to(pilot, "#entry-method")
        await choose(pilot, "In tr")                # entered: transit zone
        await _tab(pilot)
        await fill(pilot, "Xinjiang -> Bangkok -> Almaty (refused) -> Tashkent")
        await choose(pilot, "Cr")                   # first event row
        await _tab(pilot)
        await fill(pilot, "2019-01-04")
        await fill(pilot, "Thailand")
        await fill(pilot, "Left China", then_tab=False)
        await pilot.press("f6")                     # second event row
        await choose(pilot, "Den")
        await _tab(pilot)
        await fill(pilot, "2019-01")
        await fill(pilot, "Almaty airport")
        await type_text(pilot, "Refused entry to Kazakhstan")
        await pilot.press("f6")                     # a third row, focused
        await choose(pilot, "Ext")                  # extradition request
        await _tab(pilot)
        await fill(pilot, "2019-02-07T12:00")
        await fill(pilot, "Tashkent airport transit zone")
        await fill(pilot, "PRC officials demand his handover; phone taken by police")
        await tab_to(pilot, "#situation")
        await choose(pilot, "Det")
        await tab_to(pilot, "#reported-by")
        await fill(pilot, "Atajurt")
        await fill(pilot, "https://www.rfa.org/english/news/uyghur/"
                          "ethnic-kazakh-faces-immediate-repatriation-02082019123641.html")
        await fill(pilot, "RFA")
        await tab_to(pilot, ".col-published")
        await fill(pilot, "2019-02-08")
        await fill(pilot, "en")
        await tab_to(pilot, ".col-name")            # relatives
        await fill(pilot, "His wife")
        await fill(pilot, "wife")
        await fill(pilot, "CN")
        await fill(pilot, "Guangzhou")
        await tab_to(pilot, ".col-name")            # contacts
        await type_text(pilot, "Atajurt employee")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: case_shown(app))
        with app.workspace.store.read() as session:
            record = load_case(session, app.screen.case_id)
    assert [(n.text, n.script) for n in record.names] == [
        ("Qalymbek Shahman", "latn-press"), ("Қалымбек Шахман", "kk-cyrl")]
    assert record.person.citizenships == ["CN"]
    assert [(d.kind, d.status) for d in record.documents] == [("passport", "held")]
    assert record.case.entry_method == "transit"
    # The timeline is ordered by the earliest moment each date allows: "2019-01" first.
    assert [e.type for e in record.events] == ["denied_entry", "crossed_border",
                                               "extradition_request"]
    request = record.events[2]
    # A free-text place has no known clock: the install's default zone (Almaty, then UTC+6).
    assert request.at == datetime(2019, 2, 7, 6, 0, tzinfo=UTC)
    assert (request.at_precision, request.zone) == ("exact", "Asia/Almaty")
    assert [(r.name, r.relation, r.citizenship, r.whereabouts) for r in record.relatives] == [
        ("His wife", "wife", "CN", "Guangzhou")]
    assert [c.name for c in record.contacts] == ["Atajurt employee"]
    assert record.sources[0].published == "2019-02-08"


async def _tell_the_same_story_again(pilot, app) -> str:
    """Yerzhanat Abai's case entered, then the same story as a Kazakh-language outlet told
    it, in Cyrillic, up to the possible-duplicate question. Returns the first case's id."""
    from screens.base.modals import DuplicateModal

    await open_intake(pilot)
    await _enter_yerzhanat(pilot)
    await wait_for(pilot, lambda: case_shown(app))
    first_case = app.screen.case_id
    await pilot.press("escape")
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, IntakeScreen))
    await fill(pilot, "Ержанат Абай")
    await tab_to(pilot, "#age")
    await fill(pilot, "23")
    await fill(pilot, "2025-05-17")
    await tab_to(pilot, ".col-type")
    await choose(pilot, "Det")
    await _tab(pilot)
    await fill(pilot, "2025-05")
    await fill(pilot, "Жаркент")
    await tab_to(pilot, ".col-url")
    await fill(pilot, "https://www.azattyq.org/a/kazakh-detained-zharkent")
    await fill(pilot, "Azattyq", then_tab=False)
    await pilot.press("f2")
    await wait_for(pilot, lambda: isinstance(app.screen, DuplicateModal))
    assert "Yerzhanat Abai" in str(app.screen.query_one("DataTable").get_row_at(0))
    return first_case


async def test_the_same_story_again_offers_the_existing_case(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        first_case = await _tell_the_same_story_again(pilot, app)
        await pilot.press("s")                      # same person
        await wait_for(pilot, lambda: case_shown(app))
        assert app.screen.case_id == first_case
        with app.workspace.store.read() as session:
            assert len(session.exec(select(Case)).all()) == 1
            record = load_case(session, first_case)
    assert sorted(s.outlet for s in record.sources) == ["Azattyq", "RFA"]
    assert sorted(n.text for n in record.names) == ["Yerzhanat Abai", "Ержанат Абай"]
    assert len(record.events) == 3  # the Cyrillic place is a new, separate report


async def test_a_failure_looking_for_the_person_on_file_is_said_and_saving_works_again(
        data_dir, monkeypatch):
    from caseworker.matching import candidates

    def broken(session, person):
        raise RuntimeError("index damaged near Yerzhanat Abai")

    monkeypatch.setattr("screens.cases.intake.find_candidates", broken)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        intake = app.screen
        await type_text(pilot, "Yerzhanat Abai")
        await tab_to(pilot, "col-type")  # a new case's event row starts with no type
        await choose(pilot, "Det")
        await tab_to(pilot, "col-at")
        await type_text(pilot, "2025-05-12T09:00")
        await pilot.press("tab")
        await type_text(pilot, "Zharkent")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        assert [str(n.message) for n in app._notifications if n.severity == "error"] == [
            "Not saved: an internal error (RuntimeError)."]
        assert app.screen is intake and not intake.saving
        monkeypatch.setattr("screens.cases.intake.find_candidates", candidates.find_candidates)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: case_shown(app))


async def test_not_sure_at_intake_is_kept_as_not_sure(data_dir):
    """"Not sure" keeps the person suggested: recorded as "different", they never would be."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        first_case = await _tell_the_same_story_again(pilot, app)
        await pilot.press("u")                      # not sure: a new case
        await wait_for(pilot, lambda: case_shown(app) and app.screen.case_id != first_case)
        with app.workspace.store.read() as session:
            cases = session.exec(select(Case)).all()
            decisions = [d.decision for d in session.exec(select(MatchDecision))]
    assert len(cases) == 2 and decisions == ["unsure"]
