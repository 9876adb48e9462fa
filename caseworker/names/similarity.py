"""How alike two names are, order-free, from their word keys (caseworker/names/name_keys.py).

Two words are compared by their loose keys and, when long enough to mean something, by
their consonant skeletons too (RapidFuzz's normalised Indel similarity). Two names are
compared by the best one-to-one pairing of their words, whatever the order (PRC passports
put the father's name first). A pairing is only as good as its worst pair allows: Nurlan
Bekov and Nurbol Bekov share a surname but are not alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from rapidfuzz.distance import Indel

from caseworker.names.name_keys import WordForm, WordKeys
from caseworker.names.spelling_rules import PATRONYMIC

MIN_SKELETON = 3  # shorter skeletons ("_l" of Ali) say little
SKELETON_WEIGHT = 0.5  # of the skeleton in a word's similarity, when it counts
WORST_PAIR_FLOOR = 0.85  # a pair below this drags the whole name down
EXTRA_WORD_FACTOR = 0.95  # per word one name has and the other lacks
ONE_WORD_CAP = 0.6  # one word in common is weak evidence on its own ("Abai")
ALIGNED_WORDS = 4  # words beyond the fourth are not paired (costs grow factorially)
# Names that start with different sounds are different names, however much of the rest
# they share (Nurlan and Erlan). Initials that transliterations confuse count as one.
OTHER_INITIAL_FACTOR = 0.8
_INITIAL_CLASS = str.maketrans({"a": "_", "e": "_", "i": "_", "o": "_", "u": "_", "x": "s",
                                "c": "s", "z": "j", "p": "b", "t": "d", "v": "_"})
FEMININE_ENDING = 0.6  # Alim and Alima are two names, not two spellings of one
# Erlan Serikuly (son of Serik) and Serik Erlanuly (son of Erlan) have the same words.
PATRONYMIC_CLASH_FACTOR = 0.6


@dataclass(frozen=True)
class NameComparison:
    score: float  # 0..1
    pairs: tuple[tuple[WordKeys, WordKeys, float], ...]
    reordered: bool
    extra_words: int
    patronymic_clash: bool = False


class WordSimilarity:
    """Word-pair similarities, remembered: in one search, the same common words meet
    many times. `names` remembers whole-name comparisons the same way (namesakes)."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], float] = {}
        # (the best pairing of words, the two names' texts, both names tuples: kept so
        # that their ids are not reused while remembered)
        self.names: dict[tuple[int, int],
                         tuple[NameComparison | None, tuple[str, str], tuple, tuple]] = {}

    def __call__(self, a: WordKeys, b: WordKeys) -> float:
        key = (a.signature, b.signature)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = _word_similarity(a, b)
        return found


def _word_similarity(a: WordKeys, b: WordKeys) -> float:
    return max(_form_similarity(fa, fb) for fa in a.forms for fb in b.forms)


def closest_forms(a: WordKeys, b: WordKeys) -> tuple[WordForm, WordForm]:
    """The forms of two words that gave their similarity (for the reasons shown)."""
    return max(((fa, fb) for fa in a.forms for fb in b.forms),
               key=lambda pair: _form_similarity(*pair))


def _form_similarity(fa: WordForm, fb: WordForm) -> float:
    if fa.loose + "a" == fb.loose or fb.loose + "a" == fa.loose:
        return FEMININE_ENDING
    score = Indel.normalized_similarity(fa.loose, fb.loose)
    if min(len(fa.skeleton), len(fb.skeleton)) >= MIN_SKELETON:
        score = max(score, (1 - SKELETON_WEIGHT) * score + SKELETON_WEIGHT
                    * Indel.normalized_similarity(fa.skeleton, fb.skeleton))
    if fa.loose[:1].translate(_INITIAL_CLASS) != fb.loose[:1].translate(_INITIAL_CLASS):
        score *= OTHER_INITIAL_FACTOR
    return score


def compare_names(a: tuple[WordKeys, ...], b: tuple[WordKeys, ...],
                  similarity: WordSimilarity) -> NameComparison:
    if not a or not b:
        return NameComparison(0.0, (), False, 0)
    short, long_, flipped = (a, b, False) if len(a) <= len(b) else (b, a, True)
    short, long_ = short[:ALIGNED_WORDS], long_[:ALIGNED_WORDS + 2]
    matrix = [[similarity(s, t) for t in long_] for s in short]
    best_total = -1.0
    best_order: tuple[int, ...] = ()
    for order in permutations(range(len(long_)), len(short)):
        total = sum(matrix[i][j] for i, j in enumerate(order))
        if total > best_total:
            best_total, best_order = total, order
    sims = [matrix[i][j] for i, j in enumerate(best_order)]
    score = best_total / len(short) * min(1.0, min(sims) / WORST_PAIR_FLOOR)
    extra = abs(len(a) - len(b))
    score *= EXTRA_WORD_FACTOR ** extra
    pairs = tuple((short[i], long_[j], matrix[i][j]) for i, j in enumerate(best_order))
    clash = _patronymic_clash(pairs, short, long_)
    if clash:
        score *= PATRONYMIC_CLASH_FACTOR
    if len(short) == 1:
        score = min(score, ONE_WORD_CAP)
    if flipped:
        pairs = tuple((y, x, s) for x, y, s in pairs)
    reordered = list(best_order) != sorted(best_order)
    return NameComparison(score, pairs, reordered, extra, clash)


def _is_patronymic(word: WordKeys) -> bool:
    return PATRONYMIC in word.rules


def _patronymic_clash(pairs, a: tuple[WordKeys, ...], b: tuple[WordKeys, ...]) -> bool:
    """Both names say whose child this is, and the pairing puts one's father's name
    against the other's own name."""
    if not any(map(_is_patronymic, a)) or not any(map(_is_patronymic, b)):
        return False
    return any(_is_patronymic(x) != _is_patronymic(y) for x, y, _ in pairs)
