"""`caseworker deadlines`: open items across open cases, soonest first, as JSON."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from caseworker.core.drafts import EventDraft
from tests.conftest import PASSPHRASE
from tests.support.case_factory import seed_cases, simple_draft
from tests.support.cli_helpers import run_cli


@pytest.fixture(autouse=True)
def passphrase(monkeypatch, data_dir):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)


def _soon(hours: float) -> str:
    """A time `hours` from now as a reporter in Kazakhstan writes it (UTC+5)."""
    local = datetime.now(UTC) + timedelta(hours=hours + 5)
    return local.strftime("%Y-%m-%dT%H:%M+05:00")


@pytest.fixture
def cases(data_dir):
    from caseworker.cases.validation import validate_case

    detained = simple_draft("Yerzhanat Abai")
    detained.events = [EventDraft("detained", _soon(-30), location_id="KZ-DET-ZHARKENT-IVS")]
    decided = simple_draft("Ershidin Israil")
    decided.events = [EventDraft("extradition_decision", _soon(-1))]
    for draft in (detained, decided):
        validate_case(draft, "Asia/Almaty", datetime.now(UTC))
    return seed_cases(data_dir, detained, decided)


def test_deadlines_json_has_the_documented_fields_soonest_first(capsys, cases):
    result = run_cli(capsys, "deadlines", "--json")
    assert result.code == 0, result.err
    rows = result.json()
    assert {"case_id", "clock_id", "action", "due", "legal_basis", "verified"} <= set(rows[0])
    dues = [datetime.fromisoformat(r["due"]) for r in rows if r["due"]]
    assert dues == sorted(dues)
    appeal = next(r for r in rows if r["clock_id"] == "KZ-C7")
    assert appeal["case_id"] == cases[1] and appeal["legal_basis"] == "CPC Art 592"
    assert appeal["due"].endswith("+05:00")  # shown in Kazakhstan's zone


def test_within_keeps_what_is_due_soon_and_what_is_overdue_only_when_asked(capsys, cases):
    # Issue 19, finding 16: `--within 48h` listed items overdue by years; what is
    # overdue now takes --overdue
    soon = run_cli(capsys, "deadlines", "--json", "--within", "48h").json()
    assert soon and not any(r["overdue"] for r in soon)
    rows = run_cli(capsys, "deadlines", "--json", "--within", "48h", "--overdue").json()
    assert {r["clock_id"] for r in rows} >= {"KZ-C1", "KZ-C2", "KZ-C3", "INT-CAT-114"}
    assert {r["clock_id"] for r in soon} == {r["clock_id"] for r in rows if not r["overdue"]}
    assert "KZ-C7" not in {r["clock_id"] for r in rows}  # ten days away
    assert all(r["due"] for r in rows)


def test_clocks_passed_before_intake_are_listed_only_with_overdue(capsys, cases, data_dir):
    seed_cases(data_dir, seed_draft_of_2019())
    every = run_cli(capsys, "deadlines", "--json").json()
    assert not any(r["passed_before_intake"] for r in every)
    old = run_cli(capsys, "deadlines", "--json", "--overdue").json()
    assert any(r["passed_before_intake"] for r in old)
    plain = run_cli(capsys, "deadlines", "--overdue").out
    assert "passed before the case was entered" in plain and "OVERDUE" not in plain


def seed_draft_of_2019():
    from tests.support.case_factory import seed_draft

    return seed_draft("qalymbek-shahman")


def test_plain_output_marks_unverified_clocks(capsys, cases):
    result = run_cli(capsys, "deadlines")
    assert "verify locally" in result.out and "KZ-C7" in result.out
    # in words: whose, which clock, when in whose clock, how long is left
    assert "Ershidin Israil: KZ-C7, due " in result.out and " Almaty time, in " in result.out


@pytest.mark.parametrize("span", ["soon", "48", "0h", "h", "9999d"])
def test_a_bad_window_is_one_sentence_and_exit_2(capsys, cases, span):
    result = run_cli(capsys, "deadlines", "--within", span)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1


def test_ics_has_one_entry_per_dated_item_with_alarms_and_no_names(capsys, cases, tmp_path):
    from icalendar import Calendar

    path = tmp_path / "deadlines.ics"
    result = run_cli(capsys, "deadlines", "--ics", str(path), "--details")
    assert result.code == 0, result.err
    assert "not encrypted" in result.err
    calendar = Calendar.from_ical(path.read_bytes())
    entries = [c for c in calendar.walk("VEVENT")]
    rows = run_cli(capsys, "deadlines", "--json").json()
    assert len(entries) == sum(1 for r in rows if r["due"])
    appeal = next(e for e in entries if str(e["summary"]).startswith("KZ-C7"))
    due = next(r["due"] for r in rows if r["clock_id"] == "KZ-C7")
    assert appeal.decoded("dtstart") == datetime.fromisoformat(due)
    alarms = [a for a in appeal.walk("VALARM")]
    assert alarms and all(a.decoded("trigger") < timedelta(0) for a in alarms)
    assert "CPC Art 592" in str(appeal["description"])
    # the file is outside the encrypted store: no one's name in it unless asked, and
    # no case id (the one the command line and bundle previews show), even with details
    text = path.read_text()
    assert "Israil" not in text and "Yerzhanat" not in text
    assert all(case_id[:6] not in text for case_id in cases)
    assert (path.stat().st_mode & 0o777) == 0o600
    run_cli(capsys, "deadlines", "--ics", str(path), "--names")
    assert "Ershidin Israil" in path.read_text()


def test_ics_by_default_holds_no_case_id_country_clock_or_legal_text(capsys, cases,
                                                                     tmp_path):
    from icalendar import Calendar

    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run_cli(capsys, "deadlines", "--ics", str(first)).code == 0
    assert run_cli(capsys, "deadlines", "--ics", str(second)).code == 0
    text = first.read_text()
    rows = run_cli(capsys, "deadlines", "--json").json()
    for case_id in cases:
        assert case_id[:6] not in text
    for row in rows:
        assert row["clock_id"] not in text and row["legal_basis"] not in text
    for word in ("Caseworker", "caseworker", "KZ-", "Kazakhstan", "CATEGORIES"):
        assert word not in text, word
    entries = list(Calendar.from_ical(first.read_bytes()).walk("VEVENT"))
    labels = {str(e["summary"]) for e in entries}
    assert len(entries) == sum(1 for r in rows if r["due"])
    assert 1 <= len(labels) <= len(cases) and all(x.startswith("Deadline ") for x in labels)
    # Pseudonyms and entry ids are drawn anew for every export: two do not link up.
    again = list(Calendar.from_ical(second.read_bytes()).walk("VEVENT"))
    assert {str(e["uid"]) for e in entries}.isdisjoint({str(e["uid"]) for e in again})


def test_ics_to_a_missing_folder_is_one_sentence(capsys, cases, tmp_path):
    result = run_cli(capsys, "deadlines", "--ics", str(tmp_path / "no" / "x.ics"))
    assert result.code == 2 and "existing folder" in result.err
    assert not (tmp_path / "no").exists()
