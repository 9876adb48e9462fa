"""Reading, listing, adding and correcting places (the gazetteer as people use it).

A correction to a shipped place is recorded field by field in `edited_fields`, so a
later gazetteer upgrade updates the rest of the place and leaves the correction alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from caseworker.core import vocab
from caseworker.core.i18n import _
from caseworker.core.input_checks import InvalidInput, Reader
from caseworker.core.user_errors import UserError
from caseworker.places.border_distance import BorderDistance, china_crossings, distance_to_border
from caseworker.places.place_index import names_by_language, names_of
from storage.tables import CaseSummary, Place

MAX_ALIASES = 100
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class InvalidPlace(InvalidInput):
    """A place draft has problems; the first is the exception's message."""


@dataclass(frozen=True)
class PlaceCase:
    case_id: str
    display_name: str
    situation: str


@dataclass(frozen=True)
class PlaceDetail:
    place: Place
    border: BorderDistance | None
    cases: list[PlaceCase]  # the cases whose last known place this is


@dataclass
class PlaceDraft:
    """A place as a form or a file gives it: text everywhere, checked by validate_place."""

    short_name: str = ""
    type: str = "other"
    country: str = ""
    crossing_mode: str = ""
    borders_china: bool = False
    closed: bool = False
    names: dict[str, str] = field(default_factory=dict)  # language -> name
    aliases: list[str] = field(default_factory=list)
    authority: str = ""
    region: str = ""
    region_before_2022: str = ""
    lat: str = ""
    lon: str = ""
    precision: str = ""
    precision_km: str = ""
    sources: list[str] = field(default_factory=list)
    notes: str = ""
    id: str | None = None


def load_place(session: Session, place_id: str) -> PlaceDetail:
    place = session.get(Place, place_id)
    if place is None:
        raise UserError(_("there is no place with the id {id}").format(
            id=shown_place_id(place_id)))
    border = distance_to_border(place.lat, place.lon, china_crossings(session))
    cases = [PlaceCase(*row) for row in session.execute(
        select(CaseSummary.case_id, CaseSummary.display_name, CaseSummary.situation)
        .where(CaseSummary.place_id == place_id).order_by(CaseSummary.display_name))]
    return PlaceDetail(place, border, cases)


def list_places(session: Session) -> list[tuple[Place, BorderDistance | None]]:
    """Every place, by kind then name: what the locations screen shows before a search."""
    crossings = china_crossings(session)
    places = sorted(session.exec(select(Place)).all(), key=lambda p: (
        p.closed, vocab.PLACE_TYPE_RANK.get(p.type, 99), p.country, p.short_name))
    return [(p, distance_to_border(p.lat, p.lon, crossings)) for p in places]


def draft_of(place: Place) -> PlaceDraft:
    return PlaceDraft(
        short_name=place.short_name, type=place.type, country=place.country,
        crossing_mode=place.crossing_mode, borders_china=place.borders_china,
        closed=place.closed,
        names=names_by_language(place),
        aliases=list(place.aliases), authority=place.authority, region=place.region,
        region_before_2022=place.region_before_2022,
        lat="" if place.lat is None else f"{place.lat:g}",
        lon="" if place.lon is None else f"{place.lon:g}",
        precision=place.precision,
        precision_km="" if place.precision_km is None else f"{place.precision_km:g}",
        sources=list(place.sources), notes=place.notes, id=place.id)


def validate_place(draft: PlaceDraft) -> dict[str, Any]:
    """The draft as Place column values. Raises InvalidPlace naming each bad field."""
    check = Reader()
    values: dict[str, Any] = {
        "short_name": check.text("short_name", draft.short_name, 120, required=True),
        "type": check.choice("type", draft.type, vocab.PLACE_TYPES),
        "crossing_mode": check.choice("crossing_mode", draft.crossing_mode,
                                      vocab.CROSSING_MODES),
        "borders_china": bool(draft.borders_china),
        "closed": bool(draft.closed),
        "authority": check.text("authority", draft.authority),
        "region": check.text("region", draft.region),
        "region_before_2022": check.text("region_before_2022", draft.region_before_2022),
        "precision": check.text("precision", draft.precision),
        "notes": check.text("notes", draft.notes, vocab.MAX_LONG_TEXT),
    }
    country = check.text("country", draft.country, required=True).upper()
    if country and not _COUNTRY.match(country):
        check.problem("country", _("must be a two-letter country code such as KZ, UZ or KG"))
    values["country"] = country
    if values["type"] != "border_crossing" and (values["crossing_mode"] or
                                               values["borders_china"]):
        check.problem("crossing_mode", _("applies to border crossings only"))
    for language in vocab.PLACE_NAME_LANGUAGES:
        values[f"name_{language}"] = check.text(f"names.{language}",
                                                draft.names.get(language, ""))
    values["aliases"] = _text_list(check, "aliases", draft.aliases, 200)
    values["sources"] = _text_list(check, "sources", draft.sources, 2000)
    values["lat"] = _number(check, "lat", draft.lat, -90, 90)
    values["lon"] = _number(check, "lon", draft.lon, -180, 180)
    if (values["lat"] is None) != (values["lon"] is None):
        check.problem("lat" if values["lat"] is None else "lon",
                      _("give both latitude and longitude, or neither"))
    values["precision_km"] = _number(check, "precision_km", draft.precision_km, 0, 1000)
    if check.problems:
        raise InvalidPlace(check.problems)
    return values


def place_to_json(detail: PlaceDetail) -> dict[str, Any]:
    place, border = detail.place, detail.border
    return {
        "id": place.id, "short_name": place.short_name, "type": place.type,
        "type_label": vocab.PLACE_TYPES.get(place.type, place.type),
        "crossing_mode": place.crossing_mode, "borders_china": place.borders_china,
        "closed": place.closed,
        "names": {lang: name for lang, name in names_by_language(place).items() if name},
        "aliases": place.aliases, "all_names": names_of(place),
        "authority": place.authority, "country": place.country, "region": place.region,
        "region_before_2022": place.region_before_2022,
        "lat": place.lat, "lon": place.lon, "precision": place.precision,
        "precision_km": place.precision_km,
        "distance_to_border_km": border.km if border else None,
        "nearest_crossing": border.crossing_name if border else None,
        "nearest_crossing_id": border.crossing_id if border else None,
        "distance_kind": "straight-line",
        "sources": place.sources, "notes": place.notes, "origin": place.origin,
        "edited_fields": place.edited_fields,
        "cases": [{"id": c.case_id, "display_name": c.display_name, "situation": c.situation}
                  for c in detail.cases],
    }


def _text_list(check: Reader, path: str, values: list[str], limit: int) -> list[str]:
    texts = check.texts(path, values, limit, most=MAX_ALIASES)
    return list(dict.fromkeys(text for text in texts if text))


def _number(check: Reader, path: str, value: str, low: float, high: float) -> float | None:
    """A number as a form gives it, as text, with a comma or a point before the decimals."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        check.problem(path, _("must be a number such as 44.167"))
        return None
    return check.number(path, number, low, high)


def shown_place_id(place_id: str) -> str:
    """A place id as an error message quotes it: a pasted paragraph is not repeated."""
    return repr(place_id if len(place_id) <= 60 else place_id[:57] + "...")
