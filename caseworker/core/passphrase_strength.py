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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MIN_LENGTH = 10
# zxcvbn: 0 too guessable ... 4 very unguessable. A store passphrase is what an
# offline attacker with a copy of the key file guesses at; it must be the strongest.
STORE_MIN_SCORE = 4
# A bundle passphrase protects one transfer (age's scrypt), and is read out or sent
# apart from the file.
BUNDLE_MIN_SCORE = 2
LABELS = ["very weak", "weak", "fair", "strong", "very strong"]
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
        return Strength(0, LABELS[0], f"Use at least {MIN_LENGTH} characters; six "
                        "unrelated words are easy to type and hard to guess.", False)
    from zxcvbn import zxcvbn  # loads word lists: only when someone is choosing a passphrase

    inputs = [*local_words(), *(w.lower() for w in extra_words if w)]
    # zxcvbn refuses more than 72 characters; a passphrase whose first 72 are strong is.
    result = zxcvbn(passphrase[:ZXCVBN_MAX_LENGTH], user_inputs=inputs)
    score = int(result["score"])
    feedback = result.get("feedback") or {}
    hint = feedback.get("warning") or " ".join(feedback.get("suggestions") or [])
    if score < minimum and not hint:
        hint = "Add more unrelated words, or use a generated passphrase."
    if not hint:
        hint = "Good. Write it down somewhere safe that is not this laptop."
    return Strength(score, LABELS[score], hint, score >= minimum)


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
    return " ".join(secrets.choice(chosen) for _ in range(words))
