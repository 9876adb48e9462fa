"""Deportation-risk rules as data: red flags, weighted indicators, protective factors.

The rules ship as TOML (caseworker/data/risk_rules.toml) with a version that every
assessment records. Each rule is a list of conditions on named facts; the facts are
gathered from the case by caseworker/risk/risk_facts.py, and the ones intake does not record
are asked in a short questionnaire. Rules are validated on load: a rule that names a fact
this tool cannot know, or compares it the wrong way, must never silently not fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib.resources import files
from typing import Any

from caseworker.core.i18n import _
from caseworker.core.input_checks import Problem, Reader, Table, entry_name, row, sound
from caseworker.core.localized_fields import NONE, Translations, shown, translated_fields
from caseworker.core.versioned_data import read_versioned

# The facts rules can read, and what kind of value each is: "yesno" (yes | no | unknown),
# "number" and "text" (None when unknown), "instant" (an aware datetime, None when it
# does not apply). caseworker/risk/risk_facts.py computes exactly these.
FACT_KINDS = {
    "km_to_border": "number",
    "held_in_transit": "yesno",
    "country": "text",
    "prc_citizen_only": "yesno",
    "passport_seized_or_none": "yesno",
    "extradition_sought": "yesno",
    "official_statement": "yesno",
    "prc_officials_present": "yesno",
    "transfer_in_progress": "yesno",
    "handover_plan": "yesno",
    "illegal_crossing_charge": "yesno",
    "interpol_notice": "yesno",
    "terror_label": "yesno",
    "lawyer_within_24h": "yesno",
    "lawyer_denied_copies": "yesno",
    "lawyer_retained": "yesno",
    "asylum_claim_registered": "yesno",
    "asylum_refused": "yesno",
    "asylum_certificate": "yesno",
    "unhcr_contact": "yesno",
    "unhcr_access_refused": "yesno",
    "security_service": "yesno",
    "remote_location": "yesno",
    "publicity": "yesno",
    "diplomatic_assurances": "yesno",
    "family_local_citizens": "yesno",
    "minor_children": "yesno",
    # No rule reads it since rules 2026-12-1 (a request alone earns no credit); kept so
    # that an office's own rules file may still use it.
    "un_interim_requested": "yesno",
    "un_interim_granted": "yesno",
    "denied_entry": "yesno",
    "contact_cut": "yesno",
    "expulsion_ordered": "yesno",
    "removal_date_set": "yesno",
    "third_country_removal": "yesno",
    "visa_free_expired": "yesno",
    "health_crisis": "yesno",
    "asylum_registration_refused": "yesno",
    "kandas_or_citizenship_pending": "yesno",
    "resettlement_accepted": "yesno",
    "whereabouts_unknown_since": "instant",
    "release_expected_at": "instant",
    "next_deadline": "instant",
}
ANSWERS = ("yes", "no", "unknown")
# Which comparisons suit which kind of fact.
_OPERATORS = {"is": "yesno", "not": "yesno", "at_most": "number", "above": "number",
              "in": "text", "hours_after": "instant", "hours_before": "instant"}
LAYERS = {"red_flag": "red flag", "indicator": "indicator", "protective": "protective factor"}
MAX_TEXT = 500
# What a person reads of a fact and of a rule, English with `_kk` and `_ru` beside it.
FACT_TEXTS = ("ask", "todo")
RULE_TEXTS = ("text",)
# Any instant before every event: the "fires from" of a rule that does not wait on time.
ALWAYS = datetime(1970, 1, 1, tzinfo=UTC)


class InvalidRules(ValueError):
    """The risk rules are not usable; the message names the rule and the problem."""


@dataclass(frozen=True)
class FactInfo:
    name: str
    kind: str
    ask: str  # the questionnaire's question; "" when the case's records decide it
    todo: str  # what to do while it is unknown
    translations: Translations = NONE  # of FACT_TEXTS


@dataclass(frozen=True)
class Condition:
    fact: str
    operator: str
    value: Any  # yes | no, a number, texts or hours, as the operator takes (checked on load)

    def fires_from(self, value: Any) -> datetime | None:
        """From when the condition holds for this fact value: ALWAYS, an instant (for
        conditions on time), or None when it does not hold or the fact is unknown."""
        op = self.operator
        if op == "not":
            return ALWAYS if value != self.value else None
        if value is None or value == "unknown":
            return None
        if op == "is":
            holds = value == self.value
        elif op == "at_most":
            holds = value <= self.value
        elif op == "above":
            holds = value > self.value
        elif op == "in":
            holds = value in self.value
        elif op == "hours_after":
            return value + timedelta(hours=self.value)
        else:  # hours_before
            return value - timedelta(hours=self.value)
        return ALWAYS if holds else None


@dataclass(frozen=True)
class Rule:
    id: str
    layer: str  # red_flag | indicator | protective
    text: str
    points: int  # 0 for red flags
    when: tuple[Condition, ...]
    sources: tuple[str, ...]
    translations: Translations = NONE  # of RULE_TEXTS

    @property
    def facts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.fact for c in self.when))

    def fires_from(self, facts: dict[str, object]) -> datetime | None:
        """From when every condition holds (the latest of their instants), or None."""
        latest = ALWAYS
        for condition in self.when:
            instant = condition.fires_from(facts.get(condition.fact))
            if instant is None:
                return None
            latest = max(latest, instant)
        return latest


@dataclass(frozen=True)
class RuleSet:
    version: str
    high_from: int
    elevated_from: int
    facts: dict[str, FactInfo]
    rules: tuple[Rule, ...]

    def layer(self, layer: str) -> list[Rule]:
        return [rule for rule in self.rules if rule.layer == layer]

    def questions(self) -> list[FactInfo]:
        """The questionnaire: the facts a person answers, in the order the file lists them."""
        return [info for info in self.facts.values() if info.ask]

    def weighted_level(self, score: int) -> str:
        if score >= self.high_from:
            return "HIGH"
        return "ELEVATED" if score >= self.elevated_from else "WATCH"


def rule_text(rule_id: str, english: str) -> str:
    """A finding's text, as an assessment gives it (English), in the language shown."""
    rule = next((rule for rule in shipped_rules().rules if rule.id == rule_id), None)
    return shown(rule, "text", english)


