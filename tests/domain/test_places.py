"""The gazetteer: shipped places, search in any script, distance to the border, edits
that survive upgrades, and linking events to places."""

from __future__ import annotations

import pytest
from sqlmodel import select

from caseworker.cases.case_read import load_case
from caseworker.cases.place_changes import save_place
from caseworker.places.event_places import link_event_places
from caseworker.places.gazetteer import ShippedGazetteer, shipped_gazetteer, upgrade_gazetteer
from caseworker.places.place_records import InvalidPlace, PlaceDraft, draft_of, load_place
from caseworker.places.place_search import search_places
from storage.tables import Place
from tests.support.case_factory import NOW, add_case, author, simple_draft
from tests.support.store_helpers import fingerprint


def _ids(store, query: str, limit: int = 5) -> list[str]:
    with store.read() as session:
        return [hit.id for hit in search_places(session, query, limit)]


def test_the_shipped_gazetteer_is_loaded_with_the_draft_ids(store):
    with store.read() as session:
        ids = set(session.exec(select(Place.id)))
        ivs = session.get(Place, "KZ-DET-ZHARKENT-IVS")
    assert {"KZ-DET-ZHARKENT-IVS", "UZ-AP-TAS", "KZ-BC-NURZHOLY"} <= ids
    # The 45 places of the research draft, and the 11 the December 2026 check added.
    assert len(ids) == len(shipped_gazetteer().places) == 56
    assert ivs.type == "ivs" and ivs.country == "KZ"
    assert ivs.region.startswith("Zhetysu") and ivs.region_before_2022 == "Almaty Region"
    assert ivs.name_ru.startswith("ИВС") and ivs.precision_km == 3.0 and ivs.sources


@pytest.mark.parametrize("query", ["Zharkent", "Zarkent", "Jarkent", "Dzharkent", "Жаркент",
                                   "Panfilov", "Zharkemt", "zharkent ivs", "ZHARK"])
def test_every_spelling_of_zharkent_finds_it(store, query):
    assert "KZ-DET-ZHARKENT-IVS" in _ids(store, query, 3)


@pytest.mark.parametrize("query", ["Khorgos", "Khorgas", "Horgos", "Қорғас", "霍尔果斯", "Хоргос",
                                   "Horgoss", "Qorghas", "霍尔"])
def test_every_spelling_of_khorgos_finds_the_crossing_first(store, query):
    assert _ids(store, query, 3)[0] == "KZ-BC-NURZHOLY"


@pytest.mark.parametrize("query", ["Tashkent airport", "Taskent airport", "аэропорт Ташкент",
                                   "TAS", "Toshkent aeroporti", "Ташкент әуежайы",
                                   "Ташкент әуежайының транзит аймағы"])
def test_tashkent_airport_is_found_first(store, query):
    assert _ids(store, query)[0] == "UZ-AP-TAS"


def test_bishkek_airport_is_found_in_kazakh(store):
    assert _ids(store, "Бішкек әуежайы")[0] == "KG-AP-FRU"


@pytest.mark.parametrize("query", ["Tashturma", "Таштюрьма", "Zangiata", "Toshturma",
                                   "Zangiota SIZO"])
def test_the_zangiata_prison_is_found_as_tashturma_first(store, query):
    found = _ids(store, query)
    assert found[0] == "UZ-SIZO-TASHREG-1"


def test_the_old_tashturma_site_is_kept_closed(store):
    assert "UZ-SIZO-TASHKENT-1" in _ids(store, "old Tashturma")
    with store.read() as session:
        old = session.get(Place, "UZ-SIZO-TASHKENT-1")
    assert old.closed and "Zangiata" in old.notes


@pytest.mark.parametrize("query", ["Bedel", "Бедел", "Bedel pass"])
def test_bedel_finds_the_crossing(store, query):
    assert _ids(store, query, 3)[0] == "KG-BC-BEDEL"


def test_the_regions_follow_the_2022_reform(store):
    with store.read() as session:
        kalzhat = session.get(Place, "KZ-BC-KALZHAT")
        dostyk = session.get(Place, "KZ-BC-DOSTYK")
        altynkol = session.get(Place, "KZ-BC-ALTYNKOL")
    assert kalzhat.region == "Almaty Region (Uygur district)"  # not moved to Zhetysu
    assert dostyk.region == "Zhetysu Region (Alakol district)"
    assert altynkol.region_before_2022 == "Almaty Region"


def test_a_stray_word_does_not_hide_the_place(store):
    assert _ids(store, "SIZO in Taldykorgan")[0] == "KZ-SIZO-TALDYKORGAN"


@pytest.mark.parametrize("query", ["", "   ", "x" * 5000, "ქართული ენა", "ئۈرۈمچى", "🙂🙂",
                                   "\x00\x1b[31m", '"*)(^'],
                         ids=["empty", "blank", "5000 chars", "georgian", "arabic", "emoji",
                              "control", "fts syntax"])
def test_nothing_or_nonsense_finds_no_places_without_error(store, query):
    assert _ids(store, query) == []


