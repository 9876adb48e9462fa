"""Assessing many cases at once, as an import does: what fires and what is a gap is what
every rule, read in full, says of each case."""

from __future__ import annotations

import random
from datetime import timedelta

from caseworker.risk.assessment import assess
from caseworker.risk.risk_facts import CaseFacts
from caseworker.risk.risk_rules import FACT_KINDS, shipped_rules
from tests.support.case_factory import NOW


def test_assessing_many_cases_finds_what_each_rule_says() -> None:
    """Rules waiting on an unknown fact are passed over, and the gaps of cases alike are
    worked out once: the findings and gaps are still those of every rule read in full."""
    rules, rng = shipped_rules(), random.Random(7)
    choices = {"yesno": [None, "unknown", "yes", "no"], "number": [None, 5.0, 80.0, 900.0],
               "text": [None, "KZ", "KG", "UZ", "CN"],
               "instant": [None, NOW - timedelta(days=3), NOW + timedelta(hours=20),
                           NOW + timedelta(days=9)]}
    for number in range(400):
        facts = CaseFacts(f"case-{number}")
        for fact, kind in FACT_KINDS.items():
            facts.set(fact, rng.choice(choices[kind]), "test")
        if rng.random() < 0.3:
            facts.not_applicable.update(("km_to_border", "held_in_transit"))
        found = assess(facts, rules, NOW)
        fired = {rule.id for rule in rules.rules
                 if (since := rule.fires_from(facts.values)) is not None
                 and not (rule.layer == "red_flag" and since > NOW)}
        assert {f.id for f in found.red_flags + found.indicators + found.protective} == fired
        instants = {f for f, kind in FACT_KINDS.items() if kind == "instant"}
        weight: dict[str, int] = {}
        for rule in rules.rules:
            if any(facts.values.get(f) is None for f in rule.facts if f in instants):
                continue
            for fact in (f for f in rule.facts if f not in instants):
                if fact not in facts.not_applicable:
                    weight[fact] = max(weight.get(fact, -1),
                                       100 if rule.layer == "red_flag" else abs(rule.points))
        unknown = {f for f in weight if facts.values.get(f) in (None, "unknown")}
        assert {g.fact for g in found.gaps} == unknown and found.facts_read == len(weight)
        assert [weight[g.fact] for g in found.gaps] == sorted(
            (weight[g.fact] for g in found.gaps), reverse=True)
