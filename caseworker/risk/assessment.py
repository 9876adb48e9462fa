"""Assessing a case against the risk rules: which rules fired, from which facts.

Red flags make a case CRITICAL outright; otherwise the points of the indicators and
protective factors that fired give HIGH, ELEVATED or WATCH. Unknown facts are listed as
gaps with what to do, never counted. These are risk *indicators*: a low level does not
mean the person is safe, and everything shown says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from caseworker.core.i18n import N_
from caseworker.core.user_errors import UserError
from caseworker.risk.risk_facts import CaseFacts, gather_facts
from caseworker.risk.risk_rules import ALWAYS, Rule, RuleSet, shipped_rules

LEVELS = ("CRITICAL", "HIGH", "ELEVATED", "WATCH")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
# Marked here, translated where it is shown; the assessment's JSON keeps the English.
NOT_SAFE = N_("Risk indicators only: a low level does not mean the person is safe.")


@dataclass(frozen=True)
class Finding:
    """A rule that fired, and the facts behind it as (fact, where its value came from)."""

    id: str
    text: str
    points: int
    facts: tuple[tuple[str, str], ...]

    def reason(self) -> str:
        return "; ".join(basis for _, basis in self.facts)


@dataclass(frozen=True)
class Gap:
    fact: str
    question: str  # "" when the answer belongs in the case's records, not the questionnaire
    todo: str


@dataclass(frozen=True)
class Assessment:
    case_id: str
    level: str
    score: int
    weighted_level: str  # the level of the points alone, beneath any red flag
    red_flags: tuple[Finding, ...]
    indicators: tuple[Finding, ...]
    protective: tuple[Finding, ...]
    gaps: tuple[Gap, ...]
    facts_read: int  # how many facts the rules read, known or not
    critical_from: datetime | None  # when a red flag fires (in the future: not yet)
    rules_version: str
    assessed_at: datetime
    facts: CaseFacts  # what the rules read, for the questionnaire beside the findings

    def gap_summary(self) -> str:
        """"3 of 27 facts unknown. Next: confirm asylum registration." """
        if not self.gaps:
            return f"All {self.facts_read} facts the rules read are known."
        return (f"{len(self.gaps)} of {self.facts_read} facts unknown. "
                f"Next: {self.gaps[0].todo}")


def assess(facts: CaseFacts, rules: RuleSet, now: datetime) -> Assessment:
    fired: dict[str, list[Finding]] = {"red_flag": [], "indicator": [], "protective": []}
    critical_from = None
    values = facts.values
    for rule, needed in _plan(rules).needs:
        # A condition other than `not` on an unknown fact never holds: such a rule does
        # not fire, and is passed over without evaluating it (ten thousand cases times
        # every rule, on an import).
        if any(values.get(fact) is None or values.get(fact) == "unknown" for fact in needed):
            continue
        since = rule.fires_from(values)
        if since is None:
            continue
        if rule.layer == "red_flag":
            critical_from = since if critical_from is None else min(critical_from, since)
            if since > now:
                continue  # a red flag that waits on time: shown once it fires
        fired[rule.layer].append(_finding(rule, facts))
    score = sum(f.points for f in fired["indicator"] + fired["protective"])
    weighted = rules.weighted_level(score)
    level = "CRITICAL" if fired["red_flag"] else weighted
    gaps, read = _gaps(facts, rules)
    return Assessment(facts.case_id, level, score, weighted, tuple(fired["red_flag"]),
                      tuple(fired["indicator"]), tuple(fired["protective"]),
                      gaps=tuple(gaps), facts_read=read, critical_from=critical_from,
                      rules_version=rules.version, assessed_at=now, facts=facts)


def assess_case(session: Session, case_id: str, now: datetime,
                rules: RuleSet | None = None) -> Assessment:
    facts = gather_facts(session, [case_id]).get(case_id)
    if facts is None:
        raise UserError(f"No case with id {case_id[:40]!r}.")
    return assess(facts, rules or shipped_rules(), now)


def _finding(rule: Rule, facts: CaseFacts) -> Finding:
    return Finding(rule.id, rule.text, rule.points,
                   tuple((f, facts.basis.get(f, "unknown")) for f in rule.facts))


class _Plan:
    """What assessing reads of a rule set, worked out once per rule set (a bulk import
    assesses ten thousand cases): per rule, the facts it cannot fire without (those of
    its conditions other than `not`); per rule, the instant facts it waits on, the facts
    that can be gaps, and its weight; and the gaps found for each state of the facts."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.needs = [(rule, tuple(c.fact for c in rule.when if c.operator != "not"))
                      for rule in rules.rules]
        self.gaps = [(tuple(f for f in rule.facts if rules.facts[f].kind == "instant"),
                      tuple(f for f in rule.facts if rules.facts[f].kind != "instant"),
                      100 if rule.layer == "red_flag" else abs(rule.points))
                     for rule in rules.rules]
        self.read = tuple(dict.fromkeys(f for rule in rules.rules for f in rule.facts))
        self.found: dict[tuple, tuple[tuple[Gap, ...], int]] = {}


