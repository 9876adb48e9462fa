"""The words a person reads, in their language: English, Kazakh or Russian
(docs/architecture.md §12).

Code marks what it shows with `_` (a sentence), `ngettext` (a sentence with a count) or
`pgettext` (a word that needs its context to be translated right); a text defined before
the language is known (a key's description in a class body) is marked with `N_` and
translated where it is shown. Babel extracts the marks into one catalog per language
(caseworker/locale/LANG/LC_MESSAGES/caseworker.po), and `make catalogs` compiles each
into the .mo file beside it that the standard library's gettext reads here: one small
file read at start-up, no .po parsing before the first frame. A message a catalog lacks is
shown in English.

Adding a language is a catalog and its data-file fields: a code in LANGUAGES, nothing else.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

# Each language under its own name: the first run asks in all three at once.
LANGUAGES = {"en": "English", "kk": "Қазақша", "ru": "Русский"}
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "caseworker"
LANGUAGE_VARIABLE = "CASEWORKER_LANG"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def use_language(code: str) -> None:
    """Show every message from now on in `code` (one of LANGUAGES)."""
    global _translations, _language
    if code not in LANGUAGES:
        raise ValueError(f"not a language Caseworker has: {code!r}")
    _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    _language = code


def current_language() -> str:
    return _language


def language_code(text: str) -> str | None:
    """The language a setting or a locale names ("ru", "ru_RU.UTF-8", "kk-KZ"), if it is
    one Caseworker has."""
    code = text.strip().replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else None


def default_language(environ: Mapping[str, str] = os.environ) -> str:
    """CASEWORKER_LANG, else the system's language for messages, else English."""
    for variable in (LANGUAGE_VARIABLE, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            # The first one set decides, as the C library's own order does.
            return language_code(value) or SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def _(message: str) -> str:
    # gettext("") is the catalog's header, not an empty text
    return _translations.gettext(message) if message else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` (Russian has three, Kazakh two); the caller formats the count
    in: ngettext("{n} case", "{n} cases", n).format(n=n)."""
    return _translations.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    return _translations.pgettext(context, message)


def N_(message: str) -> str:
    """Marked for the catalogs, translated later with `_` where it is shown."""
    return message
