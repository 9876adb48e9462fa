"""How guessable a new passphrase is, as a hint a volunteer can act on (zxcvbn's estimate)."""

from __future__ import annotations

from dataclasses import dataclass

MIN_LENGTH = 10
MIN_SCORE = 2  # zxcvbn: 0 too guessable ... 4 very unguessable
LABELS = ["very weak", "weak", "fair", "strong", "very strong"]


@dataclass(frozen=True)
class Strength:
    score: int
    label: str
    hint: str
    acceptable: bool


ZXCVBN_MAX_LENGTH = 72


def assess(passphrase: str) -> Strength:
    if len(passphrase) < MIN_LENGTH:
        return Strength(0, LABELS[0], f"Use at least {MIN_LENGTH} characters; four or five "
                        "unrelated words are easy to type and hard to guess.", False)
    from zxcvbn import zxcvbn  # loads word lists: only when someone is choosing a passphrase

    # zxcvbn refuses more than 72 characters; a passphrase whose first 72 are strong is.
    result = zxcvbn(passphrase[:ZXCVBN_MAX_LENGTH])
    score = int(result["score"])
    feedback = result.get("feedback") or {}
    hint = feedback.get("warning") or " ".join(feedback.get("suggestions") or [])
    if not hint:
        hint = "Good. Write it down somewhere safe that is not this laptop."
    return Strength(score, LABELS[score], hint, score >= MIN_SCORE)