@pytest.mark.parametrize("query", ['Zharkent" OR "x', "NEAR(Zharkent IVS)", "Zharkent*",
                                   "-Zharkent"])
def test_search_syntax_in_a_query_is_just_text(store, query):
    assert "KZ-DET-ZHARKENT-IVS" in _ids(store, query)


def test_a_long_paste_costs_no_more_than_a_name(store):
    # A whole article pasted: only its first words are searched, and it still works.
    article = "Zharkent " + "lorem ipsum dolor " * 2000
    assert isinstance(_ids(store, article), list)


def test_zharkent_is_about_30_km_straight_line_from_khorgos(store):
    with store.read() as session:
        detail = load_place(session, "KZ-DET-ZHARKENT-IVS")
    assert detail.border.crossing_id == "KZ-BC-NURZHOLY"
    assert 27 <= detail.border.km <= 33
    assert "straight-line" in detail.border.describe()


def test_tashkent_measures_to_irkeshtam_and_a_crossing_to_itself(store):
    with store.read() as session:
        tashkent = load_place(session, "UZ-AP-TAS").border
        crossing = load_place(session, "KZ-BC-NURZHOLY").border
        rail = load_place(session, "KZ-BC-ALTYNKOL").border
    assert tashkent.crossing_id == "KG-BC-IRKESHTAM" and 400 < tashkent.km < 460
    assert crossing.km == 0 and crossing.crossing_id == "KZ-BC-NURZHOLY"
    # Rail crossings carry freight, not people: distances measure to road crossings.
    assert rail.crossing_id == "KZ-BC-NURZHOLY"


def test_a_crossing_that_stops_being_one_moves_every_distance(store):
    with store.read() as session:
        khorgos = draft_of(session.get(Place, "KZ-BC-NURZHOLY"))
    khorgos.type, khorgos.crossing_mode, khorgos.borders_china = "town", "", False
    save_place(store, khorgos, author())
    with store.read() as session:
        [hit] = search_places(session, "Zharkent IVS", 1)
    # Its distance in search results follows, though only the crossing was saved.
    assert hit.border.crossing_id == "KZ-BC-KALZHAT" and hit.border.km > 60


def _upgraded(entry_changes: dict) -> ShippedGazetteer:
    shipped = shipped_gazetteer()
    places = []
    for entry in shipped.places:
        entry = dict(entry)
        if entry["id"] in entry_changes:
            entry.update(entry_changes[entry["id"]])
        places.append(entry)
    places.append({**places[0], "id": "KZ-BC-NEW", "short_name": "New crossing"})
    return ShippedGazetteer(shipped.version + 1, places)


def test_a_users_correction_survives_a_gazetteer_upgrade(store):
    with store.read() as session:
        draft = draft_of(session.get(Place, "KZ-DET-ZHARKENT-IVS"))
    draft.lat, draft.lon = "44.1702", "80.0107"  # the building, geocoded by a caseworker
    draft.aliases = [*draft.aliases, "Zharkent police station"]
    save_place(store, draft, author())
    changed = upgrade_gazetteer(store, NOW, _upgraded({"KZ-DET-ZHARKENT-IVS": {
        "lat": 44.0, "lon": 80.5, "aliases": ["only this"], "notes": "Upgraded note."}}))
    assert "KZ-DET-ZHARKENT-IVS" in changed and "KZ-BC-NEW" in changed
    with store.read() as session:
        ivs = session.get(Place, "KZ-DET-ZHARKENT-IVS")
        assert session.get(Place, "KZ-BC-NEW") is not None
    assert (ivs.lat, ivs.lon) == (44.1702, 80.0107)
    assert "Zharkent police station" in ivs.aliases
    assert ivs.notes == "Upgraded note."  # fields nobody corrected follow the upgrade
    assert set(ivs.edited_fields) == {"lat", "lon", "aliases"}
    # An upgrade runs once: the same version again changes nothing.
    assert upgrade_gazetteer(store, NOW, _upgraded({})) == []


