"""Is this the same person? One score from 0 to 100 for two profiles, and the reasons.

The score is the name score (best pair of name forms, caseworker/names/similarity.py) on
a 0-100 scale, moved by the evidence besides names (caseworker/matching/match_evidence.py). A
shared valid PRC ID number decides on its own. Nothing is ever merged on a score: a
person reads the reasons and decides (caseworker/matching/match_decisions.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from caseworker.core.i18n import _, ngettext
from caseworker.matching.match_evidence import SAME_PRC_ID, findings
from caseworker.matching.match_profile import MatchProfile
from caseworker.names.similarity import (
    NameComparison,
    WordSimilarity,
    closest_forms,
    compare_names,
)

SUGGEST_AT = 75  # at or above: shown as a possible duplicate before saving
FIND_AT = 60  # at or above: found by a search for a name in another spelling


@dataclass(frozen=True)
class Match:
    score: int
    reasons: tuple[str, ...]


def compare(query: MatchProfile, other: MatchProfile, similarity: WordSimilarity) -> Match:
    score, best, best_names, found = _scored(query, other, similarity)
    reasons = [_name_reason(best, *best_names)] if best and best.pairs else []
    return Match(score, tuple(reasons + [finding.reason for finding in found]))


def score_only(query: MatchProfile, other: MatchProfile, similarity: WordSimilarity) -> int:
    """The score of `compare` without wording the reasons (most candidates are dropped)."""
    return _scored(query, other, similarity)[0]


def _scored(query: MatchProfile, other: MatchProfile, similarity: WordSimilarity):
    # Namesakes decoded from the index share one names tuple (match_profile's cache).
    # The memo keeps both tuples alive, so their ids cannot be reused while it lasts.
    key = (id(query.names), id(other.names))
    if key not in similarity.names:
        similarity.names[key] = (*_best_names(query, other, similarity), query.names,
                                 other.names)
    best, best_names = similarity.names[key][:2]
    found = findings(query, other, similarity)
    if any(finding.decisive for finding in found):
        return SAME_PRC_ID, best, best_names, found
    score = (100 * best.score if best else 0.0) + sum(finding.points for finding in found)
    return max(0, min(100, round(score))), best, best_names, found


def _best_names(query: MatchProfile, other: MatchProfile,
                similarity: WordSimilarity) -> tuple[NameComparison | None, tuple[str, str]]:
    best: NameComparison | None = None
    best_names = ("", "")
    for name_a in query.names:
        for name_b in other.names:
            comparison = compare_names(name_a.words, name_b.words, similarity)
            if best is None or comparison.score > best.score:
                best, best_names = comparison, (name_a.text, name_b.text)
    return best, best_names


def _name_reason(comparison: NameComparison, typed: str, stored: str) -> str:
    percent = round(100 * comparison.score)
    text = _("name {stored} is like {typed} ({percent}%)").format(stored=stored, typed=typed,
                                                                 percent=percent)
    rules = []
    for word_a, word_b, _score in comparison.pairs:
        form_a, form_b = closest_forms(word_a, word_b)
        for rule in form_a.rules + form_b.rules:
            if rule not in rules:
                rules.append(rule)
    notes = []
    if rules:
        notes.append(_("after rules: {rules}").format(rules=", ".join(rules)))
    if comparison.patronymic_clash:
        notes.append(_("but the patronymics (-uly/-kyzy) are on different names"))
    if comparison.reordered:
        notes.append(_("name parts in another order"))
    if len(comparison.pairs) == 1:
        notes.append(_("only one name in common, weak on its own"))
    elif comparison.extra_words:
        notes.append(ngettext("{n} name part(s) on one side only",
                              "{n} name part(s) on one side only",
                              comparison.extra_words).format(n=comparison.extra_words))
    return text + ("; " + "; ".join(notes) if notes else "")
