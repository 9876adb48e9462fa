"""What the person matcher knows about one person: the keys of every name form, and the
evidence that is not a name (PRC ID, birth date, sex, home county, father's name).

A profile is built from an intake draft, from the stored records of a person, or from a
name typed on the command line, and kept (as JSON) in the match index so that matching
reads it instead of recomputing it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from caseworker.core.prc_id import InvalidPrcId, parse_prc_id
from caseworker.matching.home_counties import recognise
from caseworker.names.name_keys import WordForm, WordKeys, name_words

# Relations that mean "father", as intake volunteers type them. The whole relation must
# be one of these: "father-in-law" and "grandfather" are someone else.
FATHER_WORDS = frozenset({"father", "his father", "her father", "әке", "әкесі", "аке",
                          "отец", "ata", "ake", "akesi", "dad", "父", "父亲"})


@dataclass(frozen=True)
class NameKeys:
    text: str
    words: tuple[WordKeys, ...]


@dataclass(frozen=True)
class MatchProfile:
    names: tuple[NameKeys, ...]
    birth: str | None = None  # partial ISO date: "1996", "1996-03", "1996-03-02"
    birth_estimated: bool = False
    sex: str = "unknown"
    home: str | None = None  # a home_counties id
    home_text: str = ""
    fathers: tuple[NameKeys, ...] = ()
    prc_ids: tuple[str, ...] = ()  # valid numbers only

    def to_json(self) -> str:
        """Two lines: the names, then the rest. Namesakes share the first line exactly,
        so it is decoded once per search and its comparisons remembered."""
        names = json.dumps([_name_to_json(name) for name in self.names],
                           ensure_ascii=False, separators=(",", ":"))
        rest = json.dumps({
            "b": self.birth, "e": self.birth_estimated, "s": self.sex, "h": self.home,
            "ht": self.home_text, "f": [_name_to_json(name) for name in self.fathers],
            "i": list(self.prc_ids),
        }, ensure_ascii=False, separators=(",", ":"))
        return names + "\n" + rest

    @classmethod
    def from_json(cls, text: str) -> MatchProfile:
        names, rest = text.split("\n", 1)
        data = json.loads(rest)
        return cls(names_from_json(names), data["b"], data["e"], data["s"], data["h"],
                   data["ht"], tuple(_name_from_json(n) for n in data["f"]), tuple(data["i"]))


@lru_cache(maxsize=4096)
def names_from_json(text: str) -> tuple[NameKeys, ...]:
    return tuple(_name_from_json(name) for name in json.loads(text))


def build_profile(names: list[tuple[str, str]], *, birth: str | None = None,
                  birth_estimated: bool = False, sex: str = "unknown", home_text: str = "",
                  fathers: Sequence[str] = (),
                  document_numbers: Sequence[str] = ()) -> MatchProfile:
    """A profile from (text, script) name forms and whatever else is known."""
    keyed: list[NameKeys] = []
    for text, script in names:
        words = tuple(name_words(text, script))
        if words and all(words != known.words for known in keyed):
            keyed.append(NameKeys(text, words))
    home = recognise(home_text) if home_text else None
    return MatchProfile(
        names=tuple(keyed), birth=birth or None, birth_estimated=birth_estimated, sex=sex,
        home=home.id if home else None, home_text=home_text.strip(),
        fathers=tuple(NameKeys(f, tuple(name_words(f))) for f in fathers if name_words(f)),
        prc_ids=tuple(sorted(set(_valid_prc_ids(document_numbers)))),
    )


def is_father(relation: str) -> bool:
    return " ".join(relation.casefold().split()) in FATHER_WORDS


def _valid_prc_ids(numbers) -> list[str]:
    valid = []
    for number in numbers:
        try:
            valid.append(parse_prc_id(number).number)
        except InvalidPrcId:
            continue  # not evidence; validation already told the person at intake
    return valid


def _name_to_json(name: NameKeys) -> list:
    return [name.text, [[w.written, [[f.loose, f.skeleton, list(f.rules)] for f in w.forms]]
                        for w in name.words]]


def _name_from_json(data: list) -> NameKeys:
    text, words = data
    return NameKeys(text, tuple(
        WordKeys(written, tuple(WordForm(loose, skel, tuple(rules))
                                for loose, skel, rules in forms))
        for written, forms in words))
