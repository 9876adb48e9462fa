"""Which Xinjiang county or prefecture a home place names, whatever script it is in.

A person's home county is good evidence that two reports are about one person, but it
comes as 额敏, Emin, Дөрбілжін or Dorbiljin. The list of places and their names is data
(caseworker/data/home_counties.json); the names are compared by their loose keys, so
Дөрбілжін, Dörbiljin and Dorbiljin are one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from caseworker.names.name_keys import name_words

# Words that say what kind of place a name is, in the languages home places come in.
_KIND_WORDS = re.compile(r"(哈萨克自治州|自治州|地区|县|市|州)|\b(county|prefecture|city|district|"
                         r"ауданы|аудан|округ|уезд|район|облысы|qalasy|aimagy|audany)\b",
                         re.IGNORECASE)


@dataclass(frozen=True)
class HomePlace:
    id: str
    level: str  # county | prefecture
    name: str  # its first name in Latin letters, for reasons shown to people
    within: str | None  # the prefecture of a county
    verify: bool


def recognise(text: str) -> HomePlace | None:
    """The most specific county or prefecture named in `text`, or None."""
    words = _loose_words(text)
    if not words:
        return None
    index = _alias_index()
    found: list[HomePlace] = []
    for start in range(len(words)):
        for length in range(min(4, len(words) - start), 0, -1):
            place = index.get(tuple(words[start:start + length]))
            if place is not None:
                found.append(place)
                break
    counties = [place for place in found if place.level == "county"]
    return (counties or found or [None])[0]


def place_by_id(place_id: str) -> HomePlace | None:
    return _by_id().get(place_id)


def prefecture_of(place: HomePlace) -> str:
    return place.within or place.id


def _loose_words(text: str) -> list[str]:
    return [word.forms[0].loose for word in name_words(_KIND_WORDS.sub(" ", text))]


@cache
def _alias_index() -> dict[tuple[str, ...], HomePlace]:
    data = json.loads((files("caseworker") / "data" / "home_counties.json").read_text("utf-8"))
    index: dict[tuple[str, ...], HomePlace] = {}
    for entry in data["places"]:
        latin = next(name for name in entry["names"] if name.isascii())
        place = HomePlace(entry["id"], entry["level"], latin, entry.get("in"),
                          bool(entry.get("verify")))
        for name in entry["names"]:
            key = tuple(_loose_words(name))
            # A name shared by a county and its prefecture (Tacheng, Altay) means the county.
            if key and (key not in index or place.level == "county"):
                index[key] = place
    return index


@cache
def _by_id() -> dict[str, HomePlace]:
    return {place.id: place for place in _alias_index().values()}
