"""`caseworker match NAME`: persons on file by any spelling, best first, with reasons."""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE
from tests.support.case_factory import seed_cases, seed_draft, simple_draft
from tests.support.cli_helpers import run_cli


@pytest.fixture(autouse=True)
def passphrase(monkeypatch, data_dir):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)


@pytest.fixture
def cases(data_dir):
    return seed_cases(data_dir, seed_draft("qalymbek-shahman"), seed_draft("yerzhanat-abai"),
                      simple_draft("Ilham Tohti", birth="1969"),
                      simple_draft("Ilham Tursun", birth="1990"))


def test_match_returns_the_documented_fields_best_first(capsys, cases):
    result = run_cli(capsys, "match", "Yilihamu Tuheti", "--json")
    assert result.code == 0, result.err
    found = result.json()
    assert set(found[0]) == {"person_id", "case_id", "display_name", "score", "reasons"}
    assert found[0]["case_id"] == cases[2] and found[0]["display_name"] == "Ilham Tohti"
    assert [p["score"] for p in found] == sorted((p["score"] for p in found), reverse=True)
    assert "yi- at the start is i-" in found[0]["reasons"][0]


def test_birth_year_and_county_are_evidence(capsys, cases):
    result = run_cli(capsys, "match", "伊力哈木", "--birth-year", "1990", "--json")
    assert result.json()[0]["case_id"] == cases[3]  # Ilham born 1990, not Ilham born 1969
    result = run_cli(capsys, "match", "Шахман Қалымбек", "--county", "Дөрбілжін", "--json")
    reasons = result.json()[0]["reasons"]
    assert "same home county Дөрбілжін = Emin county, Tacheng prefecture" in reasons


def test_explain_goes_to_stderr_beside_json_and_to_stdout_alone(capsys, cases):
    result = run_cli(capsys, "match", "Ye'erzhanati Abai", "--json", "--explain")
    assert result.json()[0]["case_id"] == cases[1]
    assert "epenthetic final vowel dropped" in result.err
    plain = run_cli(capsys, "match", "Ye'erzhanati Abai", "--explain")
    assert "spelling rules of Latin" in plain.out and "Yerzhanat Abai" in plain.out


def test_no_one_like_the_name_is_an_empty_list_and_a_sentence(capsys, cases):
    result = run_cli(capsys, "match", "Zhanibek Oralbay", "--json")
    assert result.code == 0 and result.json() == []
    assert result.err.strip() == "caseworker: no persons on file have a name like that."


@pytest.mark.parametrize("args, message", [
    (["", "--json"], "Give a name to match."),
    (["!!!"], "The name has no letters to match."),
    (["x" * 5000], "A name is at most 200 characters; this is 5000."),
    (["Ilham", "--birth-year", "soon"], "'soon' is not a year"),
    (["Ilham", "--birth-year", "1492"], "must be a year between 1900 and 2100"),
    (["Ilham", "--limit", "0"], "must be between 1 and 500"),
])
def test_bad_input_is_one_sentence_and_exit_2(capsys, cases, args, message):
    result = run_cli(capsys, "match", *args)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and message in result.err
    assert result.out == ""


def test_a_wrong_passphrase_is_exit_3(capsys, cases, monkeypatch):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", "not the passphrase at all")
    result = run_cli(capsys, "match", "Ilham")
    assert result.code == 3 and "Ilham" not in result.err


def test_explain_says_which_script_a_word_is_written_in(capsys, cases):
    """Issue 19, finding 16: a Cyrillic name was said to follow "the spelling rules of
    Latin", as if it had been written in Latin letters."""
    out = run_cli(capsys, "match", "Ержанат Абай", "--explain").out
    assert "ержанат: Russian Cyrillic, to Latin letters by that script's table" in out
    assert "ержанат: spelling rules of Latin" not in out
