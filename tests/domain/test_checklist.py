"""The checklist in the store: events start the clocks of their jurisdiction, deleting
an event cancels its items, people tick items off and enter court-set dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from caseworker.cases import case_write
from caseworker.cases.validation import validate_event
from caseworker.core.drafts import EventDraft
from caseworker.core.user_errors import UserError
from caseworker.deadlines.checklist_items import (
    EVENT_CORRECTED,
    EVENT_DELETED,
    open_deadlines,
    set_authority_due,
    tick_off,
)
from storage.tables import ChecklistItem
from tests.support.case_factory import NOW, ZONE, add_case, author, simple_draft
from tests.support.store_helpers import fingerprint


def _add(store, case_id, type_, at, **place) -> str:
    event = EventDraft(type=type_, at=at, **place)
    validate_event(event, ZONE, NOW)
    return case_write.add_event(store, case_id, event, author())


def _items(store, **where) -> dict[str, ChecklistItem]:
    with store.read() as session:
        query = select(ChecklistItem)
        for field, value in where.items():
            query = query.where(getattr(ChecklistItem, field) == value)
        return {item.clock_id: item for item in session.exec(query)}


def test_a_detention_in_kazakhstan_creates_the_48_and_72_hour_items(store):
    case_id = add_case(store, simple_draft("Yerzhanat Abai"))
    event_id = _add(store, case_id, "detained", "2025-05-12T09:00+05:00",
                    location_id="KZ-DET-ZHARKENT-IVS")
    items = _items(store, event_id=event_id)
    assert {"KZ-C1", "KZ-C2", "KZ-C3", "INT-UNHCR"} <= set(items)
    detained = datetime(2025, 5, 12, 4, 0, tzinfo=UTC)
    assert items["KZ-C1"].due == detained + timedelta(hours=48)
    assert items["KZ-C2"].due == detained + timedelta(hours=72)
    assert not items["KZ-C1"].verified and items["KZ-C2"].verified  # "verify locally"
    assert items["KZ-C2"].legal_basis == "CPC Art 587" and items["KZ-C2"].zone == "Asia/Almaty"


def test_an_extradition_decision_creates_the_supreme_court_appeal_due_in_10_days(store):
    case_id = add_case(store, simple_draft("Ershidin Israil"))
    _add(store, case_id, "extradition_decision", "2025-06-01T14:30+05:00")
    items = _items(store, case_id=case_id)
    assert items["KZ-C7"].due == datetime(2025, 6, 11, 9, 30, tzinfo=UTC)
    assert "Supreme Court" in items["KZ-C7"].action
    assert items["INT-CAT-114"].due == datetime(2025, 6, 2, 9, 30, tzinfo=UTC)


def test_custody_runs_40_days_from_the_detention_not_the_court_order(store):
    case_id = add_case(store, simple_draft("Kaster Musakhanuly"))
    _add(store, case_id, "detained", "2025-03-01")
    _add(store, case_id, "custody_ordered", "2025-03-03")
    custody = _items(store, case_id=case_id)["KZ-C4"]
    # 2025-03-01 known only to the day: counted from its midnight in Almaty
    assert custody.due == datetime(2025, 2, 28, 19, 0, tzinfo=UTC) + timedelta(days=40)


def test_a_detention_in_uzbekistan_uses_uzbek_law(store):
    case_id = add_case(store, simple_draft("Qalymbek Shahman"))
    event_id = _add(store, case_id, "detained", "2019-02-07T09:00+05:00", location="UZ-AP-TAS",
                    location_id="UZ-AP-TAS")
    items = _items(store, event_id=event_id)
    # Since the 2026-12 clocks: the Human Rights Committee route opens at the detention.
    assert set(items) == {"UZ-1", "INT-HRC-94-UZ"} and items["UZ-1"].zone == "Asia/Tashkent"


def test_an_event_outside_the_three_countries_starts_no_clock(store):
    case_id = add_case(store, simple_draft("Qalymbek Shahman"))
    event = EventDraft(type="detained", at="2019-01-04T10:00", zone="Asia/Bangkok")
    validate_event(event, ZONE, NOW)
    case_write.add_event(store, case_id, event, author())
    assert _items(store, case_id=case_id) == {}


def test_deleting_the_event_cancels_its_items_and_says_why(store):
    case_id = add_case(store, simple_draft("Yerzhanat Abai"))
    event_id = _add(store, case_id, "detained", "2025-05-12T09:00+05:00")
    case_write.delete_event(store, event_id, author())
    items = _items(store, event_id=event_id)
    assert items and all(i.status == "cancelled" and i.note == EVENT_DELETED
                         for i in items.values())
    with store.read() as session:
        assert open_deadlines(session, NOW) == []


def test_correcting_the_event_moves_its_items_and_says_what_changed(store):
    from caseworker.cases.edit_drafts import draft_from_event
    from storage.tables import Event

    case_id = add_case(store, simple_draft("Yerzhanat Abai"))
    event_id = _add(store, case_id, "detained", "2025-05-12T09:00+05:00",
                    location_id="KZ-DET-ZHARKENT-IVS")
    item_id = _items(store, event_id=event_id)["KZ-C2"].id
    tick_off(store, _items(store, event_id=event_id)["KZ-C3"].id, author())
    with store.read() as session:
        draft = draft_from_event(session.get(Event, event_id))
    assert (draft.at, draft.location_id) == ("2025-05-12T09:00", "KZ-DET-ZHARKENT-IVS")
    draft.at = "2025-05-11T20:00"  # he was taken the evening before
    validate_event(draft, ZONE, NOW)
    changes = case_write.correct_event(store, event_id, draft, author())
    assert "KZ-C2 due 2025-05-15 09:00 → 2025-05-14 20:00" in changes
    items = _items(store, event_id=event_id)
    assert items["KZ-C2"].id == item_id  # the same item, moved, with its history
    assert items["KZ-C2"].due == datetime(2025, 5, 11, 15, 0, tzinfo=UTC) + timedelta(hours=72)
    assert items["KZ-C3"].status == "done"  # what was done stays done
    # corrected to an event that starts no clock: its open items are cancelled, with why
    draft.type = "other"
    validate_event(draft, ZONE, NOW)
    changes = case_write.correct_event(store, event_id, draft, author())
    assert "KZ-C2 cancelled" in changes
    assert _items(store, event_id=event_id)["KZ-C2"].note == EVENT_CORRECTED


def test_an_event_typed_with_an_offset_not_its_zone_opens_for_correction(store):
    from caseworker.cases.edit_drafts import draft_from_event
    from storage.tables import Event

    case_id = add_case(store, simple_draft("Qalymbek Shahman"))
    event_id = _add(store, case_id, "detained", "2019-01-04T10:00+03:00")  # Moscow time
    with store.read() as session:
        event = session.get(Event, event_id)
        draft = draft_from_event(event)
    assert (event.zone, draft.at) == ("+03:00", "2019-01-04T10:00")


def test_ticking_off_records_who_and_when_and_twice_is_refused(store):
    case_id = add_case(store, simple_draft("Yerzhanat Abai"))
    _add(store, case_id, "detained", "2025-05-12T09:00+05:00")
    item = _items(store, case_id=case_id)["KZ-C1"]
    done = tick_off(store, item.id, author("lawyer Aigerim", NOW), "protocol copy received")
    assert (done.status, done.done_by, done.done_at, done.note) == (
        "done", "lawyer Aigerim", NOW, "protocol copy received")
    before = fingerprint(store)
    with pytest.raises(UserError, match="already done"):
        tick_off(store, item.id, author())
    with pytest.raises(UserError, match="No checklist item"):
        tick_off(store, "nope", author())
    assert fingerprint(store) == before


def test_a_date_set_by_the_court_overrides_the_template(store):
    case_id = add_case(store, simple_draft("Kaster Musakhanuly"))
    _add(store, case_id, "extradition_request", "2025-04-01")
    arrest = _items(store, case_id=case_id)["KZ-C5"]
    assert arrest.due is None  # the order sets it: someone must enter it
    before = fingerprint(store)
    for bad, message in (("next week", "date set by the authority"),
                         ("2025-06", "needs at least a day")):
        with pytest.raises(UserError, match=message):
            set_authority_due(store, arrest.id, bad, author())
    assert fingerprint(store) == before
    changed = set_authority_due(store, arrest.id, "2025-09-30", author())
    assert changed.due == datetime(2025, 9, 29, 19, 0, tzinfo=UTC)
    assert changed.due_set_by == "authority"


def test_open_deadlines_come_soonest_first_and_within_a_window(store):
    case_id = add_case(store, simple_draft("Yerzhanat Abai"))
    _add(store, case_id, "detained", "2026-11-22T10:00+05:00")
    _add(store, case_id, "extradition_request", "2026-11-22")
    now = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
    with store.read() as session:
        every = open_deadlines(session, now)
        soon = open_deadlines(session, now, within=timedelta(hours=48))
    assert every[0].clock_id == "KZ-C5"  # no date yet: finding it comes first
    dated = [item.due for item in every if item.due]
    assert dated == sorted(dated)
    assert {item.clock_id for item in soon} == {"KZ-C1", "INT-UNHCR"}


def test_a_tashkent_airport_detention_offers_the_hrc_interim_measures_item(store):
    case_id = add_case(store, simple_draft("Qalymbek Shahman"))
    event_id = _add(store, case_id, "detained", "2019-02-07T09:00+05:00",
                    location="Tashkent airport transit zone")
    hrc = _items(store, event_id=event_id)["INT-HRC-94-UZ"]
    assert "Rule 94" in hrc.action and "CCPR/C/3/Rev.11" in hrc.legal_basis
    assert hrc.jurisdiction == "UZ" and hrc.due == datetime(2019, 2, 8, 4, 0, tzinfo=UTC)


def test_the_wgad_reply_counts_from_the_transmission_not_the_custody_order(store):
    case_id = add_case(store, simple_draft("Yerzhanat Abai"))
    _add(store, case_id, "detained", "2025-05-12T09:00+05:00", location_id="KZ-DET-ZHARKENT-IVS")
    custody = _add(store, case_id, "custody_ordered", "2025-05-14T10:00+05:00",
                   location_id="KZ-DET-ZHARKENT-IVS")
    assert "INT-WGAD" not in _items(store, event_id=custody)
    sent = _add(store, case_id, "wgad_transmitted", "2025-07-01T12:00+05:00",
                location_id="KZ-DET-ZHARKENT-IVS")
    wgad = _items(store, event_id=sent)["INT-WGAD"]
    assert wgad.due.astimezone(ZoneInfo("Asia/Almaty")).date().isoformat() == "2025-08-30"


def test_two_months_of_custody_count_from_the_detention(store):
    case_id = add_case(store, simple_draft("Kaster Musakhanuly"))
    _add(store, case_id, "detained", "2025-03-01T09:00+05:00")
    _add(store, case_id, "charged", "2025-03-20T09:00+05:00")
    custody = _add(store, case_id, "custody_ordered", "2025-03-03T09:00+05:00")
    item = _items(store, event_id=custody)["KZ-C10"]
    # two months from 1 March (the detention), not from the order or the later charge
    assert item.due.astimezone(ZoneInfo("Asia/Almaty")).date().isoformat() == "2025-05-01"


def test_an_entry_into_kazakhstan_starts_the_visa_free_clock(store):
    case_id = add_case(store, simple_draft("Yerzhanat Abai"))
    entry = _add(store, case_id, "crossed_border", "2025-03-27T15:00+05:00",
                 location_id="KZ-BC-NURZHOLY")
    items = _items(store, event_id=entry)
    stay = items["KZ-VISA-FREE"]
    assert stay.due.astimezone(ZoneInfo("Asia/Almaty")).date().isoformat() == "2025-04-26"
    assert "90 days in any 180" in stay.as_stated and stay.verified
    assert items["KZ-A1"].due == datetime(2025, 3, 28, 10, 0, tzinfo=UTC)  # 24 hours


def test_an_uzbek_extradition_ruling_gives_20_days_to_the_supreme_court(store):
    case_id = add_case(store, simple_draft("Qalymbek Shahman"))
    decided = _add(store, case_id, "extradition_decision", "2026-11-02T10:00+05:00",
                   location_id="UZ-SIZO-TASHREG-1")
    first = _items(store, event_id=decided)
    assert "UZ-EX1" in first and "INT-CAT-114" not in first  # no CAT route from Uzbekistan
    assert not first["UZ-EX1"].verified  # the complaint's term was not found
    ruled = _add(store, case_id, "extradition_ruling", "2026-11-10T10:00+05:00",
                 location_id="UZ-SIZO-TASHREG-1")
    appeal = _items(store, event_id=ruled)["UZ-EX2"]
    assert appeal.due == datetime(2026, 11, 30, 5, 0, tzinfo=UTC)
    assert "10 days" in appeal.as_stated and "Supreme Court" in appeal.action


def test_kyrgyz_cases_go_to_unhcr_in_bishkek(store):
    case_id = add_case(store, simple_draft("Test Person"))
    event_id = _add(store, case_id, "detained", "2026-11-20T10:00+06:00",
                    location_id="KG-SIZO-BISHKEK-1")
    items = _items(store, event_id=event_id)
    assert "INT-UNHCR-KG" in items and "INT-UNHCR" not in items
    assert "Bishkek" in items["INT-UNHCR-KG"].action


def test_place_words_decide_the_country_and_unknown_places_start_nothing(store):
    case_id = add_case(store, simple_draft("Qalymbek Shahman"))
    abroad = _add(store, case_id, "crossed_border", "2019-01-04", location="Thailand")
    tashkent = _add(store, case_id, "detained", "2019-02-07T09:00+05:00",
                    location="Tashkent airport transit zone")
    assert _items(store, event_id=abroad) == {}  # not an arrival in Kazakhstan
    assert set(_items(store, event_id=tashkent)) == {"UZ-1", "INT-HRC-94-UZ"}
    zharkent = _add(store, case_id, "detained", "2025-05-12", location="Zharkent police")
    assert "KZ-C1" in _items(store, event_id=zharkent)
