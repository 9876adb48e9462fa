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


@dataclass(frozen=True)
class Condition:
    fact: str
    operator: str
    value: object

    def fires_from(self, value: object) -> datetime | None:
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


@cache
def shipped_rules() -> RuleSet:
    return parse_rules((files("caseworker") / "data" / "risk_rules.toml").read_text("utf-8"))


def parse_rules(text: str) -> RuleSet:
    data, version = read_versioned(text, "risk rules", InvalidRules)
    levels = data.get("levels", {})
    high, elevated = levels.get("high_from"), levels.get("elevated_from")
    if not (_whole(high) and _whole(elevated) and 0 < elevated < high <= 100):
        raise InvalidRules("levels need whole numbers with 0 < elevated_from < high_from")
    facts = _facts(data.get("facts", {}))
    rules = [_rule(layer, entry, facts) for layer in LAYERS
             for entry in _entries(data, layer)]
    ids = [rule.id for rule in rules]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise InvalidRules(f"rule ids appear twice: {', '.join(repeated)}")
    if not any(rule.layer == "red_flag" for rule in rules):
        raise InvalidRules("the risk rules have no red flags")
    return RuleSet(version, high, elevated, facts, tuple(rules))


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _entries(data: dict, layer: str) -> list:
    entries = data.get(layer, [])
    if not isinstance(entries, list):
        raise InvalidRules(f"{layer} must be a list of [[{layer}]] tables")
    return entries


def _facts(raw: object) -> dict[str, FactInfo]:
    if not isinstance(raw, dict):
        raise InvalidRules("facts must be a table of [facts.NAME] tables")
    facts = {}
    for name, entry in raw.items():
        if name not in FACT_KINDS:
            raise InvalidRules(f"fact {name}: this tool does not know this fact")
        if not isinstance(entry, dict) or set(entry) - {"ask", "todo"}:
            raise InvalidRules(f"fact {name}: only 'ask' and 'todo' may be given")
        ask, todo = entry.get("ask", ""), entry.get("todo", "")
        if not all(isinstance(t, str) and len(t) <= MAX_TEXT for t in (ask, todo)) or not todo:
            raise InvalidRules(f"fact {name}: todo is needed, and both are text "
                               f"of at most {MAX_TEXT} characters")
        if ask and FACT_KINDS[name] != "yesno":
            raise InvalidRules(f"fact {name}: only a yes/no fact can be asked")
        facts[name] = FactInfo(name, FACT_KINDS[name], ask.strip(), todo.strip())
    return facts


def _rule(layer: str, entry: object, facts: dict[str, FactInfo]) -> Rule:
    if not isinstance(entry, dict):
        raise InvalidRules(f"a {LAYERS[layer]} must be a table of fields")
    name = str(entry.get("id", "(no id)"))[:40]

    def fail(problem: str) -> InvalidRules:
        return InvalidRules(f"{LAYERS[layer]} {name}: {problem}")

    unknown = sorted(set(entry) - {"id", "text", "points", "when", "sources"})
    if unknown:
        raise fail(f"{unknown[0]} is not a field of a rule")
    rule_id, text = entry.get("id"), entry.get("text")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise fail("id is missing")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
        raise fail(f"text must be given, at most {MAX_TEXT} characters")
    points = entry.get("points", 0)
    if layer == "red_flag" and "points" in entry:
        raise fail("a red flag has no points: it makes a case CRITICAL outright")
    if layer == "indicator" and not (_whole(points) and 0 < points <= 20):
        raise fail("points must be a whole number from 1 to 20")
    if layer == "protective" and not (_whole(points) and -20 <= points < 0):
        raise fail("points must be a whole number from -20 to -1")
    when = entry.get("when")
    if not isinstance(when, list) or not when:
        raise fail("when must list at least one condition")
    conditions = tuple(_condition(c, layer, facts, fail) for c in when)
    sources = entry.get("sources", [])
    if not isinstance(sources, list) or not sources or not all(
            isinstance(s, str) and s.strip() for s in sources):
        raise fail("sources must list at least one source")
    return Rule(rule_id.strip(), layer, text.strip(), points, conditions, tuple(sources))


def _condition(raw: object, layer: str, facts: dict[str, FactInfo], fail) -> Condition:
    if not isinstance(raw, dict) or "fact" not in raw or len(raw) != 2:
        raise fail("each condition is { fact = NAME, OPERATOR = VALUE }")
    fact = raw["fact"]
    if fact not in facts:
        raise fail(f"fact {fact!r} is not described under [facts]")
    (operator, value), = ((k, v) for k, v in raw.items() if k != "fact")
    kind = FACT_KINDS[fact]
    if _OPERATORS.get(operator) != kind:
        allowed = ", ".join(op for op, k in _OPERATORS.items() if k == kind)
        raise fail(f"{fact} is a {kind} fact: compare it with {allowed}")
    if kind == "yesno" and value not in ("yes", "no"):
        raise fail(f"{operator} takes \"yes\" or \"no\"")
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise fail(f"{operator} takes a number")
    if kind == "text" and (not isinstance(value, list) or not value
                           or not all(isinstance(v, str) for v in value)):
        raise fail("in takes a list of text")
    if kind == "instant":
        if layer != "red_flag":
            raise fail("only a red flag may depend on time (the score must not change "
                       "while no one looks)")
        if not _whole(value) or not 0 < value <= 24 * 90:
            raise fail(f"{operator} takes whole hours, 1 to 2160")
    return Condition(fact, operator, tuple(value) if isinstance(value, list) else value)
