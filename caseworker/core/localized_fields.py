"""The texts of the shipped data files (clock templates, risk rules) in the language shown
(docs/architecture.md §12, "Data texts").

A field a person reads (a clock's `action`, a rule's `text`) is English in the file: the
canonical text, the one records store and tests compare. Beside it the file gives one
field per other language, named by suffix: `action_kk`, `action_ru`. What is shown is the
current language's text, else the English. Nothing computed or stored reads the
translations, so a case assessed or a checklist item created in Russian is the same record
as one made in English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from caseworker.core.i18n import LANGUAGES, SOURCE_LANGUAGE, current_language

if TYPE_CHECKING:
    from caseworker.core.input_checks import Table

# The languages a data file translates into: every one but English, which it is written in.
TRANSLATED = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)


def field_name(field: str, language: str) -> str:
    return f"{field}_{language}"


def translated_fields(fields: Iterable[str]) -> set[str]:
    """The keys a data file may give beside these English fields."""
    return {field_name(field, language) for field in fields for language in TRANSLATED}


@dataclass(frozen=True)
class Translations:
    """The translated fields of one entry, as the file names them (("action_ru", "..."),
    ...): a tuple, so that the frozen entries holding it stay hashable."""

    texts: tuple[tuple[str, str], ...] = ()

    @classmethod
    def read(cls, table: Table, fields: Iterable[str]) -> Translations:
        """The translations of `fields` the checked table gives, each a text within the
        reader's limit. One left out is shown in English: an office's own clocks may have
        none, and tests/domain/test_data_translations.py checks the shipped files have all."""
        texts = []
        for field in fields:
            for language in TRANSLATED:
                key = field_name(field, language)
                text = table.text(key)
                if text:
                    texts.append((key, text))
        return cls(tuple(texts))

    def of(self, field: str, english: str, language: str | None = None) -> str:
        """`field` in `language` (by default the one shown), else `english`."""
        key = field_name(field, language or current_language())
        return next((text for name, text in self.texts if name == key), english)

    def without(self, fields: Iterable[str]) -> Translations:
        """These translations less those of `fields`: what stays true when an office
        rewrites the English of those fields and gives no translation of its own."""
        dropped = translated_fields(fields)
        return Translations(tuple(pair for pair in self.texts if pair[0] not in dropped))


# An entry with none: each is shown in English.
NONE = Translations()


class Translated(Protocol):
    """An entry of a data file whose fields have translations."""

    @property
    def translations(self) -> Translations: ...


def shown(entry: Translated | None, field: str, english: str | None = None) -> str:
    """The entry's `field` in the language shown.

    Records keep the English their entry had when they were made (a checklist item its
    clock's action); given that text as `english`, the translation is shown only while the
    entry's English is still the same text, since a translation of a changed text (a
    corrected term, an office's own wording) would say something the record does not.
    """
    if entry is None:
        return english or ""
    current = getattr(entry, field)
    if english is not None and english != current:
        return english
    return entry.translations.of(field, current)
