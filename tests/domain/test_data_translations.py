"""The data files' texts in Kazakh and Russian (docs/architecture.md §12, "Data texts"):
every clock and rule text a person reads has both, with the same {fields}; what is shown
is in the language chosen, what is stored and computed stays English, and a text with no
translation, or one whose English has changed since a record stored it, is shown in
English."""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files

import pytest
from sqlmodel import select

from caseworker.cases import case_write
from caseworker.cases.validation import validate_event
from caseworker.core.drafts import EventDraft
from caseworker.core.i18n import use_language
from caseworker.core.localized_fields import TRANSLATED, shown
from caseworker.deadlines.checklist_items import next_action_shown
from caseworker.deadlines.clock_overrides import merged_templates
from caseworker.deadlines.clock_templates import (
    TEXT_FIELDS,
    item_text,
    parse_templates,
    shipped_templates,
)
from caseworker.risk.assessment import assess_case, assessment_to_json
from caseworker.risk.risk_rules import (
    FACT_TEXTS,
    RULE_TEXTS,
    fact_text,
    parse_rules,
    rule_text,
    shipped_rules,
)
from caseworker.risk.urgency import COURT_SETS
from storage.tables import ChecklistItem
from tests.support.case_factory import NOW, ZONE, add_case, author, simple_draft

FIELDS = re.compile(r"\{[^{}]*\}")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture(autouse=True)
def back_to_english():
    yield
    use_language("en")


def _raw(name: str) -> dict:
    return tomllib.loads((files("caseworker") / "data" / name).read_text("utf-8"))


def _person_facing() -> list[tuple[str, dict, str]]:
    """(where, entry, field) for every text a person reads in the two data files."""
    clocks, rules = _raw("clocks.toml"), _raw("risk_rules.toml")
    texts = [(f"clock {c['id']}", c, field) for c in clocks["clock"] for field in TEXT_FIELDS]
    texts += [(f"fact {name}", fact, field) for name, fact in rules["facts"].items()
              for field in FACT_TEXTS if field in fact]
    texts += [(f"rule {rule['id']}", rule, field)
              for layer in ("red_flag", "indicator", "protective") for rule in rules[layer]
              for field in RULE_TEXTS]
    return texts


def test_every_text_a_person_reads_has_kazakh_and_russian_with_the_same_fields():
    texts = _person_facing()
    assert len({where for where, _, _ in texts if where.startswith("clock")}) == 28
    assert len({where for where, _, _ in texts if where.startswith("rule")}) == 48
    problems = []
    for where, entry, field in texts:
        english = entry[field]
        for language in TRANSLATED:
            translated = entry.get(f"{field}_{language}", "")
            if not translated.strip():
                problems.append(f"{where}: {field}_{language} is missing")
            elif not CYRILLIC.search(translated):
                problems.append(f"{where}: {field}_{language} is not in {language}")
            elif sorted(FIELDS.findall(translated)) != sorted(FIELDS.findall(english)):
                problems.append(f"{where}: {field}_{language} has other {{fields}}")
    assert problems == []


def test_the_loaders_keep_every_translation_of_the_files():
    use_language("ru")
    raw = {c["id"]: c for c in _raw("clocks.toml")["clock"]}
    for template in shipped_templates().templates:
        for field in TEXT_FIELDS:
            assert shown(template, field) == raw[template.id][f"{field}_ru"]
    use_language("kk")
    rules = shipped_rules()
    for rule in rules.rules:
        assert shown(rule, "text") not in ("", rule.text)
    for info in rules.facts.values():
        assert shown(info, "todo") not in ("", info.todo)


def _detained_in_zharkent(store) -> tuple[str, ChecklistItem]:
    case_id = add_case(store, simple_draft("Yerzhanat Abai"))
    event = EventDraft(type="detained", at="2025-05-12T09:00+05:00",
                       location_id="KZ-DET-ZHARKENT-IVS")
    validate_event(event, ZONE, NOW)
    case_write.add_event(store, case_id, event, author())
    with store.read() as session:
        item = session.exec(select(ChecklistItem).where(
            ChecklistItem.case_id == case_id, ChecklistItem.clock_id == "KZ-C2")).one()
    return case_id, item


def test_a_checklist_item_stores_english_and_is_shown_in_the_language_chosen(store):
    use_language("ru")  # created while Russian is shown: stored data stays English
    _case_id, item = _detained_in_zharkent(store)
    assert item.action.startswith("Find out whether this is an extradition detention")
    assert item.legal_basis == "CPC Art 587"
    assert item_text(item.clock_id, "action", item.action).startswith(
        "Выясните, экстрадиционное ли это задержание")
    assert item_text(item.clock_id, "legal_basis", item.legal_basis) == "Ст. 587 УПК"
    use_language("kk")
    assert item_text(item.clock_id, "legal_basis", item.legal_basis) == "ҚПК 587-бап"
    use_language("en")
    assert item_text(item.clock_id, "action", item.action) == item.action