_PLANS: dict[int, _Plan] = {}


def _plan(rules: RuleSet) -> _Plan:
    known = _PLANS.get(id(rules))
    if known is not None and known.rules is rules:
        return known
    _PLANS[id(rules)] = plan = _Plan(rules)
    return plan


def _gaps(facts: CaseFacts, rules: RuleSet) -> tuple[list[Gap], int]:
    """The unknown facts rules read, weightiest first (red flags before points); and how
    many facts were read. Facts that only time decides are never gaps.

    They depend only on which facts the rules read are None, "unknown" or known, and
    which do not apply: cases alike in that share one answer, worked out once."""
    plan = _plan(rules)
    values, not_applicable = facts.values, facts.not_applicable
    state = (tuple(0 if (value := values.get(f)) is None else 1 if value == "unknown" else 2
                   for f in plan.read),
             frozenset(not_applicable.intersection(plan.read)))
    found = plan.found.get(state)
    if found is None:
        if len(plan.found) >= 4096:  # a bound, never reached by real cases
            plan.found.clear()
        found = plan.found[state] = _unknown(facts, rules, plan)
    return list(found[0]), found[1]


def _unknown(facts: CaseFacts, rules: RuleSet, plan: _Plan) -> tuple[tuple[Gap, ...], int]:
    weight: dict[str, int] = {}
    values, not_applicable = facts.values, facts.not_applicable
    for instants, readable, rule_weight in plan.gaps:
        if any(values.get(f) is None for f in instants):
            continue  # waits on something that has not happened (a release date)
        for fact in readable:
            if fact not in not_applicable and weight.get(fact, -1) < rule_weight:
                weight[fact] = rule_weight
    unknown = [f for f in weight if facts.values.get(f) in (None, "unknown")]
    unknown.sort(key=lambda f: -weight[f])
    return tuple(Gap(f, rules.facts[f].ask, rules.facts[f].todo) for f in unknown), len(weight)


def assessment_to_json(assessment: Assessment) -> dict:
    def findings(items: tuple[Finding, ...], with_points: bool) -> list[dict]:
        return [{"id": f.id, "reason": f.reason(), "text": f.text,
                 "facts": [{"fact": name, "basis": basis} for name, basis in f.facts],
                 **({"points": f.points} if with_points else {})} for f in items]

    return {
        "case_id": assessment.case_id,
        "level": assessment.level,
        "score": assessment.score,
        "red_flags": findings(assessment.red_flags, False),
        "indicators": findings(assessment.indicators, True),
        "protective": findings(assessment.protective, True),
        "gaps": [{"fact": g.fact, "question": g.question, "todo": g.todo}
                 for g in assessment.gaps],
        "gap_summary": assessment.gap_summary(),
        # When a red flag fires, if one does; null when none does or one always has.
        "critical_from": (assessment.critical_from.isoformat()
                          if assessment.critical_from not in (None, ALWAYS) else None),
        "rules_version": assessment.rules_version,
        "assessed_at": assessment.assessed_at.isoformat(),
        "note": NOT_SAFE,
    }
