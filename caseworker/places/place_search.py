"""Finding a place as you type, in any script and any transliteration, with typos.

Two steps. SQLite's full-text index (FTS5, in `place_search`) finds candidate names
cheaply: a name is a candidate when each query word starts one of its words (after
folding, see caseworker/places/place_keys.py) or shares a consonant skeleton within one letter.
rapidfuzz then scores the few candidates against the query, and the best name of each
place gives the place its score (0-100).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlmodel import Session

from caseworker.core import vocab
from caseworker.places.border_distance import BorderDistance
from caseworker.places.place_keys import query_words, skeleton_variants

CANDIDATES = 40  # names read per question; rapidfuzz scores them all
MIN_SCORE = 60
# The matching names with what a result shows of their place (place_names repeats it).
_QUESTION = ("SELECT n.place_id, n.name, n.words, n.short_name, n.type, n.country, n.closed, "
             "n.border_km, n.crossing_id, n.crossing_name FROM place_search s "
             "JOIN place_names n ON n.rowid = s.rowid WHERE place_search MATCH ? LIMIT ?")


@dataclass(frozen=True)
class PlaceHit:
    id: str
    short_name: str
    matched_name: str  # the name or alias that matched best
    type: str
    country: str
    closed: bool
    score: int
    border: BorderDistance | None


def search_places(session: Session, query: str, limit: int = 20) -> list[PlaceHit]:
    """Places best first; an empty list when nothing matches (never an error).

    Word starts first; only when they find nothing (a typo, or a stray word) looser
    questions follow, so the common case costs one statement."""
    if limit < 1:
        return []
    words = query_words(query)
    typed = " ".join(words)
    conn = session.connection()
    for match in _questions(words):
        names = conn.exec_driver_sql(_QUESTION, (match, CANDIDATES)).all()
        best = _best_per_place(typed, names)
        if best:
            break
    else:
        return []
    places = {row[0]: row for row in names}

    def rank(place_id: str) -> tuple:
        score, _, matched = best[place_id]
        _, _, _, short_name, place_type, _, closed, *_ = places[place_id]
        return (-score, -matched, closed, vocab.PLACE_TYPE_RANK.get(place_type, 99), short_name)

    ranked = sorted(best, key=rank)[:limit]
    return [_hit(places[place_id], *best[place_id][:2]) for place_id in ranked]


def place_questions(query: str) -> list[str]:
    """The FTS5 questions a search asks, in order, until one finds a place: word starts,
    then skeletons within one letter, then (for several words) any of the words."""
    return _questions(query_words(query))


def _questions(words: list[str]) -> list[str]:
    if not words:
        return []
    return [" AND ".join(_words(words, _prefix)), *_fallbacks(words)]


def _words(words: list[str], clause) -> list[str]:
    """One clause per word. Only the last word is still being typed: the ones before it
    are whole words, which the index finds far faster than word starts."""
    return [clause(word, last=index == len(words) - 1) for index, word in enumerate(words)]


def _prefix(word: str, last: bool = True) -> str:
    return f'words:"{word}"*' if last else f'words:"{word}"'


def _near_skeleton(word: str, last: bool) -> str:
    """The word (or its start), or a skeleton within one letter of its skeleton: a typo."""
    if len(word) < 3:
        return _prefix(word, last)
    skeletons = " OR ".join(f'"s{variant}"' for variant in skeleton_variants(word))
    return f"({_prefix(word, last)} OR skeletons:({skeletons}))"


def _fallbacks(words: list[str]) -> list[str]:
    """Looser and looser questions, each asked only when the ones before found nothing."""
    matches = [" AND ".join(_words(words, _near_skeleton))]
    if len(words) > 1:  # a stray word ("SIZO in Taldykorgan") must not hide the place
        matches.append(" OR ".join(_words(words, _near_skeleton)))
    return matches


def _best_per_place(query: str, candidates) -> dict[str, tuple[int, str, int]]:
    """Per place: the best score, the name that earned it, and how many of its names
    matched (between equal scores, the place more of whose names match comes first)."""
    best: dict[str, tuple[int, str, int]] = {}
    # Each distinct folded name is scored once (a place's names in several scripts often
    # fold alike), in one call: rapidfuzz prepares the query once, and the cutoff lets it
    # give up early on names that would round below MIN_SCORE (the scores it returns
    # are exact).
    distinct = list(dict.fromkeys([row[2] for row in candidates]))
    scores = {name: round(exact) for name, exact, _ in process.extract(
        query, distinct, scorer=fuzz.WRatio, limit=None, score_cutoff=MIN_SCORE - 0.5)}
    for row in candidates:
        score = scores.get(row[2])
        if score is None:
            continue
        place_id = row[0]
        top, top_name, matched = best.get(place_id, (-1, "", 0))
        best[place_id] = (score, row[1], matched + 1) if score > top else (top, top_name,
                                                                           matched + 1)
    return best


def _hit(row, score: int, name: str) -> PlaceHit:
    place_id, _, _, short_name, place_type, country, closed, km, crossing_id, crossing = row
    border = None if km is None else BorderDistance(km, crossing_id, crossing)
    return PlaceHit(place_id, short_name, name, place_type, country, bool(closed), score,
                    border)
