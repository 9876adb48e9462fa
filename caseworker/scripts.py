"""Which script a name is written in, when the person entering it did not say."""

from __future__ import annotations

import unicodedata

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
    dominant = max(counts, key=counts.get)
    if dominant == "han":
        return "zh-hans"
    if dominant == "arabic":
        return "ug-arab"
    if dominant == "cyrillic":
        return "kk-cyrl" if KAZAKH_CYRILLIC_LETTERS & set(text) else "ru-cyrl"
    return "latn" if dominant == "latin" else "other"
