"""The name-variant sets the matcher is measured on, and its pairwise precision and recall.

Each set groups spellings by person: every pair inside a group is a pair the matcher should
suggest (score at least SUGGEST_AT), every pair across groups one it should not.
`name-variants-dev.csv` (real variants, with the public sources they come from) and
`name-variants-more.csv` are what the constants in caseworker/names/similarity.py were
tuned on; `name-variants-held-apart.csv` was written after, and the constants were not
changed for it: its figures are the ones that say how the matcher generalises.

    python -m tests.support.name_sets      # the figures for every set
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from caseworker.matching.match_profile import build_profile
from caseworker.matching.person_match import SUGGEST_AT, compare
from caseworker.names.similarity import WordSimilarity
from tests.support.paths import DATA

DEV_SET = DATA / "name-variants-dev.csv"
MORE_SET = DATA / "name-variants-more.csv"
HELD_APART = DATA / "name-variants-held-apart.csv"
TUNED_ON = (DEV_SET, MORE_SET)


def variants(path: Path) -> list[tuple[str, str, str]]:
    """(person group, name, script) per row."""
    with path.open(encoding="utf-8") as handle:
        return [(row["person_group"], row["name"], row["script"])
                for row in csv.DictReader(handle)]


@dataclass
class Figures:
    found: int  # pairs of one person suggested
    missed: list[tuple[str, str, int]]  # pairs of one person not suggested
    wrong: list[tuple[str, str, int]]  # pairs of two persons suggested

    @property
    def precision(self) -> float:
        return self.found / (self.found + len(self.wrong)) if self.found + len(self.wrong) \
            else 1.0

    @property
    def recall(self) -> float:
        return self.found / (self.found + len(self.missed)) if self.found + len(self.missed) \
            else 1.0


def measure(path: Path) -> Figures:
    similarity = WordSimilarity()
    figures = Figures(0, [], [])
    for (group_a, name_a, script_a), (group_b, name_b, script_b) in combinations(
            variants(path), 2):
        score = compare(build_profile([(name_a, script_a)]),
                        build_profile([(name_b, script_b)]), similarity).score
        if group_a == group_b and score >= SUGGEST_AT:
            figures.found += 1
        elif group_a == group_b:
            figures.missed.append((name_a, name_b, score))
        elif score >= SUGGEST_AT:
            figures.wrong.append((name_a, name_b, score))
    return figures


def main() -> None:
    for path in (*TUNED_ON, HELD_APART):
        figures = measure(path)
        kind = "tuned on" if path in TUNED_ON else "held apart"
        print(f"{path.name} ({kind}): precision {figures.precision:.2f}, "
              f"recall {figures.recall:.2f} ({figures.found} pairs found, "
              f"{len(figures.missed)} missed, {len(figures.wrong)} wrongly suggested)")
        for name_a, name_b, score in figures.missed:
            print(f"  missed  {name_a} / {name_b}: {score}")
        for name_a, name_b, score in figures.wrong:
            print(f"  wrong   {name_a} / {name_b}: {score}")


if __name__ == "__main__":
    main()
