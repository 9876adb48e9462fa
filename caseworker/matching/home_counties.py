"""Which Xinjiang county or prefecture a home place names, whatever script it is in.

A person's home county is good evidence that two reports are about one person, but it
comes as 额敏, Emin, Дөрбілжін or Dorbiljin. The list of places and their names is data
(caseworker/data/home_counties.json); the names are compared by their loose keys, so
Дөрбілжін, Dörbiljin and Dorbiljin are one.

Words for the kind of place (county, 县, ауданы, city, 市) are mostly noise ("Emin county"
is Emin), but they are what tells a city from the county of the same name: 伊宁市 (Yining
city, Ghulja) and 伊宁县 (Yining county) are two places. So a name is first looked up with
its kind word, and only then without it; without one, a name means the place listed with
it bare (伊宁, Ghulja: the city).
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
                         r"ауданы|аудан|округ|уезд|район|облысы|қаласы|qalasy|aimagy|audany|"
                         r"nahiyisi|shehiri|wilayiti)\b",
                         re.IGNORECASE)


@dataclass(frozen=True)
class HomePlace:
    id: str
    level: str  # county | prefecture
    name: str  # its first name in Latin letters, for reasons shown to people
    within: str | None  # the prefecture of a county
    verify: bool


def recognise(text: str) -> HomePlace | None:
    """The most specific county or prefecture named in `text`, or None. At each word a
    name as written, kind word and all ("Yining county", 伊宁县, "Tacheng Prefecture"),
    is looked for before the same name bare; then a county wins over a prefecture."""
    exact, loose = _alias_index()
    words = _text_words(text)
    found: list[HomePlace] = []
    for start in range(len(words)):
        if words[start][1] is None:
            continue  # a kind word ("county") starts no name
        for length in range(min(4, len(words) - start), 0, -1):
            span = words[start:start + length]
            place = exact.get(tuple(written for written, _ in span))
            bare = tuple(key for _, key in span if key is not None)
            place = place or (loose.get(bare) if bare else None)
            if place is not None:
                found.append(place)
                break
    counties = [place for place in found if place.level == "county"]
    chosen = counties or found
    return chosen[0] if chosen else None


def _text_words(text: str) -> list[tuple[str, str | None]]:
    """Each word's loose key as written and without kind words (None: only a kind word)."""
    words = []
    for word in name_words(text):
        bare = name_words(_KIND_WORDS.sub(" ", word.written))
        words.append((word.forms[0].loose, bare[0].forms[0].loose if bare else None))
    return words


def place_by_id(place_id: str) -> HomePlace | None:
    return _by_id().get(place_id)


def prefecture_of(place: HomePlace) -> str:
    return place.within or place.id


def _loose_words(text: str, keep_kind: bool = False) -> list[str]:
    text = text if keep_kind else _KIND_WORDS.sub(" ", text)
    return [word.forms[0].loose for word in name_words(text)]


@cache
def _alias_index() -> tuple[dict[tuple[str, ...], HomePlace], dict[tuple[str, ...], HomePlace]]:
    """Two indexes of the names: as written (kind words kept), and without kind words."""
    data = json.loads((files("caseworker") / "data" / "home_counties.json").read_text("utf-8"))
    exact: dict[tuple[str, ...], HomePlace] = {}
    loose: dict[tuple[str, ...], HomePlace] = {}
    bare: set[tuple[str, ...]] = set()  # loose keys some place has as a bare name
    for entry in data["places"]:
        latin = next(name for name in entry["names"] if name.isascii())
        place = HomePlace(entry["id"], entry["level"], latin, entry.get("in"),
                          bool(entry.get("verify")))
        for name in entry["names"]:
            written = tuple(_loose_words(name, keep_kind=True))
            key = tuple(_loose_words(name))
            if written and written not in exact:
                exact[written] = place
            if not key:
                continue
            is_bare = written == key
            # A bare name beats a kind-worded one (伊宁 is the city, 伊宁县 says county);
            # between equals, a name shared by a county and its prefecture (Tacheng,
            # Altay) means the county.
            if (key not in loose or (is_bare and key not in bare)
                    or (is_bare == (key in bare) and place.level == "county"
                        and loose[key].level != "county")):
                loose[key] = place
            if is_bare:
                bare.add(key)
    return exact, loose


@cache
def _by_id() -> dict[str, HomePlace]:
    exact, loose = _alias_index()
    return {place.id: place for place in (*exact.values(), *loose.values())}