def test_an_item_whose_english_the_clock_no_longer_has_is_shown_as_stored():
    use_language("ru")
    assert item_text("KZ-C2", "action", "An older wording.") == "An older wording."
    assert item_text("NO-SUCH-CLOCK", "action", "An office's own.") == "An office's own."


def test_risk_findings_and_questions_are_shown_in_the_language_chosen(store):
    case_id, _item = _detained_in_zharkent(store)
    use_language("ru")
    with store.read() as session:
        data = assessment_to_json(assess_case(session, case_id, NOW))
    border = next(f for f in data["indicators"] if f["id"] == "I-BORDER-50")
    assert border["text"] == "Held within 50 km of a China crossing"  # JSON stays English
    assert rule_text(border["id"], border["text"]) == (
        "Содержится в пределах 50 км от пункта пропуска на границе с Китаем")
    gap = data["gaps"][0]
    assert CYRILLIC.search(fact_text(gap["fact"], "todo", gap["todo"]))
    question = next(i for i in shipped_rules().questions() if i.name == "asylum_refused")
    assert shown(question, "ask") == "Отказано ли в убежище?"
    use_language("en")
    assert shown(question, "ask") == "Has an asylum claim been refused?"
    assert rule_text(border["id"], border["text"]) == border["text"]


def test_the_dashboards_next_action_is_translated_from_what_its_row_stores():
    template = next(t for t in shipped_templates().templates if t.id == "KZ-C5")
    todo = shipped_rules().facts["asylum_refused"].todo
    use_language("ru")
    assert next_action_shown(f"KZ-C5: {template.action}") == f"KZ-C5: {shown(template, 'action')}"
    court_sets = next_action_shown(f"KZ-C5: {COURT_SETS}{template.action}")
    assert court_sets.startswith(f"KZ-C5: {shown(template, 'action')} (")
    assert "enter the date" not in court_sets
    assert next_action_shown(todo) == shown(shipped_rules().facts["asylum_refused"], "todo")
    assert next_action_shown("Something typed elsewhere.") == "Something typed elsewhere."
    use_language("en")
    assert next_action_shown(f"KZ-C5: {COURT_SETS}{template.action}") == (
        f"KZ-C5: {COURT_SETS}{template.action}")


CLOCK = """
version = "test"
[[clock]]
id = "X-1"
jurisdiction = "KZ"
track = "criminal"
trigger = "detained"
duration = 48
unit = "hours"
as_stated = "48 h"
action = "Attend the hearing."
action_ru = "Участвуйте в заседании."
who_acts = "lawyer"
legal_basis = "CPC Art 1"
sources = ["https://example.org/law"]
confidence = "high"
verified = true
"""

RULES = """
version = "t"
[levels]
high_from = 8
elevated_from = 4
[facts.next_deadline]
todo = "Enter dates."
todo_kk = "Күндерді енгізіңіз."
[[red_flag]]
id = "RF-X"
text = "A deadline is near"
when = [{ fact = "next_deadline", hours_before = 48 }]
sources = ["s"]
"""


def test_a_missing_translation_is_shown_in_english():
    [template] = parse_templates(CLOCK).templates
    rules = parse_rules(RULES)
    use_language("ru")
    assert shown(template, "action") == "Участвуйте в заседании."
    assert shown(template, "legal_basis") == "CPC Art 1"
    assert shown(rules.rules[0], "text") == "A deadline is near"
    assert shown(rules.facts["next_deadline"], "todo") == "Enter dates."
    use_language("kk")
    assert shown(template, "action") == "Attend the hearing."
    assert shown(rules.facts["next_deadline"], "todo") == "Күндерді енгізіңіз."


def test_a_translation_field_of_no_text_field_is_refused():
    with pytest.raises(ValueError, match="who_acts_ru"):
        parse_templates(CLOCK.replace('who_acts = "lawyer"',
                                      'who_acts = "lawyer"\nwho_acts_ru = "адвокат"'))


def test_an_office_that_rewrites_a_clocks_english_loses_only_that_fields_translations():
    office = 'version = "office-1"\n[[clock]]\nid = "KZ-C2"\naction = "Call the office first."\n'
    merged = {t.id: t for t in merged_templates(office).templates}
    use_language("ru")
    assert shown(merged["KZ-C2"], "action") == "Call the office first."
    assert shown(merged["KZ-C2"], "legal_basis") == "Ст. 587 УПК"
    assert shown(merged["KZ-C1"], "action").startswith("Защитник участвует")


def test_an_office_may_give_its_own_wording_in_each_language():
    office = ('version = "office-2"\n[[clock]]\nid = "KZ-C2"\naction = "Call the office."\n'
              'action_ru = "Позвоните в офис."\n')
    template = next(t for t in merged_templates(office).templates if t.id == "KZ-C2")
    use_language("ru")
    assert shown(template, "action") == "Позвоните в офис."
    use_language("kk")
    assert shown(template, "action") == "Call the office."
