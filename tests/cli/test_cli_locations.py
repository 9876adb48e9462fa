"""`locations search` and `locations show`, and events linked by place id from the CLI."""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE
from tests.support.cli_helpers import run_cli


@pytest.fixture(autouse=True)
def passphrase(monkeypatch, data_dir):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)


def test_search_returns_the_documented_fields_best_first(capsys):
    result = run_cli(capsys, "locations", "search", "Jarkent", "--json", "--limit", "3")
    assert result.code == 0, result.err
    places = result.json()
    assert len(places) <= 3
    assert places[0]["id"] in {"KZ-DET-ZHARKENT-IVS", "KZ-TOWN-ZHARKENT"}
    assert {"id", "name", "type", "country", "distance_to_border_km", "nearest_crossing",
            "score"} <= set(places[0])
    assert places[0]["nearest_crossing"] == "Nur Zholy / Khorgos crossing"
    assert [p["score"] for p in places] == sorted((p["score"] for p in places), reverse=True)


@pytest.mark.parametrize("query", ["", "ქართული", "x" * 5000])
def test_no_match_is_an_empty_list_and_a_plain_sentence(capsys, query):
    result = run_cli(capsys, "locations", "search", query, "--json")
    assert result.code == 0
    assert result.json() == []
    assert result.err.strip() == "caseworker: no places found for that search."


@pytest.mark.parametrize("limit", ["0", "-1", "many", "501"])
def test_a_bad_limit_is_a_usage_error(capsys, limit):
    result = run_cli(capsys, "locations", "search", "Almaty", "--limit", limit)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1


def test_show_gives_every_name_the_distance_and_the_cases(capsys, tmp_path):
    case = tmp_path / "case.json"
    case.write_text('{"person": {"names": [{"text": "Yerzhanat Abai"}]}, "situation": '
                    '"detained", "events": [{"type": "detained", "at": "2025-05-12T09:00", '
                    '"location": "KZ-DET-ZHARKENT-IVS"}]}')
    added = run_cli(capsys, "case", "add", str(case))
    assert added.code == 0, added.err
    case_id = added.json()["id"]
    shown = run_cli(capsys, "case", "show", case_id, "--json").json()
    event = shown["events"][0]
    assert event["location"] == event["location_id"] == "KZ-DET-ZHARKENT-IVS"
    assert event["zone"] == "Asia/Almaty" and event["at"].startswith("2025-05-12T09:00")
    place = run_cli(capsys, "locations", "show", "KZ-DET-ZHARKENT-IVS", "--json").json()
    assert place["names"]["ru"].startswith("ИВС") and "Жаркент" in place["all_names"]
    assert place["distance_kind"] == "straight-line"
    assert 27 <= place["distance_to_border_km"] <= 33
    assert [c["id"] for c in place["cases"]] == [case_id]


def test_an_event_at_tashkent_airport_counts_in_tashkent_time(capsys, tmp_path):
    case = tmp_path / "case.json"
    case.write_text('{"person": {"names": [{"text": "Qalymbek Shahman"}]}}')
    case_id = run_cli(capsys, "case", "add", str(case)).json()["id"]
    added = run_cli(capsys, "event", "add", case_id, "--type", "denied_entry",
                    "--at", "2019-02-01T10:00", "--location", "UZ-AP-TAS")
    assert added.code == 0, added.err
    event = run_cli(capsys, "case", "show", case_id, "--json").json()["events"][0]
    assert event["zone"] == "Asia/Tashkent" and event["at_utc"] == "2019-02-01T05:00:00.000Z"


def test_show_an_unknown_place_is_one_line_and_exit_2(capsys):
    result = run_cli(capsys, "locations", "show", "KZ-NOWHERE")
    assert result.code == 2
    assert result.err.strip() == "caseworker: there is no place with the id 'KZ-NOWHERE'"


def test_changes_say_what_the_last_gazetteer_upgrade_did(capsys):
    from caseworker.places.gazetteer import shipped_gazetteer

    result = run_cli(capsys, "locations", "changes", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["gazetteer_version"] == shipped_gazetteer().version
    assert "Added KG-BC-BEDEL (Bedel crossing)." in data["changes"]
    plain = run_cli(capsys, "locations", "changes")
    assert plain.out.startswith(f"Gazetteer version {shipped_gazetteer().version}:")
