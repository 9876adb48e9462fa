"""Saving, editing and reading cases: every change leaves a revision, nothing is lost."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from caseworker.cases import case_write
from caseworker.cases.case_list import search_cases
from caseworker.cases.case_read import case_history, load_case
from caseworker.cases.edit_drafts import draft_from_record
from caseworker.cases.history_text import describe
from caseworker.cases.validation import validate_case, validate_event
from caseworker.core.drafts import CaseDraft, EventDraft, NameDraft, PersonDraft, SourceDraft
from storage.tables import Case, CaseSummary, Event, NameForm, RecordHead, Revision
from tests.support.case_factory import NOW, ZONE, add_case, author, seed_draft, simple_draft


def test_a_new_case_leaves_one_revision_per_record(store):
    case_id = add_case(store, seed_draft("qalymbek-shahman"))
    with store.read() as session:
        # Shipped places have a first revision of their own, the gazetteer's (issue 17).
        revisions = session.exec(select(Revision).where(Revision.origin != "gazetteer")).all()
        heads = session.exec(select(RecordHead).where(RecordHead.table_name != "places")).all()
    assert {r.case_id for r in revisions} == {case_id}
    assert all(r.parents == [] and r.author == "tester" for r in revisions)
    # person, 2 names, 1 document, 2 relatives, 1 contact, case, 4 events, 2 sources,
    # 2 links, 1 note, and the two clocks the detention in Tashkent starts (Uzbek law's
    # 48 hours and the Human Rights Committee's interim measures)
    assert [r.table_name for r in revisions].count("checklist_items") == 2
    assert len(revisions) == 19 == len(heads)
    assert len({r.id for r in revisions}) == 19  # content hashes differ


def test_editing_records_what_changed_and_deletes_what_was_removed(store):
    case_id = add_case(store, seed_draft("qalymbek-shahman"))
    with store.read() as session:
        draft = draft_from_record(load_case(session, case_id))
    draft.person.ethnicity = "Kazakh (Xinjiang)"
    draft.person.names = [*draft.person.names[:1], NameDraft("Shahman Qalymbek")]
    draft.situation = "whereabouts_unknown"
    validate_case(draft, ZONE, NOW)
    later = author("coordinator", NOW + timedelta(hours=1))
    case_write.update_case(store, case_id, draft, later)
    with store.read() as session:
        record = load_case(session, case_id)
        history = case_history(session, case_id)
    assert [n.text for n in record.names] == ["Qalymbek Shahman", "Shahman Qalymbek"]
    assert record.person.ethnicity == "Kazakh (Xinjiang)"
    assert record.case.situation == "whereabouts_unknown"
    latest = [r for r in history if r.author == "coordinator"]
    lines = sorted(describe(r) for r in latest)
    assert "deleted" in lines
    assert "added: Shahman Qalymbek" in lines
    assert "ethnicity → Kazakh (Xinjiang)" in lines
    assert "situation → Whereabouts unknown" in lines  # in words, as the form says it
    assert all(r.parents for r in latest if describe(r) != "added: Shahman Qalymbek")
    # Untouched records got no new revision.
    assert len(latest) == 4


def test_saving_without_changes_adds_no_revision(store):
    case_id = add_case(store, seed_draft("yerzhanat-abai"))
    with store.read() as session:
        draft = draft_from_record(load_case(session, case_id))
        before = len(session.exec(select(Revision)).all())
    validate_case(draft, ZONE, NOW)
    case_write.update_case(store, case_id, draft, author())
    with store.read() as session:
        assert len(session.exec(select(Revision)).all()) == before


def test_attaching_a_second_report_keeps_both_and_notes_differences(store):
    case_id = add_case(store, seed_draft("yerzhanat-abai"))
    second = simple_draft("Ержанат Абай", situation="detained", reported_by="Azattyq")
    second.person.ethnicity = "Kazakh"
    second.person.home_place = "Toqquztara (Gongliu)"
    second.sources = [SourceDraft(url="https://www.azattyq.org/a/1", outlet="Azattyq")]
    validate_case(second, ZONE, NOW)
    differences = case_write.attach_to_case(store, case_id, second, author())
    with store.read() as session:
        record = load_case(session, case_id)
        cases = session.exec(select(Case)).all()
    assert len(cases) == 1
    assert sorted(n.text for n in record.names) == ["Yerzhanat Abai", "Ержанат Абай"]
    assert sorted(s.outlet for s in record.sources) == ["Azattyq", "RFA"]
    assert record.person.home_place == "Gongliu county, Ili prefecture, Xinjiang"
    assert "home place: Toqquztara (Gongliu)" in differences
    assert "reported by: Azattyq" in differences
    assert any("Toqquztara" in note.text for note in record.notes)


def test_one_article_about_two_people_is_one_source(store):
    url = "https://www.hrw.org/news/2020/01/09/kazakhstan-improper-prosecution"
    first = simple_draft("Kaster Musakhanuly", sources=[SourceDraft(url=url, outlet="HRW")])
    second = simple_draft("Murager Alimuly", sources=[SourceDraft(url=url, outlet="HRW")])
    add_case(store, first)
    add_case(store, second)
    with store.read() as session:
        from storage.tables import CaseSource, Source

        assert len(session.exec(select(Source)).all()) == 1
        assert len(session.exec(select(CaseSource)).all()) == 2


def test_events_added_and_deleted_update_the_summary_and_history(store):
    case_id = add_case(store, simple_draft("Yerzhanat Abai"))
    event = EventDraft(type="transferred", at="2025-05-20", location="Taldykorgan SIZO")
    validate_event(event, ZONE, NOW)
    event_id = case_write.add_event(store, case_id, event, author())
    with store.read() as session:
        assert session.get(CaseSummary, case_id).place == "Taldykorgan SIZO"
    case_write.delete_event(store, event_id, author())
    with store.read() as session:
        assert session.get(Event, event_id) is None
        assert session.get(CaseSummary, case_id).place == ""
        history = case_history(session, case_id)
    assert describe(history[0]) == "deleted" and history[0].record_id == event_id


def test_a_change_that_fails_half_way_writes_nothing(store, monkeypatch):
    case_id = add_case(store, simple_draft("Yerzhanat Abai"))
    with store.read() as session:
        before = session.exec(select(Revision)).all()

    def fail(*args):
        raise RuntimeError("disk full")

    # The event and its revision are written, then the summary refresh fails.
    monkeypatch.setattr(case_write, "refresh_case_views", fail)
    event = EventDraft(type="detained", at="2025-05-20")
    validate_event(event, ZONE, NOW)
    with pytest.raises(RuntimeError):
        case_write.add_event(store, case_id, event, author())
    with store.read() as session:
        assert session.exec(select(Revision)).all() == before
        assert session.exec(select(Event)).all() == []


def test_filter_finds_a_name_in_any_script(store):
    add_case(store, simple_draft("Qalymbek Shahman", situation="detained"))
    add_case(store, simple_draft("Сайрагүл Сауытбай", situation="released"))
    add_case(store, simple_draft("伊力哈木·土赫提"))
    def names(query: str) -> list[str]:
        return sorted(r.display_name for r in search_cases(store, query).rows)

    assert names("qalym") == ["Qalymbek Shahman"]
    assert names("Қалым") == ["Qalymbek Shahman"]         # Kazakh Cyrillic typed
    assert names("sauyt") == ["Сайрагүл Сауытбай"]        # Latin typed, Cyrillic stored
    assert names("土赫提") == ["伊力哈木·土赫提"]
    assert names("released") == ["Сайрагүл Сауытбай"]
    assert names("shahman detained") == ["Qalymbek Shahman"]
    assert names("nobody") == []
    assert names("zq") == []                               # two letters: matched directly
    assert names("sh") == ["Qalymbek Shahman"]
    assert len(names("")) == 3
    assert search_cases(store, "qalymbek").total == 1


def test_summaries_are_rebuilt_when_their_version_changes(store):
    from caseworker.cases import derived_data
    from storage.meta_values import set_meta

    case_id = add_case(store, simple_draft("Yerzhanat Abai"))
    with store.write() as session:
        session.exec(select(CaseSummary)).one().display_name = "stale"
        set_meta(session, "derived.case_summaries", "0")
    assert derived_data.bring_up_to_date(store) == ["derived.case_summaries"]
    with store.read() as session:
        assert session.get(CaseSummary, case_id).display_name == "Yerzhanat Abai"
    assert derived_data.bring_up_to_date(store) == []


def test_names_are_kept_exactly_as_typed(store):
    text = "  Qalymbek   SHAHMAN  "
    case_id = add_case(store, simple_draft(text))
    with store.read() as session:
        assert session.exec(select(NameForm.text)).one() == "Qalymbek   SHAHMAN"
        revision = session.exec(select(Revision).where(Revision.table_name == "name_forms")).one()
        assert json.loads(revision.fields)["text"] == "Qalymbek   SHAHMAN"
        assert revision.case_id == case_id


def test_the_same_event_from_a_second_outlet_adds_its_source_not_a_second_event(store):
    """Issue 17: the place's words differed between outlets (same type, day and linked
    place), and a second detention doubled every clock."""
    from storage.tables import ChecklistItem

    place = "KZ-DET-ZHARKENT-IVS"
    first = simple_draft("Yerzhanat Abai", situation="detained", sources=[
        SourceDraft(url="https://rus.azattyq.org/a/1", outlet="Azattyq")])
    first.events = [EventDraft("detained", "2026-11-20", location="Zharkent IVS",
                               location_id=place)]
    validate_case(first, ZONE, NOW)
    case_id = add_case(store, first)
    second = simple_draft("Ержанат Абай", situation="detained", sources=[
        SourceDraft(url="https://www.rferl.org/a/2", outlet="RFE/RL")])
    second.events = [EventDraft("detained", "2026-11-20T15:30+05:00",
                                location="the Panfilov district police station",
                                location_id=place),
                     EventDraft("detained", "2026-11-08", location="Zharkent IVS")]
    validate_case(second, ZONE, NOW)
    with store.read() as session:
        clocks = len(session.exec(select(ChecklistItem)).all())
    case_write.attach_to_case(store, case_id, second, author())
    with store.read() as session:
        record = load_case(session, case_id)
        items = session.exec(select(ChecklistItem)).all()
    detentions = sorted((e for e in record.events if e.type == "detained"), key=lambda e: e.at,
                        reverse=True)
    assert len(detentions) == 2  # the one of the 8th is another detention
    assert "Also reported by RFE/RL." in detentions[0].note
    assert detentions[0].source_id is not None
    assert sorted(s.outlet for s in record.sources) == ["Azattyq", "RFE/RL"]
    assert len(items) == 2 * clocks  # the second detention's clocks only, not the first's twice


def test_the_day_an_age_was_reported_is_stored_as_an_iso_date_however_typed(store):
    """Typed as on the intake screen (16.05.2025), it was stored as typed, so the case file
    and every reader met two forms of the same date (found typing the seeds in a terminal)."""
    draft = CaseDraft(person=PersonDraft(names=[NameDraft("Yerzhanat Abai")], age="23",
                                         age_on="16.05.2025"))
    validate_case(draft, ZONE, NOW)
    case_id = add_case(store, draft)
    with store.read() as session:
        person = load_case(session, case_id).person
    assert (person.age_reported, person.age_reported_on) == (23, "2025-05-16")
