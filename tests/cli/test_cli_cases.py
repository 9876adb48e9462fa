"""`case add/list/show` and `event add`: round trips, and bad input that writes nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from caseworker.opening.unlocking import open_store
from tests.conftest import PASSPHRASE
from tests.support.cli_helpers import run_cli
from tests.support.paths import DATA
from tests.support.store_helpers import fingerprint


@pytest.fixture(autouse=True)
def passphrase(monkeypatch, data_dir):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)


def _add(capsys, path, *extra):
    return run_cli(capsys, "case", "add", str(path), *extra)


def _show(capsys, case_id):
    result = run_cli(capsys, "case", "show", case_id, "--json")
    assert result.code == 0, result.err
    return result.json()


@pytest.mark.parametrize("name", ["yerzhanat-abai", "qalymbek-shahman"])
def test_add_then_show_keeps_every_field(capsys, name):
    given = json.loads((DATA / f"{name}.json").read_text())
    added = _add(capsys, DATA / f"{name}.json")
    assert added.code == 0, added.err
    shown = _show(capsys, added.json()["id"])
    assert set(shown) >= {"id", "created_at", "updated_at"}
    for key, value in given.items():
        if key in ("person", "events", "sources"):
            continue
        assert shown[key] == value, key
    person = shown["person"]
    for key, value in given["person"].items():
        if key in ("names", "documents", "relatives", "contacts"):
            for stored, entry in zip(person[key], value, strict=True):
                assert {k: stored[k] for k in entry} == entry
        else:
            assert person[key] == value, key
    assert [n["script"] for n in person["names"]][-1] != ""  # detected when not given
    # The timeline is ordered by the earliest moment each date allows.
    stored_events = sorted(shown["events"], key=lambda e: e["type"])
    for stored, entry in zip(stored_events, sorted(given["events"], key=lambda e: e["type"]),
                             strict=True):
        assert stored["type"] == entry["type"] and stored["location"] == entry["location"]
        assert stored.get("note", "") == entry.get("note", "")
    for stored, entry in zip(shown["sources"], given["sources"], strict=True):
        assert {k: stored[k] for k in entry} == entry


def test_event_times_keep_their_instant_and_precision(capsys):
    case_id = _add(capsys, DATA / "qalymbek-shahman.json").json()["id"]
    events = {e["type"]: e for e in _show(capsys, case_id)["events"]}
    # Given with Tashkent's offset, which is not Almaty's (then UTC+6): shown as given.
    assert events["detained"]["at"] == "2019-02-07T09:00+05:00"
    assert events["detained"]["at_utc"] == "2019-02-07T04:00:00.000Z"
    assert events["denied_entry"]["precision"] == "month"
    # Known only to the day, in Tashkent: counted from midnight there.
    assert events["extradition_request"]["at_utc"] == "2019-02-06T19:00:00.000Z"


def test_shown_case_can_be_added_again_elsewhere(capsys, tmp_path):
    case_id = _add(capsys, DATA / "yerzhanat-abai.json").json()["id"]
    shown = tmp_path / "shown.json"
    shown.write_text(json.dumps(_show(capsys, case_id)))
    again = _add(capsys, shown, "--new")
    assert again.code == 0, again.err


def test_list_shows_open_cases(capsys):
    first = _add(capsys, DATA / "yerzhanat-abai.json").json()["id"]
    second = _add(capsys, DATA / "qalymbek-shahman.json").json()["id"]
    listing = run_cli(capsys, "case", "list", "--json").json()
    assert {row["id"] for row in listing} == {first, second}
    row = next(r for r in listing if r["id"] == second)
    assert row["display_name"] == "Qalymbek Shahman"
    assert row["situation"] == "detained" and row["status"] == "open"
    assert row["location"] == "Tashkent airport transit zone"


def test_event_add_by_short_id(capsys):
    case_id = _add(capsys, DATA / "yerzhanat-abai.json").json()["id"]
    added = run_cli(capsys, "event", "add", case_id[:8], "--type", "transferred",
                    "--at", "2025-05-20T10:00+05:00", "--location", "Taldykorgan SIZO",
                    "--note", "Moved at night")
    assert added.code == 0, added.err
    event = next(e for e in _show(capsys, case_id)["events"] if e["type"] == "transferred")
    assert (event["location"], event["note"]) == ("Taldykorgan SIZO", "Moved at night")
    assert event["at_utc"] == "2025-05-20T05:00:00.000Z"


def test_same_story_twice_is_refused_then_attached(capsys):
    case_id = _add(capsys, DATA / "yerzhanat-abai.json").json()["id"]
    before = _store_state()
    again = _add(capsys, DATA / "yerzhanat-abai.json")
    assert again.code == 2 and "already be on file" in again.err
    assert again.json()["possible_duplicates"][0]["case_id"] == case_id
    assert _store_state() == before
    attached = _add(capsys, DATA / "qalymbek-shahman.json", "--same-as", case_id)
    assert attached.code == 0
    assert len(run_cli(capsys, "case", "list", "--json").json()) == 1


def _store_state():
    from caseworker.core.data_dir import resolve_data_dir

    store = open_store(resolve_data_dir(None), PASSPHRASE)
    try:
        return fingerprint(store)
    finally:
        store.close()


def _case(**changes) -> dict:
    case = json.loads((DATA / "yerzhanat-abai.json").read_text())
    for path, value in changes.items():
        target = case
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return case


BAD_INPUT = {
    "missing name": (_case(person__names=[]), "person.names"),
    "no person": ({"situation": "detained"}, "person"),
    "impossible date": (_case(events__2__at="2025-13-40"), "events[2].at"),
    "birth after detention": (_case(person__birth_date="2025-06-01", person__age=None),
                              "person.birth_date"),
    "unknown event type": (_case(events__0__type="kidnapped"), "events[0].type"),
    "ten megabyte note": (_case(notes="x" * 10_000_000), "file is larger"),
    "unknown field": (_case(person__birthdate="2002"), "person.birthdate"),
    "wrong type": (_case(person__citizenships="CN"), "person.citizenships"),
    "bad country code": (_case(person__citizenships=["China"]), "citizenships[0]"),
    "bad PRC ID": (_case(person__documents=[{"kind": "prc_id", "number": "654001199001011231"}]),
                   "documents[0].number"),
    "bad url": (_case(sources__0__url="rfa.org/article"), "sources[0].url"),
}


@pytest.mark.parametrize("case_name", sorted(BAD_INPUT))
def test_bad_input_is_one_clear_line_and_writes_nothing(capsys, tmp_path, case_name):
    data, mentions = BAD_INPUT[case_name]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    before = _store_state()
    result = _add(capsys, path)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and mentions in result.err
    assert "Traceback" not in result.err
    assert _store_state() == before


def test_malformed_and_missing_files(capsys, tmp_path):
    before = _store_state()
    broken = tmp_path / "broken.json"
    broken.write_text('{"person": {"names": [')
    result = _add(capsys, broken)
    assert result.code == 2 and "not valid JSON" in result.err
    result = _add(capsys, tmp_path / "missing.json")
    assert result.code == 2 and "cannot read" in result.err
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert _add(capsys, binary).code == 2
    assert _store_state() == before


def test_bad_event_arguments_write_nothing(capsys):
    case_id = _add(capsys, DATA / "yerzhanat-abai.json").json()["id"]
    before = _store_state()
    for args in (["--type", "kidnapped", "--at", "2025-05-01"],
                 ["--type", "detained", "--at", "2025-13-40"],
                 ["--type", "detained", "--at", "2099-01-01"],
                 ["--type", "detained", "--at", "2025-05-01", "--zone", "Mars/Olympus"]):
        result = run_cli(capsys, "event", "add", case_id, *args)
        assert result.code == 2, args
        assert len(result.err.strip().splitlines()) == 1
    for bad_id in ("zzz", "abc", "0" * 32):
        assert run_cli(capsys, "case", "show", bad_id).code == 2
    assert _store_state() == before


def test_values_typed_by_the_user_never_reach_stderr(capsys, tmp_path):
    secret = "CANARY-Ержанат-2025"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_case(person__birth_date=secret)))
    result = _add(capsys, path)
    assert result.code == 2 and secret not in result.err


def test_created_and_updated_times_are_utc(capsys):
    case_id = _add(capsys, DATA / "yerzhanat-abai.json").json()["id"]
    shown = _show(capsys, case_id)
    created = datetime.fromisoformat(shown["created_at"].replace("Z", "+00:00"))
    assert created.tzinfo is not None and abs(datetime.now(UTC) - created).total_seconds() < 60


def test_plain_output_says_codes_in_words(capsys, tmp_path):
    """Issue 19, finding 16: plain output printed `at_liberty` and `crossed_border`."""
    data = json.loads((DATA / "yerzhanat-abai.json").read_text())
    data["situation"] = "at_liberty"
    path = tmp_path / "free.json"
    path.write_text(json.dumps(data))
    case_id = _add(capsys, path).json()["id"]
    listing = run_cli(capsys, "case", "list").out
    assert "At liberty" in listing and "at_liberty" not in listing
    shown = run_cli(capsys, "case", "show", case_id).out
    assert "(Open, At liberty)" in shown and "Crossed a border" in shown
    assert "crossed_border" not in shown and "[latn-press]" not in shown
