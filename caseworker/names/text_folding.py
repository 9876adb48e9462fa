"""Text folded for searching: case-insensitive, and any script reduced to Latin letters,
so that a query typed in Cyrillic finds a name stored in Latin and the other way round."""

from __future__ import annotations

from anyascii import anyascii


def to_latin(text: str) -> str:
    return " ".join(anyascii(text.casefold()).casefold().replace("'", "").split())


def searchable(*texts: str) -> str:
    """Each text as written (case-folded) and in Latin letters, in one string."""
    parts: list[str] = []
    for text in texts:
        for form in (" ".join(text.casefold().split()), to_latin(text)):
            if form and form not in parts:
                parts.append(form)
    return " | ".join(parts)


def query_terms(query: str) -> list[str]:
    """A typed query as the terms that must all appear in `searchable` text."""
    return [to_latin(term) for term in query.split() if to_latin(term)]
