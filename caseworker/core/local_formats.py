"""Dates, times and large numbers as a person reads them in the language shown
(docs/architecture.md §12).

English keeps the forms the app has always shown (2026-04-11, 2026-04-11 17:00, 12,345);
Kazakh and Russian get theirs from Babel's locale data: 11.04.2026, 11.04.2026 17:00,
04.2026, 12 345. Numeric dates rather than Babel's "medium" ones (11 апр. 2026 г.), since
these are how dates are written and typed there, and they are as wide as the ISO form: a
due time in the checklist's column keeps its hour.

Only what is shown in plain text goes through here: JSON output, stored values and the
files Caseworker writes keep ISO dates and plain numbers. Babel is imported the first time
a Kazakh or Russian date or number is shown, not at start-up.
"""

from __future__ import annotations

from datetime import date, datetime

from caseworker.core.i18n import SOURCE_LANGUAGE, current_language


def _locale() -> str | None:
    """The Babel locale for the language shown, or None for English's own forms."""
    language = current_language()
    return None if language == SOURCE_LANGUAGE else language


def shown_date(day: date) -> str:
    """A day: 2026-04-11 in English, 11.04.2026 in Kazakh and Russian."""
    locale = _locale()
    if locale is None:
        return f"{day:%Y-%m-%d}"
    # deferred: Babel loads only once a Kazakh or Russian form is shown
    from babel.dates import format_skeleton

    return format_skeleton("yMMdd", day, locale=locale)


def shown_month(day: date) -> str:
    """A month known without its day: 2026-04 in English, 04.2026 in Kazakh and Russian."""
    locale = _locale()
    if locale is None:
        return f"{day:%Y-%m}"
    # deferred: Babel loads only once a Kazakh or Russian form is shown
    from babel.dates import format_skeleton

    return format_skeleton("yMM", day, locale=locale)


def shown_datetime(moment: datetime) -> str:
    """A time to the minute, on the clock it is given in (the caller chooses the zone):
    2026-04-11 17:00 in English, 11.04.2026 17:00 in Kazakh and Russian."""
    locale = _locale()
    if locale is None:
        return f"{moment:%Y-%m-%d %H:%M}"
    return f"{shown_date(moment.date())} {moment:%H:%M}"


def shown_iso(text: str) -> str:
    """A date or time kept as ISO text (1985, 1985-03, 1985-03-02, or a time with its
    offset), shown in the language's form; English shows the text as it is, and so does
    any language for a text that is not such a date."""
    if _locale() is None:
        return text
    try:
        if len(text) == 4 and text.isdigit():
            return text
        if len(text) == 7:
            return shown_month(date.fromisoformat(f"{text}-01"))
        if len(text) == 10:
            return shown_date(date.fromisoformat(text))
        return shown_datetime(datetime.fromisoformat(text))
    except ValueError:
        return text


def shown_number(number: int | float) -> str:
    """A count or a distance, whole: 12,345 in English, 12 345 in Kazakh and Russian."""
    locale = _locale()
    if locale is None:
        return f"{number:,.0f}"
    # deferred: Babel loads only once a Kazakh or Russian form is shown
    from babel.numbers import format_decimal

    return format_decimal(round(number), locale=locale)
