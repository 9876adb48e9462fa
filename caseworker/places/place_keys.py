"""Search keys for place names, so spellings of one place in any script meet.

Place names reach caseworkers through Kazakh, Russian, Chinese and English press, each
transliterating differently: Zharkent, Jarkent, Dzharkent, Жаркент; Khorgos, Horgos,
Qorgas, Қорғас, 霍尔果斯. Every name and every query is reduced the same way:

1. any script to Latin letters (anyascii; Chinese characters come out as pinyin);
2. the letter groups that transliterations disagree on to one spelling (`LOOSE_RULES`);
3. per word, a consonant skeleton (vowels are what spellings disagree on most), plus the
   skeleton with each one letter dropped: two skeletons within one typo share a drop.
"""

from __future__ import annotations

import re

from anyascii import anyascii

# Applied in order to each lower-case Latin word. The left sides are spellings of one
# sound in different transliteration systems (Russian, Kazakh official Latin, English
# press, pinyin): Джаркент/Dzharkent/Djarkent/Zharkent/Jarkent, Хоргос/Khorgos/Horgos,
# Қорғас/Qorghas, Uzbek Latin x for kh.
LOOSE_RULES = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"),
    ("kh", "h"), ("x", "h"),
    ("gh", "g"), ("q", "k"),
    ("w", "v"),
)
_VOWELS = re.compile(r"[aeiouy]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"([a-z])\1+")
_HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
MAX_QUERY_CHARS = 200  # longer text is not a place name; the rest is ignored
MAX_QUERY_WORDS = 8
MAX_WORD_CHARS = 40  # no word of a place name is longer; a longer "word" is a paste


def latin_words(text: str) -> list[str]:
    """The text's words in lower-case Latin letters and digits. Each Chinese character
    is a syllable of its own, so 霍尔 finds 霍尔果斯 and so does 果斯."""
    latin = anyascii(_HAN.sub(r" \1 ", text)).lower().replace("'", "")
    return [word for word in _NOT_WORD.split(latin) if word]


def loose(word: str) -> str:
    for old, new in LOOSE_RULES:
        word = word.replace(old, new)
    return _DOUBLED.sub(r"\1", word)


def loose_words(text: str) -> list[str]:
    return [loose(word) for word in latin_words(text)]


def skeleton(word: str) -> str:
    """The word's first letter and the consonants after it: "jarkent" -> "jrknt"."""
    if not word or word.isdigit():
        return word
    return word[0] + _VOWELS.sub("", word[1:])


def skeleton_variants(word: str) -> list[str]:
    """The skeleton and, when long enough to stay specific, each one-letter drop of it."""
    whole = skeleton(word)
    variants = [whole]
    if len(whole) >= 4 and not whole.isdigit():
        for index in range(len(whole)):
            drop = whole[:index] + whole[index + 1:]
            if drop not in variants:
                variants.append(drop)
    return variants


def name_keys(name: str) -> tuple[str, str]:
    """What the index stores for one name: its loose words, and every skeleton variant
    of each word (prefixed "s" so a skeleton never matches a word token)."""
    words = loose_words(name)
    skeletons = []
    for word in words:
        for variant in skeleton_variants(word):
            token = "s" + variant
            if token not in skeletons:
                skeletons.append(token)
    return " ".join(words), " ".join(skeletons)


def query_words(query: str) -> list[str]:
    """A typed query as loose words, bounded so a pasted article costs no more than a name."""
    words = [word for word in latin_words(query[:MAX_QUERY_CHARS]) if len(word) <= MAX_WORD_CHARS]
    return [loose(word) for word in words][:MAX_QUERY_WORDS]
