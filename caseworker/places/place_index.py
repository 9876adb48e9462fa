"""The search index over place names (derived data): one row per name or alias of each
place in `place_names`, with its folded words and skeletons, and the FTS5 index
`place_search` over them. Saving a place refreshes its rows; a new INDEX_VERSION
rebuilds them all when a store is opened."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, text
from sqlmodel import Session, col, select

from caseworker.core import vocab
from caseworker.places.border_distance import china_crossings, distance_to_border
from caseworker.places.place_keys import name_keys
from storage.tables import Place, PlaceName

INDEX_VERSION = 2


def names_by_language(place: Place) -> dict[str, str]:
    """The place's name in each language ("" where it has none)."""
    return {language: getattr(place, f"name_{language}")
            for language in vocab.PLACE_NAME_LANGUAGES}


def names_of(place: Place) -> list[str]:
    """Every name a place goes by, each once."""
    names: list[str] = []
    candidates = [place.short_name, *names_by_language(place).values(), *place.aliases]
    for name in candidates:
        name = name.strip()
        if name and name not in names:
            names.append(name)
    return names


def refresh_place_names(session: Session, place_ids: Iterable[str]) -> None:
    """Re-index these places. A change to a place that is, or was when last indexed, a
    border crossing moves every place's distance to the border: then all are re-indexed."""
    place_ids = list(place_ids)
    crossing_now = select(Place.id).where(col(Place.id).in_(place_ids),
                                          Place.type == "border_crossing")
    crossing_before = select(PlaceName.place_id).where(col(PlaceName.place_id).in_(place_ids),
                                                       PlaceName.type == "border_crossing")
    if session.exec(crossing_now).first() or session.exec(crossing_before).first():
        rebuild_place_names(session)
        return
    # The index keeps no copy of the text: it must be told what it indexed before.
    for rowid, words, skeletons in session.execute(
        select(PlaceName.rowid, PlaceName.words, PlaceName.skeletons)
        .where(col(PlaceName.place_id).in_(place_ids))
    ):
        session.execute(text("INSERT INTO place_search (place_search, rowid, words, skeletons) "
                             "VALUES ('delete', :rowid, :words, :skeletons)"),
                        {"rowid": rowid, "words": words, "skeletons": skeletons})
    session.execute(delete(PlaceName).where(col(PlaceName.place_id).in_(place_ids)))
    places = session.exec(select(Place).where(col(Place.id).in_(place_ids))).all()
    rows = _insert(session, places)
    if rows:
        session.execute(text("INSERT INTO place_search (rowid, words, skeletons) "
                             "VALUES (:rowid, :words, :skeletons)"), rows)


def rebuild_place_names(session: Session) -> None:
    session.execute(delete(PlaceName))
    _insert(session, session.exec(select(Place)).all())
    session.execute(text("INSERT INTO place_search (place_search) VALUES ('rebuild')"))


def _insert(session: Session, places: Iterable[Place]) -> list[dict]:
    start = session.execute(text("SELECT coalesce(max(rowid), 0) FROM place_names")).scalar_one()
    crossings = china_crossings(session)
    rows: list[dict] = []
    for place in places:
        border = distance_to_border(place.lat, place.lon, crossings)
        for name in names_of(place):
            words, skeletons = name_keys(name)
            if words:
                rows.append({"rowid": start + len(rows) + 1, "place_id": place.id,
                             "name": name, "words": words, "skeletons": skeletons,
                             "short_name": place.short_name, "type": place.type,
                             "country": place.country, "closed": place.closed,
                             "border_km": border and border.km,
                             "crossing_id": border and border.crossing_id,
                             "crossing_name": border and border.crossing_name})
    for first in range(0, len(rows), 5000):
        session.execute(insert(PlaceName), rows[first:first + 5000])
    return rows
