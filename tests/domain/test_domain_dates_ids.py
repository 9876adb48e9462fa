"""Partial dates, reported moments, PRC ID numbers and script detection."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from caseworker.core.partial_dates import (
    DateProblem,
    birth_from_age,
    parse_moment,
    parse_partial_date,
)
from caseworker.core.prc_id import InvalidPrcId, check_digit, parse_prc_id
from caseworker.names.writing_systems import detect_script


@pytest.mark.parametrize("text, precision, iso", [
    ("2002-04-11", "exact", "2002-04-11"), ("2002-04", "month", "2002-04"),
    ("2002", "year", "2002"), ("~2002", "estimated", "2002"), (" 2002-4-1 ", "exact", "2002-04-01"),
    # as dates are written locally, day first with dots (issue 19)
    ("15.03.1990", "exact", "1990-03-15"), ("5.3.1990", "exact", "1990-03-05"),
    ("03.1990", "month", "1990-03"), ("~03.1990", "estimated", "1990-03"),
])
def test_partial_dates_keep_their_precision(text, precision, iso):
    parsed = parse_partial_date(text)
    assert (parsed.precision, parsed.iso()) == (precision, iso)


@pytest.mark.parametrize("text", ["2025-13-40", "2023-02-29", "April 2002", "02", "", "1850",
                                  "2002-00", "2002/04/11", "31.02.1990", "15.13.1990",
                                  "15.03.90", "15-03-1990"])
def test_impossible_or_unreadable_dates_are_refused(text):
    with pytest.raises(DateProblem):
        parse_partial_date(text)


def test_partial_date_ranges():
    assert parse_partial_date("2024-02").latest() == date(2024, 2, 29)
    assert parse_partial_date("2002").earliest() == date(2002, 1, 1)


def test_age_on_a_date_estimates_the_birth_year():
    birth = birth_from_age(23, date(2025, 5, 16))
    assert (birth.year, birth.precision) == (2002, "estimated")
    with pytest.raises(DateProblem):
        birth_from_age(200, date(2025, 5, 16))


def test_moments_count_from_their_earliest_instant_in_the_local_clock():
    day = parse_moment("2025-05-12", "Asia/Almaty")
    assert (day.at, day.precision) == (datetime(2025, 5, 11, 19, 0, tzinfo=UTC), "day")
    month = parse_moment("2025-05", "Asia/Bishkek")
    assert (month.at, month.precision) == (datetime(2025, 4, 30, 18, 0, tzinfo=UTC), "month")
    local = parse_moment("2025-05-12T09:00", "Asia/Tashkent")
    assert local.at == datetime(2025, 5, 12, 4, 0, tzinfo=UTC)
    assert local.display() == "2025-05-12 09:00 +05"


def test_an_explicit_offset_is_kept_when_it_differs_from_the_zone():
    moment = parse_moment("2019-02-07T09:00+05:00", "Asia/Almaty")  # Almaty was +06 in 2019
    assert moment.at == datetime(2019, 2, 7, 4, 0, tzinfo=UTC)
    assert moment.zone == "+05:00" and moment.iso() == "2019-02-07T09:00+05:00"
    same = parse_moment("2025-05-12T09:00+05:00", "Asia/Almaty")  # Almaty is +05 since 2024
    assert same.zone == "Asia/Almaty"


def test_moments_written_day_first_read_as_their_iso_forms():
    for local, iso in (("12.05.2025 09:00", "2025-05-12T09:00"), ("12.5.2025 9:00",
                                                                  "2025-05-12T09:00"),
                       ("12.05.2025", "2025-05-12"), ("05.2025", "2025-05"),
                       ("12.05.2025 09:00+06:00", "2025-05-12T09:00+06:00")):
        assert parse_moment(local, "Asia/Tashkent") == parse_moment(iso, "Asia/Tashkent")


@pytest.mark.parametrize("text", ["2025-05-12T25:00", "yesterday", "2025-05-12T09:00+99:00",
                                  "12.05.2025 25:00", "32.05.2025"])
def test_unreadable_moments(text):
    with pytest.raises(DateProblem):
        parse_moment(text, "Asia/Almaty")


def test_unknown_zone():
    with pytest.raises(DateProblem):
        parse_moment("2025-05-12", "Mars/Olympus")


def test_prc_id_checksum_birth_date_and_region():
    first17 = "65402219900101123"
    parsed = parse_prc_id(first17 + check_digit(first17))
    assert parsed.birth_date == date(1990, 1, 1) and parsed.xinjiang
    assert parse_prc_id("11010519491231002X").birth_date == date(1949, 12, 31)
    assert parse_prc_id("110105 1949 1231 002x").number == "11010519491231002X"


@pytest.mark.parametrize("number", ["11010519491231002", "110105194912310021",
                                    "110105194913310025", "ABCDEFGHIJKLMNOPQR", ""])
def test_invalid_prc_ids(number):
    with pytest.raises(InvalidPrcId):
        parse_prc_id(number)


@pytest.mark.parametrize("text, script", [
    # Without ә ғ қ ң ө ұ ү һ і a Kazakh name in Cyrillic is written the Russian way.
    ("Yerzhanat Abai", "latn"), ("Ержанат Абай", "ru-cyrl"), ("Сайрагүл Сауытбай", "kk-cyrl"),
    ("Ержан Абаев", "ru-cyrl"), ("伊力哈木·土赫提", "zh-hans"), ("ئىلھام توختى", "ug-arab"),
    ("123", "other"),
])
def test_script_detection(text, script):
    assert detect_script(text) == script
