"""The catalogs (docs/architecture.md §12): current with the code, every message of Kazakh
and Russian translated and none fuzzy, the {fields} of each message kept, the plural
forms each language has, and the compiled .mo files the app reads equal to their .po."""

from __future__ import annotations

import io
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from caseworker.core import i18n
from tests.support.paths import ROOT

LOCALE = ROOT / "caseworker" / "locale"
TRANSLATED = ("kk", "ru")  # English is the source: its catalog may leave messages as they are
FIELDS = re.compile(r"\{(\w*)[^{}]*\}")


def _catalog(language: str):
    with open(LOCALE / language / "LC_MESSAGES" / "caseworker.po", "rb") as file:
        return read_po(file, locale=language)


def _extracted() -> set[str | tuple[str, str]]:
    """What the code marks today, as Babel finds it."""
    found: set[str | tuple[str, str]] = set()
    for top in ("caseworker", "screens"):
        for *_where, message, _comments, context in extract_from_dir(ROOT / top):
            key = message[0] if isinstance(message, tuple) else message
            found.add((context, key) if context else key)
    return found


def test_the_template_holds_what_the_code_marks():
    with open(LOCALE / "caseworker.pot", "rb") as file:
        template = read_po(file)
    held = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) if m.context
            else (m.id[0] if isinstance(m.id, tuple) else m.id) for m in template if m.id}
    assert held == _extracted(), "run `make catalogs`"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalog = _catalog(language)
    with open(LOCALE / "caseworker.pot", "rb") as file:
        template = read_po(file)
    wanted = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    held = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}
    assert wanted <= held, f"missing in {language}: {sorted(wanted - held)[:5]}"
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{language}: untranslated {message.id!r}"
        assert not message.fuzzy, f"{language}: fuzzy {message.id!r}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        fields = {f for text in ids for f in FIELDS.findall(text)}
        for text in strings:
            assert set(FIELDS.findall(text)) <= fields, f"{language}: {text!r}"
            # the count may be left out of a singular ("one case"), nothing else may
            assert fields - set(FIELDS.findall(text)) <= {"n"}, f"{language}: {text!r}"


@pytest.mark.parametrize(("language", "forms"), [("ru", 3), ("kk", 2), ("en", 2)])
def test_each_language_has_its_plural_forms(language, forms):
    assert _catalog(language).num_plurals == forms


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_compiled_catalog_is_the_po_compiled(language):
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(language))
    shipped = (LOCALE / language / "LC_MESSAGES" / "caseworker.mo").read_bytes()
    assert shipped == compiled.getvalue(), "run `make catalogs`"


def test_messages_are_shown_in_the_chosen_language_and_english_is_the_fallback():
    try:
        i18n.use_language("ru")
        assert i18n._("No open deadlines.") != "No open deadlines."
        few = i18n.ngettext("Wrote {n} deadline with alarms to {path}.",
                            "Wrote {n} deadlines with alarms to {path}.", 3)
        many = i18n.ngettext("Wrote {n} deadline with alarms to {path}.",
                             "Wrote {n} deadlines with alarms to {path}.", 5)
        assert few != many  # Russian: 3 and 5 take different forms
        assert i18n._("a message no catalog has") == "a message no catalog has"
        assert i18n._("") == ""  # not the catalog's header
        russian = i18n._("No open deadlines.")
        i18n.use_language("kk")
        assert i18n.current_language() == "kk"
        assert i18n._("No open deadlines.") not in {"No open deadlines.", russian}
    finally:
        i18n.use_language("en")
    assert i18n._("No open deadlines.") == "No open deadlines."


@pytest.mark.parametrize(("environment", "language"), [
    ({"CASEWORKER_LANG": "kk", "LANG": "ru_RU.UTF-8"}, "kk"),
    ({"LANG": "ru_RU.UTF-8"}, "ru"),
    ({"LC_ALL": "kk_KZ.UTF-8", "LANG": "ru_RU.UTF-8"}, "kk"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_default_language_comes_from_the_environment(environment, language):
    assert i18n.default_language(environment) == language
