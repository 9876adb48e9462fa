"""Evidence besides the name: each finding moves a match score up or down, with a reason
a caseworker can check. Only facts known on both sides count; an unknown is never held
against a match."""

from __future__ import annotations

from dataclasses import dataclass

from caseworker.core.i18n import _
from caseworker.matching.home_counties import HomePlace, place_by_id, prefecture_of
from caseworker.matching.match_profile import MatchProfile
from caseworker.names.similarity import WordSimilarity, compare_names

SAME_PRC_ID = 100  # the score: a valid PRC ID number belongs to one person
DIFFERENT_PRC_ID = -40
SAME_BIRTH_DATE = 10
SAME_BIRTH_YEAR = 6
DIFFERENT_BIRTH_YEAR = -25
DIFFERENT_SEX = -30
SAME_COUNTY = 6
DIFFERENT_COUNTY = -6
SAME_PREFECTURE = 2
FATHER_ALIKE = 6
FATHER_DIFFERENT = -6


@dataclass(frozen=True)
class Finding:
    points: int
    reason: str
    decisive: bool = False


def findings(a: MatchProfile, b: MatchProfile, similarity: WordSimilarity) -> list[Finding]:
    found = [_prc_id(a, b), _birth(a, b), _sex(a, b), _home(a, b), _father(a, b, similarity)]
    return [finding for finding in found if finding is not None]


def _prc_id(a: MatchProfile, b: MatchProfile) -> Finding | None:
    if not a.prc_ids or not b.prc_ids:
        return None
    shared = set(a.prc_ids) & set(b.prc_ids)
    if shared:
        return Finding(SAME_PRC_ID, _("same PRC ID number {number} (decisive)").format(
            number=min(shared)), True)
    return Finding(DIFFERENT_PRC_ID, _("different PRC ID numbers ({first} and {second})").format(
        first=", ".join(a.prc_ids), second=", ".join(b.prc_ids)))


def _birth(a: MatchProfile, b: MatchProfile) -> Finding | None:
    if not a.birth or not b.birth:
        return None
    year_a, year_b = int(a.birth[:4]), int(b.birth[:4])
    if len(a.birth) == len(b.birth) == 10 and a.birth == b.birth:
        return Finding(SAME_BIRTH_DATE, _("same date of birth {date}").format(date=a.birth))
    if year_a == year_b:
        return Finding(SAME_BIRTH_YEAR, _("same birth year {year}").format(year=year_a))
    # An age told to a volunteer ("about 23") is off by a year or two easily.
    slack = 3 if a.birth_estimated or b.birth_estimated else 1
    if abs(year_a - year_b) <= slack:
        return Finding(0, _("birth years close ({first} and {second})").format(
            first=year_a, second=year_b))
    return Finding(DIFFERENT_BIRTH_YEAR, _("born in different years ({first} and "
                                           "{second})").format(first=year_a, second=year_b))


def _sex(a: MatchProfile, b: MatchProfile) -> Finding | None:
    known = {"male", "female"}
    if a.sex in known and b.sex in known and a.sex != b.sex:
        return Finding(DIFFERENT_SEX, _("recorded as male and as female") if a.sex == "male"
                       else _("recorded as female and as male"))
    return None


def _home(a: MatchProfile, b: MatchProfile) -> Finding | None:
    if not a.home or not b.home:
        return None
    place_a, place_b = place_by_id(a.home), place_by_id(b.home)
    if place_a is None or place_b is None:
        return None
    if place_a.id == place_b.id:
        same = _("same home county {place}") if place_a.level == "county" \
            else _("same home prefecture {place}")
        return Finding(SAME_COUNTY, same.format(place=_as_written(place_a, a, b)))
    same_prefecture = prefecture_of(place_a) == prefecture_of(place_b)
    if place_a.level == place_b.level == "county":
        # neighbours in one prefecture differ less than counties far apart
        return Finding(DIFFERENT_COUNTY + (SAME_PREFECTURE if same_prefecture else 0),
                       _("home counties differ ({first}, {second})").format(
                           first=place_a.name, second=place_b.name))
    if same_prefecture:
        return Finding(SAME_PREFECTURE, _("home in the same prefecture ({first}, "
                                          "{second})").format(first=place_a.name,
                                                              second=place_b.name))
    return None


def _as_written(place: HomePlace, a: MatchProfile, b: MatchProfile) -> str:
    """"Emin = Дөрбілжін" when the two wrote it differently, else just the name."""
    if a.home_text.casefold() == b.home_text.casefold():
        return place.name
    return f"{a.home_text} = {b.home_text}"


def _father(a: MatchProfile, b: MatchProfile, similarity: WordSimilarity) -> Finding | None:
    if not a.fathers or not b.fathers:
        return None
    best, names = 0.0, ("", "")
    for father_a in a.fathers:
        for father_b in b.fathers:
            score = compare_names(father_a.words, father_b.words, similarity).score
            if len(father_a.words) == 1 or len(father_b.words) == 1:
                # a father is often known by his given name alone: compare word by word
                score = max(similarity(x, y) for x in father_a.words for y in father_b.words)
            if score > best:
                best, names = score, (father_a.text, father_b.text)
    if best >= 0.85:
        return Finding(FATHER_ALIKE, _("father's name alike ({first} ~ {second})").format(
            first=names[0], second=names[1]))
    if best < 0.6:
        return Finding(FATHER_DIFFERENT, _("fathers' names differ"))
    return None
