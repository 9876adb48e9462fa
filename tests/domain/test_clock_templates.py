"""Legal clock templates: the shipped data is complete and valid, events pick the right
clocks per country, due times count as the unit says, and bad templates are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from caseworker.core.partial_dates import parse_moment
from caseworker.deadlines.clock_templates import (
    InvalidTemplate,
    due_at,
    parse_templates,
    shipped_templates,
)

SECTION_1_CLOCKS = {"KZ-C1", "KZ-C2", "KZ-C3", "KZ-C4", "KZ-C5", "KZ-C6", "KZ-C7", "KZ-C10",
                    "KZ-C11", "KZ-A1", "KZ-A2", "KZ-A3", "KZ-A4", "KZ-E1", "UZ-1", "KG-1",
                    "KG-2", "INT-CAT-114", "INT-HRC-94", "INT-WGAD", "INT-UNHCR"}


def _by_id():
    return {t.id: t for t in shipped_templates().templates}


def test_every_researched_clock_ships_and_is_valid():
    shipped = shipped_templates()
    assert shipped.version
    assert set(_by_id()) >= SECTION_1_CLOCKS
    for template in shipped.templates:
        assert template.as_stated and template.legal_basis and template.sources


def test_a_detention_in_kazakhstan_starts_the_48_and_72_hour_clocks():
    clocks = {t.id: t for t in shipped_templates().for_event("detained", "KZ")}
    assert {"KZ-C1", "KZ-C2", "KZ-C3", "INT-UNHCR"} <= set(clocks)
    start = datetime(2025, 5, 12, 4, 0, tzinfo=UTC)
    assert due_at(clocks["KZ-C1"], start, "Asia/Almaty") == start + timedelta(hours=48)
    assert due_at(clocks["KZ-C2"], start, "Asia/Almaty") == start + timedelta(hours=72)
    assert due_at(clocks["KZ-C3"], start, "Asia/Almaty") == start + timedelta(hours=60)
    assert "UZ-1" not in clocks and "KG-1" not in clocks


def test_an_extradition_decision_gives_the_supreme_court_appeal_in_10_days():
    clocks = {t.id: t for t in shipped_templates().for_event("extradition_decision", "KZ")}
    appeal = clocks["KZ-C7"]
    assert appeal.legal_basis == "CPC Art 592" and appeal.verified
    start = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)
    assert due_at(appeal, start, "Asia/Almaty") == start + timedelta(days=10)
    assert "INT-CAT-114" in clocks
    # a CAT complaint is open against Kazakhstan only, as far as verified
    assert "INT-CAT-114" not in {t.id for t in shipped_templates().for_event(
        "extradition_decision", "UZ")}


def test_unverified_clocks_say_so_and_a_court_set_term_has_no_due_time():
    by_id = _by_id()
    assert not by_id["KZ-C1"].verified and not by_id["KZ-C6"].verified
    assert by_id["KZ-C6"].duration == 72  # the shortest plausible default
    assert due_at(by_id["KZ-C5"], datetime(2025, 1, 1, tzinfo=UTC), "Asia/Almaty") is None


def test_an_event_known_only_to_the_day_counts_from_its_local_midnight():
    moment = parse_moment("2025-05-12", "Asia/Almaty")
    assert moment.at == datetime(2025, 5, 11, 19, 0, tzinfo=UTC)  # 00:00 in Almaty (UTC+5)
    due = due_at(_by_id()["KZ-C1"], moment.at, "Asia/Almaty")
    assert due == datetime(2025, 5, 13, 19, 0, tzinfo=UTC)


def test_calendar_days_and_months_end_at_the_start_of_the_last_local_day():
    by_id = _by_id()
    late_evening = datetime(2025, 3, 3, 18, 30, tzinfo=UTC)  # 23:30 in Almaty, 00:30 Bishkek
    due = due_at(by_id["KZ-A4"], late_evening, "Asia/Almaty")
    assert due == datetime(2025, 3, 13, tzinfo=due.tzinfo) and due.utcoffset().seconds == 5 * 3600
    kg = due_at(by_id["KG-2"], late_evening, "Asia/Bishkek")
    assert kg.date().isoformat() == "2025-03-07"  # already 4 March in Bishkek
    end_of_january = datetime(2024, 1, 31, 6, 0, tzinfo=UTC)
    assert due_at(by_id["KZ-A3"], end_of_january, "Asia/Almaty").date().isoformat() == "2024-04-30"
    assert due_at(by_id["KZ-C10"], end_of_january, "Asia/Almaty").date().isoformat() == "2024-03-31"


GOOD = """
version = "test"
[[clock]]
id = "X-1"
jurisdiction = "KZ"
track = "criminal"
trigger = "detained"
duration = 48
unit = "hours"
as_stated = "48 h"
action = "act"
who_acts = "lawyer"
legal_basis = "basis"
sources = ["https://example.org/law"]
confidence = "high"
verified = true
"""


def test_a_minimal_template_parses():
    [template] = parse_templates(GOOD).templates
    assert template.counted_from == "trigger" and template.alerts_hours == ()


@pytest.mark.parametrize("change, message", [
    (("unit = \"hours\"", "unit = \"fortnights\""), "clock X-1, unit: must be one of"),
    (("duration = 48", "duration = 0"), "duration: must be a whole number"),
    (("duration = 48", "duration = \"48\""), "duration: must be a whole number"),
    (("trigger = \"detained\"", "trigger = \"arrested\""), "trigger: must be one of"),
    (("jurisdiction = \"KZ\"", "jurisdiction = \"CN\""), "jurisdiction: must be one of"),
    (("verified = true", "verified = \"yes\""), "verified: must be true or false"),
    (("sources = [\"https://example.org/law\"]", "sources = [\"a book\"]"),
     r"sources\[0\]: must be a web address"),
    (("action = \"act\"", "action = \"\""), "action: is required"),
    (("confidence = \"high\"", "confidence = \"high\"\ncolour = \"red\""),
     "colour: is not a known field"),
    (("unit = \"hours\"", "unit = \"court_set\""), "duration: must be left out"),
    (("jurisdiction = \"KZ\"", "jurisdiction = \"INT\""), "applies_in: must list"),
    (("version = \"test\"", ""), "needs a version"),
    (("[[clock]]", "[[clock]"), "not valid TOML"),
])
def test_a_bad_template_is_refused_with_its_field_named(change, message):
    with pytest.raises(InvalidTemplate, match=message):
        parse_templates(GOOD.replace(*change))


def test_ids_must_be_unique():
    with pytest.raises(InvalidTemplate, match="appear twice: X-1"):
        parse_templates(GOOD + GOOD.split("\n", 2)[2])


def test_the_december_2026_corrections_are_in_the_shipped_clocks():
    by_id = _by_id()
    # Uzbekistan accepts Human Rights Committee communications (Optional Protocol, 1995)
    assert "UZ" in by_id["INT-HRC-94"].applies_in
    assert "CCPR/C/3/Rev.11" in by_id["INT-HRC-94"].legal_basis
    assert "CAT/C/3/Rev.6" in by_id["INT-CAT-114"].legal_basis
    assert {t.id for t in shipped_templates().for_event("detained", "UZ")} == {
        "UZ-1", "INT-HRC-94-UZ"}  # no UNHCR office in Uzbekistan
    assert {t.id for t in shipped_templates().for_event("detained", "KG")} >= {
        "KG-1", "INT-UNHCR-KG"}
    assert by_id["INT-WGAD"].trigger == "wgad_transmitted"
    assert (by_id["KZ-C10"].trigger, by_id["KZ-C10"].counted_from) == (
        "custody_ordered", "detained")
    assert "refusal does not mean release" in by_id["KZ-C3"].action
    assert "Art 18" in by_id["KZ-C1"].legal_basis and not by_id["KZ-C1"].verified
    assert (by_id["UZ-EX2"].duration, by_id["UZ-EX2"].unit) == (20, "days_24h")
    assert (by_id["KZ-VISA-FREE"].duration, by_id["KZ-VISA-FREE"].trigger) == (
        30, "crossed_border")
    assert by_id["KZ-E4"].unit == "court_set" and not by_id["KZ-E4"].verified
