"""A person's name in any script, as lower-case Latin words, one transliteration per script.

The person matcher (caseworker/names/name_keys.py) compares names after this step. Each script
gets its own table because one letter means different sounds in different systems: x is
"sh" in Hanyu pinyin and "kh" in Uyghur Latin; q is "ch" in pinyin and қ in Kazakh Latin;
ы is a vowel the Latin press writes y. anyascii is the fallback for any other letter.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from functools import cache
from pathlib import Path

from anyascii import anyascii

# Kazakh, Russian, Kyrgyz and Uzbek Cyrillic in one table: the letters these alphabets
# share sound alike, and the extra letters of each (әғқңөұүһі, ў, ҳ) do not collide.
CYRILLIC = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e",
    "ё": "yo", "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "yu", "я": "ya", "ў": "o", "ҳ": "h", "ӯ": "u", "ҷ": "j",
}

# Uyghur Arabic script (UEY) and the Kazakh Arabic script of Xinjiang, read as Uyghur
# Latin (ULY). The hamza seat ئ only carries a vowel at the start of a syllable.
ARABIC = {
    "ا": "a", "ە": "e", "ب": "b", "پ": "p", "ت": "t", "ج": "j", "چ": "ch", "خ": "kh",
    "د": "d", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "گ": "g", "ڭ": "ng", "ل": "l", "م": "m", "ن": "n", "ھ": "h",
    "ه": "h", "و": "o", "ۇ": "u", "ۆ": "o", "ۈ": "u", "ۋ": "w", "ې": "e", "ى": "i",
    "ي": "y", "ئ": "", "ٴ": "", "ٵ": "a", "ٶ": "o", "ٷ": "u", "ٸ": "i", "ع": "", "ح": "h",
    "ط": "t", "ظ": "z", "ص": "s", "ض": "z", "ث": "s", "ذ": "z", "ة": "e", "أ": "a",
    "إ": "i", "آ": "a", "ء": "",
}

# Letters of the Kazakh Latin alphabets (2017 apostrophes, 2018 acutes, 2021 Turkic
# letters) and of Uyghur and Turkish Latin that NFKD would otherwise turn into plain
# letters of a different sound (ş is sh, not s).
LATIN_LETTERS = {"ş": "sh", "ç": "ch", "ğ": "gh", "ñ": "ng", "ń": "ng", "ı": "y",
                 "ǵ": "g", "ý": "u", "ŋ": "ng", "ž": "zh", "š": "sh", "č": "ch"}

# Readings of characters as they are used to transliterate Turkic names into Chinese,
# where the dictionary's first reading is another one: 勒 is le in Muragel, not lei.
NAME_READINGS = {
    "勒": "le", "什": "shi", "塞": "sai", "格": "ge", "丽": "li", "那": "na", "斯": "si",
    "提": "ti", "汗": "han", "甘": "gan", "吾": "wu", "色": "se", "沙": "sha", "莎": "sha",
    "都": "du", "扎": "zha", "卡": "ka", "古": "gu", "合": "he", "赫": "he", "哈": "ha",
    "塔": "ta", "排": "pai", "乃": "nai", "其": "qi", "齐": "qi", "伯": "bo", "夏": "xia",
    "喀": "ka", "帕": "pa", "若": "ruo", "万": "wan", "于": "yu", "艾": "ai", "拜": "bai",
    "别": "bie", "波": "bo", "达": "da", "包": "bao", "尼": "ni", "依": "yi", "衣": "yi",
}
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SEPARATORS = re.compile(r"[\s·•・.\-‐‑–—_/,;:()\[\]\"“”«»]+")
_NOT_LETTER = re.compile(r"[^a-z0-9]+")

PINYIN_SCRIPTS = ("zh-hans", "zh-hant", "pinyin")
UYGHUR_LATIN_SCRIPTS = ("latn-ug",)


def reading_system(script: str, word: str) -> str:
    """Which Latin reading rules apply to a word of a name written in `script`: "pinyin",
    "uyghur" or "latin". A word in Chinese characters is read as pinyin whatever the
    name's script says (names come mixed: 伊力哈木 Tohti)."""
    if _HAN.search(word) or script.startswith(PINYIN_SCRIPTS):
        return "pinyin"
    if script in UYGHUR_LATIN_SCRIPTS:
        return "uyghur"
    return "latin"


def split_words(text: str) -> list[str]:
    """A name's words: NFKC-normalised, case-folded, split at spaces and at the
    separators Chinese and Russian renderings put between name parts (· • ・ . -)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return [word for word in _SEPARATORS.split(text) if word]


def word_to_latin(word: str) -> str:
    """One word of a name in Latin letters: Cyrillic, Arabic and Chinese by their tables,
    anything else by anyascii. Each Chinese character is a syllable of its own."""
    out = []
    for char in word:
        if char in CYRILLIC:
            out.append(CYRILLIC[char])
        elif char in ARABIC:
            out.append(ARABIC[char])
        elif char in LATIN_LETTERS:
            out.append(LATIN_LETTERS[char])
        elif _HAN.match(char):
            out.append(han_reading(char))
        elif "a" <= char <= "z" or "0" <= char <= "9":
            out.append(char)
        else:
            out.append(_plain(char))
    return _NOT_LETTER.sub("", "".join(out))


def han_reading(char: str) -> str:
    """A Chinese character's reading as used in names, without tone marks."""
    if char in NAME_READINGS:
        return NAME_READINGS[char]
    readings = _pinyin_dictionary().get(ord(char))
    if not readings:
        return _plain(char)
    return _plain(readings.split(",")[0])


@cache
def _plain(char: str) -> str:
    """A letter without its diacritics (é -> e, ü -> u); other scripts through anyascii."""
    stripped = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c))
    return anyascii(stripped).lower()


@cache
def _pinyin_dictionary() -> dict[int, str]:
    """pypinyin's readings of single characters, read on first use (most names have no
    Chinese characters). Read from its data file: importing any part of pypinyin loads its
    phrase dictionary too, three times the size, which names never use; that made the
    first Chinese name an import meets cost a second or two."""
    spec = importlib.util.find_spec("pypinyin")  # finds the package without running it
    folder = spec.submodule_search_locations if spec is not None else None
    path = Path(next(iter(folder)), "pinyin_dict.json") if folder else None
    if path is not None and path.is_file():
        return {int(code): readings
                for code, readings in json.loads(path.read_text("utf-8")).items()}
    # Imported here, where no data file was found (a frozen build): the readings the same.
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict
