"""Which script a name is written in, when the person entering it did not say, and which
of a person's name forms to show."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

KAZAKH_CYRILLIC_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KYRGYZ_CYRILLIC_LETTERS = set("ңөүҢӨҮ")


def detect_script(text: str) -> str:
    """A value of vocab.SCRIPTS for the letters in `text` (the first script that dominates)."""
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("CJK"):
            kind = "han"
        elif name.startswith("ARABIC"):
            kind = "arabic"
        elif name.startswith("CYRILLIC"):
            kind = "cyrillic"
        elif name.startswith("LATIN"):
            kind = "latin"
        else:
            kind = "other"
        counts[kind] = counts.get(kind, 0) + 1
    if not counts:
        return "other"
    dominant = max(counts, key=counts.__getitem__)
    if dominant == "han":
        return "zh-hans"
    if dominant == "arabic":
        return "ug-arab"
    if dominant == "cyrillic":
        return "kk-cyrl" if KAZAKH_CYRILLIC_LETTERS & set(text) else "ru-cyrl"
    return "latn" if dominant == "latin" else "other"


# The script shown first when a person has names in several: what most readers of the
# dashboard can read, then the others.
SCRIPT_PREFERENCE = ["latn", "latn-press", "latn-kk", "latn-ug", "pinyin", "kk-cyrl", "ru-cyrl"]


def display_name(forms: Iterable[tuple[str, str]]) -> str:
    """The name to show for a person, from their (text, script) name forms."""
    ranked = sorted(
        forms,
        key=lambda form: SCRIPT_PREFERENCE.index(form[1]) if form[1] in SCRIPT_PREFERENCE
        else len(SCRIPT_PREFERENCE),
    )
    return ranked[0][0] if ranked else "(no name)"
