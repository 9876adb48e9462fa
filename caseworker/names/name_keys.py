"""Keys for a person's name that meet across scripts: each word's loose key and consonant
skeleton, in one or two forms (as written, and with Chinese transliteration undone).

    Сауытбай -> sauytbay -> loose "sauitbai", skeleton "stb"
    Yilihamu (pinyin) -> loose "ilikamu", and undone "iliham" -> loose "ilikam"; both "_lkm"

The loose key keeps vowels (so it tells Alim from Alima); the skeleton drops them, since
vowels are what transliteration distorts most. The first letter of a skeleton is "_"
when the word starts with a vowel, so Ershidin and Arshidin share "_lxdn".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from caseworker.core.vocab import SCRIPTS
from caseworker.names.latin import reading_system, split_words, word_to_latin
from caseworker.names.spelling_rules import (
    LOOSE_RULES,
    READING_RULES,
    SUFFIX_RULES,
    UNDO_RULES,
    apply_rules,
)
from caseworker.names.writing_systems import detect_script

SYSTEM_NAMES = {"pinyin": "Hanyu pinyin", "uyghur": "Uyghur Latin", "latin": "Latin"}
MAX_NAME_CHARS = 200  # no one's name is longer; the rest of a paste is ignored
MAX_WORDS = 6
MAX_WORD_CHARS = 40
_VOWELS = re.compile(r"[aeiou]")
_DOUBLED = re.compile(r"([a-z_])\1+")


@dataclass(frozen=True)
class WordForm:
    loose: str
    skeleton: str
    rules: tuple[str, ...] = ()  # the named rules that made this form


@dataclass(frozen=True)
class WordKeys:
    """One word of a name: as written, and its forms (one, or two when undoing Chinese
    transliteration changed it), with the rules that fired for each form."""

    written: str
    forms: tuple[WordForm, ...]

    @cached_property
    def rules(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(rule for form in self.forms for rule in form.rules))

    @cached_property
    def signature(self) -> str:
        """What similarity depends on (skeletons follow from loose keys), as one string:
        cheap to hash, so comparisons of common words can be remembered."""
        return " ".join(form.loose for form in self.forms)


def skeleton(loose: str) -> str:
    if not loose:
        return ""
    if loose.isdigit():
        return loose
    head = loose[0] if not _VOWELS.match(loose[0]) else "_"
    return _DOUBLED.sub(r"\1", head + _VOWELS.sub("", loose[1:]))


def name_words(text: str, script: str = "") -> list[WordKeys]:
    """The keys of each word of a name, bounded so that a pasted article costs no more
    than a long name."""
    keys = [word_keys(word, reading_system(script, word)) for word in _words(text)]
    return [key for key in keys if key.forms][:MAX_WORDS]


def _words(text: str) -> list[str]:
    return [w for w in split_words(text[:MAX_NAME_CHARS]) if len(w) <= MAX_WORD_CHARS]


@lru_cache(maxsize=20_000)
def word_keys(word: str, system: str) -> WordKeys:
    """Names repeat (every third person is a Nurlan or an Aigerim), so keys are cached."""
    return WordKeys(word, explain_word(word, system).forms)


@dataclass(frozen=True)
class WordExplanation:
    forms: tuple[WordForm, ...]
    steps: tuple[str, ...]


def explain_word(word: str, system: str) -> WordExplanation:
    """Every step from the written word to its keys, in words."""
    steps = []
    latin = word_to_latin(word)
    steps.append(f"{word} -> {latin} (letters to Latin)")
    if not latin:
        return WordExplanation((), tuple(steps))
    fired: list[str] = []
    read = apply_rules(latin, READING_RULES[system], fired)
    stem = apply_rules(read, SUFFIX_RULES, fired)
    _step(steps, stem, latin, fired)
    plain_rules = list(fired)
    undone = apply_rules(stem, UNDO_RULES, fired)
    _step(steps, undone, stem, fired[len(plain_rules):], "undo Chinese transliteration")
    forms: list[WordForm] = []
    for spelled, rules in ((stem, plain_rules), (undone, fired)):
        loose = apply_rules(spelled, LOOSE_RULES)
        if loose and all(loose != form.loose for form in forms):
            forms.append(WordForm(loose, skeleton(loose), tuple(rules)))
            steps.append(f"{spelled} -> loose {loose}, skeleton {forms[-1].skeleton}")
    return WordExplanation(tuple(forms), tuple(steps))


def _step(steps: list[str], after: str, before: str, rules: list[str], label: str = "") -> None:
    if after != before:
        names = "; ".join(rules)
        steps.append(f"{before} -> {after} ({label + ': ' if label else ''}{names})")


def explain_name(text: str, script: str = "") -> list[str]:
    """Each step of the normalisation of a name, for `caseworker match --explain`."""
    lines = [repr(text[:MAX_NAME_CHARS])]
    for word in _words(text)[:MAX_WORDS]:
        system = reading_system(script, word)
        written = detect_script(word)
        rules = f"then read by the spelling rules of {SYSTEM_NAMES[system]}"
        if written.startswith("latn") or (written == "pinyin" and system == "pinyin"):
            lines.append(f"  {word}: {SCRIPTS.get(written, written)}; read by the spelling "
                         f"rules of {SYSTEM_NAMES[system]}")
        else:  # another script: its own table brings it to Latin letters first
            lines.append(f"  {word}: {SCRIPTS.get(written, written)}, to Latin letters by "
                         f"that script's table, {rules}")
        lines += ["    " + step for step in explain_word(word, system).steps]
    return lines