def test_an_upgrade_moves_events_at_a_closed_site_and_says_what_changed(store):
    from caseworker.core.drafts import EventDraft
    from caseworker.places.gazetteer import gazetteer_changes
    from storage.tables import Event

    draft = simple_draft("Test Person")
    draft.events = [EventDraft("detained", "2016-05-02", location_id="UZ-SIZO-TASHKENT-1"),
                    EventDraft("custody_ordered", "2019-03-01", location_id="UZ-SIZO-TASHKENT-1",
                               note="Seen by the lawyer")]
    from caseworker.cases.validation import validate_case

    validate_case(draft, "Asia/Tashkent", NOW)
    case_id = add_case(store, draft)
    with store.read() as session:
        draft = draft_of(session.get(Place, "UZ-SIZO-TASHREG-1"))
    draft.lat, draft.lon = "41.2101", "69.1422"  # a caseworker's own geocoding
    save_place(store, draft, author())
    shipped = shipped_gazetteer()
    places = [dict(entry, moved_in_version=shipped.version + 1)
              if entry.get("moved_to") else entry for entry in shipped.places]
    upgrade_gazetteer(store, NOW, ShippedGazetteer(shipped.version + 1, places))
    with store.read() as session:
        events = {e.type: e for e in session.exec(select(Event).where(Event.case_id == case_id))}
        new = session.get(Place, "UZ-SIZO-TASHREG-1")
        version, lines = gazetteer_changes(session)
    # Before the move the person was at the old site; after it, at Zangiata.
    assert events["detained"].location_id == "UZ-SIZO-TASHKENT-1"
    moved = events["custody_ordered"]
    assert moved.location_id == "UZ-SIZO-TASHREG-1" and moved.changed_by == "gazetteer"
    assert moved.note.startswith("Seen by the lawyer\n[Gazetteer")
    assert (new.lat, new.lon) == (41.2101, 69.1422)  # the correction is kept
    assert version == shipped.version + 1
    assert any(line.startswith("Kept your correction of UZ-SIZO-TASHREG-1") for line in lines)
    closed = next(line for line in lines if line.startswith("Closed UZ-SIZO-TASHKENT-1"))
    assert "1 event(s) on 1 case(s)" in closed and "1 earlier event(s)" in closed


def test_a_users_new_place_is_searchable_and_untouched_by_upgrades(store):
    place_id = save_place(store, PlaceDraft(short_name="Kegen police station", type="ivs",
                                            country="kz", lat="43.02", lon="79.22",
                                            aliases=["Кеген ИВС"]), author())
    assert place_id.startswith("KZ-KEGEN-POLICE-STATION-")
    assert _ids(store, "Кеген")[0] == place_id
    upgrade_gazetteer(store, NOW, _upgraded({}))
    with store.read() as session:
        assert session.get(Place, place_id).short_name == "Kegen police station"


@pytest.mark.parametrize(("change", "field"), [
    ({"short_name": ""}, "short_name"),
    ({"type": "castle"}, "type"),
    ({"country": "Kazakhstan"}, "country"),
    ({"lat": "91"}, "lat"),
    ({"lat": "north"}, "lat"),
    ({"lat": "44.1", "lon": ""}, "lon"),
    ({"precision_km": "-3"}, "precision_km"),
    ({"crossing_mode": "road"}, "crossing_mode"),
    ({"aliases": ["x" * 5000]}, "aliases[0]"),
])
def test_a_bad_place_is_refused_naming_the_field_and_changes_nothing(store, change, field):
    before = fingerprint(store)
    draft = PlaceDraft(short_name="Somewhere", type="town", country="KZ")
    for key, value in change.items():
        setattr(draft, key, value)
    with pytest.raises(InvalidPlace) as refused:
        save_place(store, draft, author())
    assert refused.value.problems[0].path == field
    assert fingerprint(store) == before


def test_a_place_id_in_a_file_links_the_event_and_sets_its_zone(store):
    draft = simple_draft("Qalymbek Shahman")
    from caseworker.cases.validation import validate_event
    from caseworker.core.drafts import EventDraft

    events = [EventDraft("denied_entry", "2019-02-01T10:00", location="UZ-AP-TAS"),
              EventDraft("detained", "2019-02-02", location="somewhere near Tashkent")]
    with store.read() as session:
        link_event_places(session, events)
    for event in events:
        validate_event(event, "Asia/Almaty", NOW)
    assert events[0].location_id == "UZ-AP-TAS" and events[0].zone == "Asia/Tashkent"
    assert events[1].location_id is None and events[1].location == "somewhere near Tashkent"
    draft.events = events
    case_id = add_case(store, draft)
    with store.read() as session:
        record = load_case(session, case_id)
        detail = load_place(session, "UZ-AP-TAS")
    assert record.event_place(record.events[0]) == "Tashkent airport (TAS)"
    assert record.event_place(record.events[1]) == "somewhere near Tashkent"
    assert detail.cases == []  # the later, unlinked event is the last known place


def test_the_place_lists_the_cases_last_seen_there_and_renames_follow(store):
    from caseworker.core.drafts import EventDraft

    draft = simple_draft("Yerzhanat Abai")
    draft.events = [EventDraft("detained", "2025-05-12", location_id="KZ-DET-ZHARKENT-IVS")]
    from caseworker.cases.validation import validate_case

    validate_case(draft, "Asia/Almaty", NOW)
    case_id = add_case(store, draft)
    with store.read() as session:
        assert [c.case_id for c in load_place(session, "KZ-DET-ZHARKENT-IVS").cases] == [case_id]
        ivs = draft_of(session.get(Place, "KZ-DET-ZHARKENT-IVS"))
    ivs.short_name = "Zharkent IVS (Panfilov police)"
    save_place(store, ivs, author())
    from caseworker.cases.case_list import search_cases

    rows = search_cases(store, "Yerzhanat").rows
    assert rows[0].place == "Zharkent IVS (Panfilov police)"
