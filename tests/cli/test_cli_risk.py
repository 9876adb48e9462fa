"""`caseworker risk ID`: the documented JSON, answers from the command line, and the risk
level and next deadline in `case list` and `case show`."""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE
from tests.support.case_factory import seed_cases, seed_draft
from tests.support.cli_helpers import run_cli


@pytest.fixture(autouse=True)
def passphrase(monkeypatch, data_dir):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)


@pytest.fixture
def qalymbek(data_dir) -> str:
    return seed_cases(data_dir, seed_draft("qalymbek-shahman"))[0]


def test_risk_json_has_the_documented_fields(capsys, qalymbek):
    result = run_cli(capsys, "risk", qalymbek[:8], "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert {"level", "score", "red_flags", "indicators", "protective", "gaps",
            "rules_version"} <= set(data)
    assert data["level"] == "CRITICAL"
    flags = {flag["id"]: flag["reason"] for flag in data["red_flags"]}
    assert "Tashkent airport" in flags["RF-TRANSIT"]
    assert flags["RF-EXTRAD-DECISION"].startswith("event Extradition request on 2019-02-07")
    assert all({"id", "reason", "points"} <= set(i) for i in data["indicators"])
    assert all({"fact", "question", "todo"} <= set(g) for g in data["gaps"])
    assert "does not mean" in data["note"]


def test_answers_on_the_command_line_are_recorded_first(capsys, qalymbek):
    data = run_cli(capsys, "risk", qalymbek, "--json", "--answer",
                   "prc_officials_present=yes", "--answer", "publicity=no").json()
    assert "RF-PRC-PRESENCE" in {f["id"] for f in data["red_flags"]}
    assert "I-LOW-VISIBILITY" in {f["id"] for f in data["indicators"]}
    plain = run_cli(capsys, "risk", qalymbek)
    assert "RF-PRC-PRESENCE" in plain.out and "does not mean the person is safe" in plain.out


@pytest.mark.parametrize("args, problem", [
    (["--answer", "publicity"], "FACT=yes"),
    (["--answer", "publicity=perhaps"], "FACT=yes"),
    (["--answer", "weather=yes"], "not a question"),
])
def test_bad_answers_are_one_sentence_and_exit_2(capsys, qalymbek, args, problem):
    result = run_cli(capsys, "risk", qalymbek, *args)
    assert result.code == 2 and problem in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_an_unknown_case_is_exit_2(capsys, qalymbek):
    result = run_cli(capsys, "risk", "abcdef12")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1


def test_case_list_and_show_carry_risk_and_the_next_deadline(capsys, data_dir):
    from datetime import UTC, datetime

    from tests.support.case_factory import author

    # entered while he was held (clocks entered years later passed before intake)
    [qalymbek] = seed_cases(data_dir, seed_draft("qalymbek-shahman"),
                            who=author(now=datetime(2019, 2, 7, 5, 0, tzinfo=UTC)))
    rows = run_cli(capsys, "case", "list", "--json").json()
    assert rows[0]["risk_level"] == "CRITICAL" and rows[0]["next_deadline"]
    # The Human Rights Committee item (24 h, clocks 2026-12) comes before UZ-1 (48 h).
    assert rows[0]["next_action"].startswith("INT-HRC-94-UZ")
    shown = run_cli(capsys, "case", "show", qalymbek, "--json").json()
    assert shown["risk"]["level"] == "CRITICAL"
    assert [item["clock_id"] for item in shown["checklist"]] == ["INT-HRC-94-UZ", "UZ-1"]
    assert "Risk indicators: CRITICAL" in run_cli(capsys, "case", "show", qalymbek).out


def test_a_case_is_named_by_a_name_that_finds_one_case(capsys, data_dir):
    """Issue 19, finding 16: `risk Yerzhanat` answered "a case id is hexadecimal"."""
    from tests.support.case_factory import simple_draft

    yerzhanat, qalymbek, _ = seed_cases(data_dir, seed_draft("yerzhanat-abai"),
                                        seed_draft("qalymbek-shahman"),
                                        simple_draft("Nurlan Abai"))
    result = run_cli(capsys, "risk", "Yerzhanat", "--json")
    assert result.code == 0, result.err
    assert result.json()["case_id"] == yerzhanat
    # in another script, and in another spelling
    assert run_cli(capsys, "risk", "Қалымбек", "--json").json()["case_id"] == qalymbek
    assert run_cli(capsys, "risk", "Kalymbek Shakhman", "--json").json()["case_id"] == qalymbek
    # a name that finds two cases lists them, with their ids, in one line
    result = run_cli(capsys, "risk", "Abai")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert "2 cases match that name" in result.err
    assert f"{yerzhanat[:8]} Yerzhanat Abai" in result.err and "Nurlan Abai" in result.err
    assert run_cli(capsys, "risk", "Zhumabek").code == 2
    assert run_cli(capsys, "case", "show", "Yerzhanat", "--json").json()["id"] == yerzhanat
