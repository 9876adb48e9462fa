"""Named rules that bring spellings of one name together, applied to Latin words.

Three kinds, applied in this order (caseworker/names/name_keys.py):

- READING rules: how a Latin spelling system writes a sound (pinyin x is "sh", Uyghur
  Latin x is "kh").
- UNDO rules: the regular sound changes of Chinese transliteration, undone. Chinese
  syllables cannot end in most consonants and cannot hold clusters, so Turkic names gain
  vowels (Alim -> A-li-mu), lose final r/l distinctions (Murager -> Muragel), and gain
  fixed syllables (-jan -> -jiang, Gul -> Guli, bek -> bieke, i- -> yi-). These run on
  every Latin word as an alternative form, because back-translated pinyin often arrives
  typed as plain Latin; the word keeps its own form too.
- SUFFIX rules: the patronymic and family-name endings Kazakh, Kyrgyz and Russian add
  (-uly, -kyzy, -uulu, -ov/-ova, -ovich/-ovna), so Musakhanuly and Musakhan meet.

Every rule has a name a caseworker can read; `--explain` and the match reasons show
which fired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    replacement: str

    def apply(self, word: str) -> str:
        return self.pattern.sub(self.replacement, word)


def _rule(name: str, pattern: str, replacement: str) -> Rule:
    return Rule(name, re.compile(pattern), replacement)


_CONSONANT = "[bcdfghjklmnpqrstvwxz]"

READING_RULES = {
    "pinyin": (
        _rule("pinyin x is sh", r"x", "sh"),
        _rule("pinyin q is ch", r"q", "ch"),
        _rule("pinyin c is ts", r"c(?!h)", "ts"),
    ),
    "uyghur": (
        _rule("Uyghur Latin x is kh", r"x", "kh"),
    ),
    "latin": (),
}

UNDO_RULES = (
    _rule("yi- at the start is i-", rf"^yi(?={_CONSONANT})", "i"),
    _rule("-jiang is -jan", r"jiang$", "jan"),
    _rule("-guli is -gul", r"guli$", "gul"),
    _rule("bieke is bek", r"bieke", "bek"),
    _rule("ie is e", r"ie", "e"),
    _rule("-eer is -er", r"eer", "er"),
    _rule("vowel + er is vowel + r", r"(?<=[aiou])er", "r"),
    _rule("wu is u", r"wu", "u"),
    _rule("zh for z", r"zh", "z"),
    _rule("sh for s", r"sh", "s"),
    _rule("epenthetic u after m dropped", rf"(?<=.m)u(?={_CONSONANT})", ""),
    _rule("epenthetic final vowel dropped", rf"(?<=...)(?<={_CONSONANT})[uie]$", ""),
)

PATRONYMIC = "patronymic -uly/-kyzy/-uulu dropped"
SUFFIX_RULES = (
    _rule(PATRONYMIC, r"(?<=...)(uly|ulu|uuly|uulu|kyzy|qyzy)$", ""),
    _rule("Russian -ovich/-ovna dropped", r"(?<=...)(ovich|evich|ovna|evna)$", ""),
    _rule("Russian -ov/-ova dropped", r"(?<=...)(ov|ev|ova|eva)$", ""),
)

# The letter groups romanisations disagree on, merged into one letter each (the "loose"
# key): Қ/Х/Ғ/Г/К and pinyin h for one sound; zh/j/dzh; sh and pinyin x; y and i; r and
# l, because Chinese writes every r as l (拉 la for "ra": Sayragul -> Shayilaguli).
LOOSE_RULES = (
    _rule("dzh, dj, zh are j", r"dzh|dj|zh", "j"),
    _rule("sh is x", r"sh", "x"),
    _rule("ch is c", r"ch", "c"),
    _rule("ts is s", r"ts", "s"),
    _rule("ng is n", r"ng", "n"),
    _rule("kh, gh, q, g, h are k", r"kh|gh|[qgh]", "k"),
    _rule("ph is f", r"ph", "f"),
    _rule("w is u", r"w", "u"),
    _rule("y is i", r"y", "i"),
    _rule("r is l", r"r", "l"),
    _rule("doubled letters once", r"([a-z])\1+", r"\1"),
)


def apply_rules(word: str, rules: tuple[Rule, ...], fired: list[str] | None = None) -> str:
    """The word after each rule in turn; the names of the rules that changed it are
    appended to `fired`."""
    for rule in rules:
        changed = rule.apply(word)
        if changed != word and fired is not None:
            fired.append(rule.name)
        word = changed
    return word
