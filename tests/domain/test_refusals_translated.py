"""Why a bundle is refused, and why the matcher suggests a person, in the language shown
(docs/architecture.md §12): the sentences are whole in the catalogs, with their details
filled in, and English reads as it always has. Dates and numbers in each language's form.
A forged signature refused in each language: tests/domain/test_bundle_forgery.py."""

from __future__ import annotations

import pytest

from caseworker.core.i18n import use_language
from caseworker.core.local_formats import shown_date, shown_datetime, shown_iso, shown_number
from caseworker.exchange.bundle_format import BadBundle, needs_passphrase
from caseworker.exchange.bundle_records import decode


@pytest.mark.parametrize(("language", "says"), [
    ("ru", "Это не пакет (не файл, зашифрованный age)."),
    ("kk", "Бұл пакет емес (age арқылы шифрланған файл емес)."),
    ("en", "This is not a bundle (not an age-encrypted file)."),
])
def test_a_file_that_is_no_bundle_is_refused_in_the_language_shown(language, says):
    use_language(language)
    with pytest.raises(BadBundle) as refusal:
        needs_passphrase(b"PK\x03\x04 a zip file")
    assert str(refusal.value) == says


@pytest.mark.parametrize(("language", "says"), [
    ("ru", "Строка 1 записей пакета: это не JSON."),
    ("kk", "Пакет жазбаларының 1-жолы: бұл JSON емес."),
    ("en", "Line 1 of the bundle's records is not JSON."),
])
def test_a_tampered_line_is_named_in_the_language_shown(language, says):
    use_language(language)
    with pytest.raises(BadBundle) as refusal:
        decode(b"{not json")
    assert str(refusal.value) == says


def test_dates_and_numbers_in_the_language_shown():
    from datetime import date, datetime

    day, moment = date(2002, 4, 11), datetime(2026, 4, 11, 17, 5)
    use_language("en")
    assert (shown_date(day), shown_datetime(moment)) == ("2002-04-11", "2026-04-11 17:05")
    assert (shown_iso("1985-03"), shown_number(12345)) == ("1985-03", "12,345")
    for language in ("ru", "kk"):
        use_language(language)
        assert (shown_date(day), shown_datetime(moment)) == ("11.04.2002", "11.04.2026 17:05")
        assert shown_iso("1985-03") == "03.1985" and shown_iso("1985") == "1985"
        assert shown_iso("2025-05-12T09:00+05:00") == "12.05.2025 09:00"
        assert shown_number(12345) == "12\xa0345"


def test_a_date_typed_the_local_way_is_read():
    """11.04.2002, as a Kazakh or Russian form is filled in, is the same day as ISO's."""
    from caseworker.core.partial_dates import parse_partial_date

    assert parse_partial_date("11.04.2002") == parse_partial_date("2002-04-11")


@pytest.mark.parametrize(("language", "name", "year"), [
    ("ru", "имя Ilham Tohti похоже на Ilham Tohti", "тот же год рождения 1969"),
    ("kk", "Ilham Tohti есімі Ilham Tohti есіміне ұқсас", "туған жылы бірдей 1969"),
    ("en", "name Ilham Tohti is like Ilham Tohti", "same birth year 1969"),
])
def test_the_matchers_reasons_in_the_language_shown(language, name, year):
    from caseworker.matching.match_profile import build_profile
    from caseworker.matching.person_match import compare
    from caseworker.names.similarity import WordSimilarity

    use_language(language)
    match = compare(build_profile([("Ilham Tohti", "latn")], birth="1969"),
                    build_profile([("Ilham Tohti", "latn")], birth="1969"), WordSimilarity())
    assert match.reasons[0].startswith(name) and year in match.reasons
