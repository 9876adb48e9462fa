"""Risk indicators: the rules file, the facts, the levels of the seed cases, red flags
that wait on time, the questionnaire, and the order of the dashboard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from caseworker.cases import case_write
from caseworker.cases.open_cases import load_dashboard
from caseworker.cases.validation import validate_case, validate_event
from caseworker.core.drafts import EventDraft
from caseworker.core.user_errors import UserError
from caseworker.deadlines.checklist_items import tick_off
from caseworker.risk.assessment import assess_case
from caseworker.risk.questionnaire import answer_question
from caseworker.risk.risk_rules import FACT_KINDS, InvalidRules, parse_rules, shipped_rules
from storage.tables import ChecklistItem, RiskAnswer
from tests.support.case_factory import NOW, ZONE, add_case, author, seed_draft, simple_draft
from tests.support.store_helpers import fingerprint


def _assess(store, case_id, now=NOW):
    with store.read() as session:
        return assess_case(session, case_id, now)


def _ids(findings) -> set[str]:
    return {f.id for f in findings}


def _tick_all(store, case_id) -> None:
    with store.read() as session:
        items = session.exec(select(ChecklistItem.id).where(
            ChecklistItem.case_id == case_id, ChecklistItem.status == "open")).all()
    for item_id in items:
        tick_off(store, item_id, author())


def _at_place(store, type_: str, at: str, place_id: str, situation="detained") -> str:
    """A case with one event linked to a gazetteer place."""
    draft = simple_draft("Test Person", situation=situation)
    draft.events = [EventDraft(type=type_, at=at, location_id=place_id)]
    validate_case(draft, ZONE, NOW)
    return add_case(store, draft)


def _case(store, *events: tuple[str, str, str], situation="detained", **fields) -> str:
    draft = simple_draft("Test Person", situation=situation, **fields)
    draft.events = [EventDraft(type=t, at=at, location=where) for t, at, where in events]
    validate_case(draft, ZONE, NOW)
    return add_case(store, draft)


# -- the rules file ---------------------------------------------------------------------


def test_the_shipped_rules_are_valid_and_describe_every_fact_they_read():
    rules = shipped_rules()
    assert rules.version and rules.high_from == 8 and rules.elevated_from == 4
    read = {fact for rule in rules.rules for fact in rule.facts}
    assert read <= set(rules.facts) <= set(FACT_KINDS)
    assert {r.id for r in rules.layer("red_flag")} >= {
        "RF-EXTRAD-DECISION", "RF-TRANSIT", "RF-STATEMENT", "RF-PRC-PRESENCE",
        "RF-INCOMMUNICADO", "RF-RELEASE-48H", "RF-DEADLINE-48H"}
    assert all(rule.sources for rule in rules.rules)


_GOOD = """
version = "t"
[levels]
high_from = 8
elevated_from = 4
[facts.publicity]
ask = "Publicity?"
todo = "Ask."
[facts.next_deadline]
todo = "Enter dates."
[[red_flag]]
id = "RF-X"
text = "x"
when = [{ fact = "next_deadline", hours_before = 48 }]
sources = ["s"]
"""


@pytest.mark.parametrize("change, problem", [
    ('version = "t"', "needs a version"),
    ('fact = "next_deadline"', r"when\[0\]\.fact: is not described under \[facts\]"),
    ("hours_before = 48", "compare it with hours_after, hours_before"),
    ('[[red_flag]]\nid = "RF-X"', "rule ids appear twice"),
    ("high_from = 8", "levels.elevated_from: must be below high_from"),
    ("[facts.publicity]", "facts.nonsense: is not a fact this tool knows"),
])
def test_a_broken_rules_file_is_refused_with_the_rule_and_the_problem(change, problem):
    replacements = {
        'version = "t"': 'version = ""',
        'fact = "next_deadline"': 'fact = "publicity_x"',
        "hours_before = 48": 'is = "yes"',
        '[[red_flag]]\nid = "RF-X"': (
            '[[red_flag]]\nid = "RF-X"\ntext = "y"\nwhen = [{ fact = "publicity", '
            'is = "yes" }]\nsources = ["s"]\n[[red_flag]]\nid = "RF-X"'),
        "high_from = 8": "high_from = 3",
        "[facts.publicity]": "[facts.nonsense]",
    }
    parse_rules(_GOOD)  # the base is valid
    with pytest.raises(InvalidRules, match=problem):
        parse_rules(_GOOD.replace(change, replacements[change], 1))


def test_only_red_flags_may_wait_on_time_and_protective_points_are_negative():
    timed = _GOOD + ('[[indicator]]\nid = "I-T"\ntext = "t"\npoints = 2\n'
                     'when = [{ fact = "next_deadline", hours_before = 4 }]\nsources = ["s"]\n')
    with pytest.raises(InvalidRules,
                       match=r"indicator I-T, when\[0\]\.hours_before: only a red flag"):
        parse_rules(timed)
    positive = _GOOD + ('[[protective]]\nid = "P-T"\ntext = "t"\npoints = 2\n'
                        'when = [{ fact = "publicity", is = "yes" }]\nsources = ["s"]\n')
    with pytest.raises(InvalidRules, match="protective factor P-T, points: must be"):
        parse_rules(positive)


# -- the seed cases ---------------------------------------------------------------------


def test_yerzhanat_abai_is_critical_while_his_clocks_are_undone_then_elevated(store):
    # entered when he was detained, in May 2025: the 48/72-hour clocks ran out after
    # that, and nobody ticked them
    case_id = add_case(store, seed_draft("yerzhanat-abai"),
                       author(now=datetime(2025, 5, 1, 9, 0, tzinfo=UTC)))
    first = _assess(store, case_id)
    assert first.level == "CRITICAL" and _ids(first.red_flags) == {"RF-DEADLINE-48H"}
    _tick_all(store, case_id)
    after = _assess(store, case_id)
    assert after.level == "ELEVATED" and after.score == 6
    assert _ids(after.indicators) == {"I-BORDER-50", "I-CN-ONLY", "I-COUNTRY-KZ-KG"}
    border = next(f for f in after.indicators if f.id == "I-BORDER-50")
    assert "Zharkent" in border.reason() and "30 km" in border.reason()
    # what no one knows yet is a to-do, never a point
    gaps = {g.fact for g in after.gaps}
    assert {"lawyer_within_24h", "asylum_claim_registered", "unhcr_contact",
            "illegal_crossing_charge"} <= gaps
    answer_question(store, case_id, "publicity", "yes", author())
    assert _assess(store, case_id).score == 5  # RFA and Atajurt made the case public


def test_clocks_that_ran_out_before_the_case_was_entered_raise_no_flag(store):
    """Issue 19: the same case typed in today (NOW, November 2026) started clocks that
    had run out in 2025; they are kept apart as passed before intake, and no deadline."""
    case_id = add_case(store, seed_draft("yerzhanat-abai"))
    assessment = _assess(store, case_id)
    assert assessment.level == "ELEVATED" and assessment.red_flags == ()
    assert assessment.facts.open_items == [] and len(assessment.facts.passed_items) >= 2
    with store.read() as session:
        assert load_dashboard(store, now=NOW).rows[0].next_due is None
        assert session.exec(select(ChecklistItem)).all()  # kept, shown apart


def test_qalymbek_shahman_is_critical_from_the_first_intake(store):
    case_id = add_case(store, seed_draft("qalymbek-shahman"))
    _tick_all(store, case_id)  # even with every clock done
    assessment = _assess(store, case_id)
    assert assessment.level == "CRITICAL"
    assert _ids(assessment.red_flags) == {"RF-TRANSIT", "RF-EXTRAD-DECISION"}
    # Rules 2026-12-1: the refusal at Almaty airport counts (+3) besides PRC-only
    # citizenship (+2) and the Uzbek baseline (+2).
    assert _ids(assessment.indicators) == {"I-CN-ONLY", "I-COUNTRY-UZ", "I-DENIED-ENTRY"}
    assert assessment.score == 7
    refused = next(f for f in assessment.indicators if f.id == "I-DENIED-ENTRY")
    assert refused.reason() == "event Denied entry on 2019-01-01"
    answer_question(store, case_id, "prc_officials_present", "yes", author())
    assert "RF-PRC-PRESENCE" in _ids(_assess(store, case_id).red_flags)


def test_security_service_custody_near_the_border_is_critical(store):
    case_id = add_case(store, seed_draft("yerzhanat-abai"))
    _tick_all(store, case_id)
    assert _assess(store, case_id).level == "ELEVATED"
    # Held in the Zharkent IVS, about 30 km from Khorgos: if the KNB holds him, the
    # "secret escort" the seed article fears is one step away.
    answer_question(store, case_id, "security_service", "yes", author())
    assessment = _assess(store, case_id)
    assert assessment.level == "CRITICAL"
    assert _ids(assessment.red_flags) == {"RF-SECURITY-BORDER"}
    assert "I-SECURITY-SERVICE" in _ids(assessment.indicators)
    assert assessment.score == 6 + 3


def test_a_security_service_prison_is_known_from_its_authority(store):
    far = _at_place(store, "detained", "2026-11-01T10:00+05:00", "KZ-SIZO-KNB-ALMATY")
    _tick_all(store, far)
    assessment = _assess(store, far)
    held = next(f for f in assessment.indicators if f.id == "I-SECURITY-SERVICE")
    assert held.points == 3 and "National Security Committee" in held.reason()
    assert assessment.level != "CRITICAL"  # Almaty is far from the border
    crossing = _at_place(store, "detained", "2026-11-01T10:00+05:00", "KZ-BC-NURZHOLY")
    _tick_all(store, crossing)
    assert {"RF-SECURITY-BORDER", "RF-TRANSIT"} <= _ids(_assess(store, crossing).red_flags)


# -- single rules -----------------------------------------------------------------------


def test_an_extradition_decision_in_kazakhstan_is_critical(store):
    case_id = _case(store, ("extradition_decision", "2026-11-20T10:00+05:00", "Almaty"))
    assessment = _assess(store, case_id)
    assert "RF-EXTRAD-DECISION" in _ids(assessment.red_flags)
    reason = next(f for f in assessment.red_flags if f.id == "RF-EXTRAD-DECISION").reason()
    assert reason == "event Extradition decision on 2026-11-20"


def test_detention_in_an_airport_transit_zone_is_critical(store):
    case_id = _case(store, ("detained", "2026-11-01T10:00+05:00", "Almaty airport"))
    _tick_all(store, case_id)
    assessment = _assess(store, case_id)
    assert _ids(assessment.red_flags) == {"RF-TRANSIT"}


@pytest.mark.parametrize("place_id", ["KZ-BC-KALZHAT", "KZ-BC-ICBC"],
                         ids=["border checkpoint", "Khorgos ICBC zone"])
def test_detention_at_a_border_checkpoint_or_in_the_khorgos_zone_is_critical(store, place_id):
    case_id = _at_place(store, "detained", "2026-11-01T10:00+05:00", place_id)
    _tick_all(store, case_id)
    assert "RF-TRANSIT" in _ids(_assess(store, case_id).red_flags)


def test_whereabouts_unknown_turns_critical_after_12_hours(store):
    lost_at = NOW - timedelta(hours=3)
    case_id = _case(store, ("disappeared", lost_at.isoformat(), ""),
                    situation="whereabouts_unknown")
    assert "RF-INCOMMUNICADO" not in _ids(_assess(store, case_id).red_flags)
    later = _assess(store, case_id, NOW + timedelta(hours=10))
    assert "RF-INCOMMUNICADO" in _ids(later.red_flags)
    assert later.critical_from == lost_at + timedelta(hours=12)


def test_a_disappearance_near_the_border_is_critical_after_2_hours(store):
    lost_at = NOW - timedelta(hours=1)
    case_id = _case(store, ("disappeared", lost_at.isoformat(), "Zharkent"),
                    situation="whereabouts_unknown")
    first = _assess(store, case_id)
    assert "I-BORDER-50" in _ids(first.indicators)  # judged by the last known place
    assert not first.red_flags
    assert first.critical_from == lost_at + timedelta(hours=2)
    later = _assess(store, case_id, NOW + timedelta(hours=1, minutes=1))
    assert _ids(later.red_flags) == {"RF-INCOMMUNICADO-BORDER"}


def test_contact_cut_near_the_border_is_critical_at_once(store):
    case_id = _case(store, ("detained", "2026-11-01T10:00+05:00", "Zharkent"))
    _tick_all(store, case_id)
    assert _assess(store, case_id).level != "CRITICAL"
    answer_question(store, case_id, "contact_cut", "yes", author())
    assessment = _assess(store, case_id)
    assert _ids(assessment.red_flags) == {"RF-CONTACT-CUT-BORDER"}
    assert "I-CONTACT-CUT" in _ids(assessment.indicators)


def test_transit_comes_from_the_entry_when_no_place_is_known(store):
    case_id = _case(store, ("detained", "2026-11-01T10:00+05:00", ""), entry_method="transit")
    _tick_all(store, case_id)
    transit = next(f for f in _assess(store, case_id).red_flags if f.id == "RF-TRANSIT")
    assert "In transit" in transit.reason()


def test_an_expulsion_order_or_a_special_reception_centre_counts(store):
    held = _at_place(store, "detained", "2026-11-01T10:00+05:00", "KZ-SPR-ALMATY")
    ordered = _case(store, ("expulsion_ordered", "2026-11-01T10:00+05:00", "Almaty"),
                    situation="at_liberty")
    for case_id in (held, ordered):
        _tick_all(store, case_id)
        assert "I-EXPULSION" in _ids(_assess(store, case_id).indicators)
    answer_question(store, ordered, "removal_date_set", "yes", author())
    assert "RF-REMOVAL-SET" in _ids(_assess(store, ordered).red_flags)


def test_interim_measures_are_credited_only_when_granted_and_little(store):
    case_id = _case(store, situation="at_liberty")
    base = _assess(store, case_id).score
    with pytest.raises(UserError, match="not a question"):
        answer_question(store, case_id, "un_interim_requested", "yes", author())
    answer_question(store, case_id, "un_interim_granted", "yes", author())
    assert _assess(store, case_id).score == base - 1


def test_release_within_48_hours_needs_a_handover_plan(store):
    release = NOW + timedelta(hours=30)
    case_id = _case(store, ("release_expected", release.isoformat(), ""))
    assert "RF-RELEASE-48H" in _ids(_assess(store, case_id).red_flags)
    answer_question(store, case_id, "handover_plan", "yes", author())
    assert "RF-RELEASE-48H" not in _ids(_assess(store, case_id).red_flags)


def test_protective_factors_lower_the_score_but_never_cancel_a_red_flag(store):
    case_id = _case(store, ("detained", "2026-11-01T10:00+05:00", "Almaty airport"))
    _tick_all(store, case_id)
    for question in ("publicity", "minor_children", "un_interim_granted", "lawyer_retained"):
        answer_question(store, case_id, question, "yes", author())
    assessment = _assess(store, case_id)
    assert assessment.score < 0 and assessment.level == "CRITICAL"
    assert assessment.weighted_level == "WATCH"


def test_unknown_adds_no_points_and_takes_an_answer_back(store):
    case_id = _case(store, situation="at_liberty")
    base = _assess(store, case_id).score
    answer_question(store, case_id, "interpol_notice", "yes", author())
    assert _assess(store, case_id).score == base + 3
    answer_question(store, case_id, "interpol_notice", "unknown", author())
    again = _assess(store, case_id)
    assert again.score == base and "interpol_notice" in {g.fact for g in again.gaps}
    # one record per case and question, its history keeps every answer
    with store.read() as session:
        answers = session.exec(select(RiskAnswer).where(RiskAnswer.case_id == case_id)).all()
    assert [a.answer for a in answers] == ["unknown"]


def test_facts_about_being_held_are_not_gaps_for_a_person_at_liberty(store):
    case_id = _case(store, situation="at_liberty")
    gaps = {g.fact for g in _assess(store, case_id).gaps}
    assert not gaps & {"km_to_border", "held_in_transit"}


@pytest.mark.parametrize("question, answer, problem", [
    ("nonsense", "yes", "not a question"),
    ("publicity", "maybe", "yes, no or unknown"),
    ("km_to_border", "yes", "not a question"),
])
def test_a_bad_answer_is_refused_and_changes_nothing(store, question, answer, problem):
    case_id = _case(store)
    before = fingerprint(store)
    with pytest.raises(UserError, match=problem):
        answer_question(store, case_id, question, answer, author())
    assert fingerprint(store) == before


# -- the dashboard ----------------------------------------------------------------------


def test_the_dashboard_orders_by_level_then_nearest_deadline(store):
    soon = _case(store, ("detained", (NOW - timedelta(hours=10)).isoformat(), "Zharkent"))
    later = _case(store, ("detained", (NOW - timedelta(hours=2)).isoformat(), "Zharkent"))
    calm = _case(store, situation="at_liberty")
    critical = _case(store, ("detained", "2026-11-01T10:00+05:00", "Almaty airport"))
    _tick_all(store, critical)
    rows = load_dashboard(store, now=NOW).rows
    # Both fresh detentions have clocks under 48 h (UNHCR access, KZ-C1): CRITICAL, the
    # one due first on top; the transit zone is CRITICAL with nothing due; then the rest.
    assert [row.case_id for row in rows] == [soon, later, critical, calm]
    assert [row.level for row in rows] == ["CRITICAL", "CRITICAL", "CRITICAL", "WATCH"]
    assert rows[0].next_due < rows[1].next_due and rows[2].next_due is None


def test_a_deadline_coming_within_48_hours_raises_a_case_without_a_write(store):
    case_id = _case(store, ("hearing_scheduled", (NOW + timedelta(days=5)).isoformat(), ""),
                    situation="at_liberty")
    other = _case(store, ("detained", (NOW - timedelta(hours=1)).isoformat(), "Zharkent"))
    event = EventDraft("custody_ordered", (NOW - timedelta(hours=1)).isoformat(),
                       location="Zharkent")
    validate_event(event, ZONE, NOW)
    case_write.add_event(store, case_id, event, author())
    dashboard = load_dashboard(store, now=NOW)
    assert {row.case_id for row in dashboard.rows} == {case_id, other}
    assert dashboard.next_change is not None
    later = load_dashboard(store, now=dashboard.next_change + timedelta(minutes=1))
    assert later.critical > dashboard.critical
