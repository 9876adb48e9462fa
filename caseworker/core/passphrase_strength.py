"""How guessable a new passphrase is, as a hint a volunteer can act on (zxcvbn's estimate),
and six-word passphrases drawn from a word list shipped in the package.

zxcvbn knows English words and names but not "Zharkent" or "Aigerim": a common local given
name with a birth year scores "fair" with it. It is given the local names, places and the
organisation's name as "user inputs", so they count as the guessable words they are.
"""

from __future__ import annotations

import json
import secrets
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from caseworker.core.i18n import N_, _

MIN_LENGTH = 10
# zxcvbn: 0 too guessable ... 4 very unguessable. A store passphrase is what an
# offline attacker with a copy of the key file guesses at; it must be the strongest.
STORE_MIN_SCORE = 4
# A bundle passphrase protects one transfer (age's scrypt), and is read out or sent
# apart from the file.
BUNDLE_MIN_SCORE = 2
LABELS = [N_("very weak"), N_("weak"), N_("fair"), N_("strong"), N_("very strong")]
# zxcvbn's own hints are English sentences: the hint shown is ours, chosen by the kind of
# pattern zxcvbn found weakest, so it can be shown in the person's language.
PATTERN_HINTS = {
    "spatial": N_("Keys next to each other on the keyboard are easy to guess."),
    "repeat": N_("Repeated letters or words are easy to guess."),
    "sequence": N_("Sequences such as abc or 6543 are easy to guess."),
    "regex": N_("Years are easy to guess."),
    "date": N_("Dates are easy to guess."),
}
DICTIONARY_HINTS = {
    "passwords": N_("This is a commonly used password: it is among the first guessed."),
    "user_inputs": N_("Local names, places and your organisation's name are easy to guess."),
}
WORD_HINT = N_("A word or a name by itself is easy to guess.")
WEAK_HINT = N_("Add more unrelated words, or use a generated passphrase.")
GOOD_HINT = N_("Good. Write it down somewhere safe that is not this laptop.")
GENERATED_WORDS = 6

DATA = Path(__file__).resolve().parent.parent / "data"
# The EFF large word list (7,776 words, by Joseph Bonneau for the Electronic Frontier
# Foundation, 2016, published under CC BY 3.0 US), taken from the `wordlist_en_eff.txt`
# of the diceware 1.0.1 package on PyPI with its dice numbers removed. Six words from it
# carry about 77 bits.
WORD_LIST = DATA / "eff_large_wordlist.txt"
LOCAL_WORDS = DATA / "local_words.txt"


@dataclass(frozen=True)
class Strength:
    score: int
    label: str
    hint: str
    acceptable: bool


ZXCVBN_MAX_LENGTH = 72


def assess(passphrase: str, minimum: int = STORE_MIN_SCORE,
           extra_words: tuple[str, ...] = ()) -> Strength:
    """How guessable `passphrase` is; acceptable at zxcvbn score `minimum` or better.
    `extra_words` are more words it must not lean on (the organisation's name, the user's)."""
    passphrase = unicodedata.normalize("NFC", passphrase)
    if len(passphrase) < MIN_LENGTH:
        return Strength(0, _(LABELS[0]), _("Use at least {n} characters; six unrelated words "
                                           "are easy to type and hard to guess.").format(
                                               n=MIN_LENGTH), False)
    from zxcvbn import zxcvbn  # loads word lists: only when someone is choosing a passphrase

    inputs = [*local_words(), *(w.lower() for w in extra_words if w)]
    # zxcvbn refuses more than 72 characters; a passphrase whose first 72 are strong is.
    result = zxcvbn(passphrase[:ZXCVBN_MAX_LENGTH], user_inputs=inputs)
    score = int(result["score"])
    hint = GOOD_HINT if score >= minimum else _weakness(result.get("sequence") or [])
    return Strength(score, _(LABELS[score]), _(hint), score >= minimum)


def _weakness(matches: Sequence[Mapping[str, Any]]) -> str:
    """What to tell a person about the weakest part zxcvbn found."""
    for match in sorted(matches, key=lambda m: float(m.get("guesses") or 0)):
        pattern = match.get("pattern")
        if pattern in PATTERN_HINTS:
            return PATTERN_HINTS[pattern]
        if pattern == "dictionary":
            name = match.get("dictionary_name", "")
            if name in DICTIONARY_HINTS:
                return DICTIONARY_HINTS[name]
            if len(matches) == 1:  # several plain words: more of them is the remedy
                return WORD_HINT
    return WEAK_HINT


@cache
def local_words() -> tuple[str, ...]:
    """The shipped local words, and every word of the gazetteer's place names and aliases."""
    words = {line.strip().lower() for line in LOCAL_WORDS.read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    places = json.loads((DATA / "gazetteer.json").read_text("utf-8"))["places"]
    for place in places:
        for name in [*place.get("names", {}).values(), *place.get("aliases", [])]:
            words |= {part.lower() for part in name.replace("(", " ").replace(")", " ").split()
                      if len(part) >= 3}
    return tuple(sorted(words))


@cache
def word_list() -> tuple[str, ...]:
    words = tuple(line.strip() for line in WORD_LIST.read_text("ascii").splitlines()
                  if line.strip())
    if len(set(words)) != 7776:  # a damaged package must not silently weaken passphrases
        raise RuntimeError("the shipped word list is damaged")
    return words


def generate_passphrase(words: int = GENERATED_WORDS) -> str:
    """`words` words drawn uniformly at random (secrets), separated by spaces."""
    chosen = word_list()
    return " ".join(secrets.choice(chosen) for _word in range(words))