def fact_text(fact: str, field: str, english: str) -> str:
    """A fact's question or what to do about it (`field`: ask or todo), as an assessment
    gives it (English), in the language shown."""
    return shown(shipped_rules().facts.get(fact), field, english)


@cache
def shipped_rules() -> RuleSet:
    return parse_rules((files("caseworker") / "data" / "risk_rules.toml").read_text("utf-8"))


def parse_rules(text: str) -> RuleSet:
    data, version = read_versioned(text, _("risk rules"), InvalidRules)
    # Refused in one sentence: past each check, its value is sound.
    read = Reader(limit=MAX_TEXT, stop=_refused)
    top = read.table("", data, {"version", "levels", "facts", *LAYERS})
    levels = top.table("levels", {"high_from", "elevated_from"})
    high = sound(levels.whole("high_from", low=2, high=100, required=True))
    elevated = sound(levels.whole("elevated_from", low=1, high=99, required=True))
    if elevated >= high:
        read.problem(levels.at("elevated_from"), "must be below high_from")
    facts = _facts(read, top.table("facts", FACT_KINDS, unknown="is not a fact this tool knows"))
    rules = [_rule(layer, entry, facts) for layer in LAYERS for entry in top.list(layer)]
    ids = [rule.id for rule in rules]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise InvalidRules(f"rule ids appear twice: {', '.join(repeated)}")
    if not any(rule.layer == "red_flag" for rule in rules):
        raise InvalidRules("the risk rules have no red flags")
    return RuleSet(version, high, elevated, facts, tuple(rules))


def _refused(problem: Problem) -> InvalidRules:
    return InvalidRules(str(problem))


def _facts(read: Reader, described: Table) -> dict[str, FactInfo]:
    facts = {}
    for name in described:
        entry = described.table(name, {*FACT_TEXTS, *translated_fields(FACT_TEXTS)})
        ask, todo = entry.text("ask"), entry.text("todo", required=True)
        if ask and FACT_KINDS[name] != "yesno":
            read.problem(entry.at("ask"), "is only for a yes/no fact")
        facts[name] = FactInfo(name, FACT_KINDS[name], ask, todo,
                               Translations.read(entry, FACT_TEXTS))
    return facts


def _rule(layer: str, entry: object, facts: dict[str, FactInfo]) -> Rule:
    read = Reader(within=f"{LAYERS[layer]} {entry_name(entry)}", limit=MAX_TEXT, stop=_refused)
    fields = read.table("", entry, {"id", "points", "when", "sources", *RULE_TEXTS,
                                    *translated_fields(RULE_TEXTS)})
    rule_id = fields.text("id", required=True)
    text = fields.text("text", required=True)
    points = 0
    if layer == "red_flag" and "points" in fields:
        read.problem("points", "is not given for a red flag: it makes a case CRITICAL outright")
    elif layer == "indicator":
        points = sound(fields.whole("points", low=1, high=20, required=True))
    elif layer == "protective":
        points = sound(fields.whole("points", low=-20, high=-1, required=True))
    when = fields.rows("when", {"fact", *_OPERATORS}, required={"fact"}, least=1)
    conditions = tuple(_condition(read, condition, layer, facts) for condition in when)
    sources = fields.texts("sources", least=1)
    for index, source in enumerate(sources):
        if not source:
            read.problem(row("sources", index), "is required")
    return Rule(rule_id, layer, text, points, conditions, tuple(sources),
                Translations.read(fields, RULE_TEXTS))


def _condition(read: Reader, condition: Table, layer: str,
               facts: dict[str, FactInfo]) -> Condition:
    operators = [key for key in condition if key != "fact"]
    if len(operators) != 1:
        read.problem(condition.path, "is one comparison: { fact = NAME, OPERATOR = VALUE }")
    fact = condition.text("fact")
    if fact not in facts:
        read.problem(condition.at("fact"), "is not described under [facts]")
    operator = operators[0]
    path, value, kind = condition.at(operator), condition.get(operator), FACT_KINDS[fact]
    if _OPERATORS[operator] != kind:
        allowed = ", ".join(op for op, k in _OPERATORS.items() if k == kind)
        read.problem(path, f"does not suit a fact of the kind {kind}: compare it with {allowed}")
    if kind == "yesno":
        read.choice(path, value, ANSWERS[:2])
    elif kind == "number":
        read.number(path, value, required=True)
    elif kind == "text":
        value = tuple(read.texts(path, value, least=1, strip=False))
    else:
        if layer != "red_flag":
            read.problem(path, "only a red flag may depend on time (the score must not change "
                               "while no one looks)")
        read.whole(path, value, low=1, high=24 * 90, required=True)
    return Condition(fact, operator, value)
