"""PRC resident identity card numbers (GB 11643-1999): 18 characters, the first six the
place of registration (65.... is Xinjiang), digits 7-14 the birth date, the last a
checksum (0-9 or X). A valid number shared by two records is decisive evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from caseworker.core.i18n import _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


class InvalidPrcId(ValueError):
    """The number is not a valid PRC resident ID; the message says why."""


@dataclass(frozen=True)
class PrcId:
    number: str
    birth_date: date

    @property
    def xinjiang(self) -> bool:
        return self.number.startswith("65")

    @property
    def region_code(self) -> str:
        return self.number[:6]


def normalise(text: str) -> str:
    return re.sub(r"[\s-]", "", text).upper()


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def parse_prc_id(text: str) -> PrcId:
    number = normalise(text)
    if not _SHAPE.match(number):
        raise InvalidPrcId(_("a PRC ID number has 17 digits and then a digit or X"))
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidPrcId(_("digits 7 to 14 of a PRC ID number must be a real birth date")) \
            from None
    if check_digit(number[:17]) != number[17]:
        raise InvalidPrcId(_("the last character of this PRC ID number does not match the "
                             "others (a digit is probably mistyped)"))
    return PrcId(number, born)
