"""Linking events to gazetteer places, and the time zone a linked place implies.

Free text is kept as written; an event is linked only when a person picked the place or
a file gave an existing place id. The zone matters: "2025-05-12 09:00" at the Zharkent
IVS is Almaty time, at Tashkent airport Tashkent time, and legal clocks count from it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from caseworker.core import vocab
from caseworker.core.drafts import EventDraft
from caseworker.places.place_search import search_places
from storage.tables import Place


def link_event_places(session: Session, events: Iterable[EventDraft]) -> None:
    """Link each event whose location is a place id; give linked events without a zone
    their place's zone. Unknown ids stay free text."""
    events = list(events)
    given = {e.location.strip() for e in events if e.location and not e.location_id}
    known = set(session.exec(select(Place.id).where(col(Place.id).in_(given)))) if given else set()
    for event in events:
        written = (event.location or "").strip()
        if not event.location_id and written in known:
            event.location_id, event.location = written, ""
        if event.location_id and not event.zone:
            event.zone = place_zone(session, event.location_id) or ""


def place_names(session: Session, place_ids: Iterable[str | None]) -> dict[str, str]:
    """Short names of these places, by id."""
    ids = {place_id for place_id in place_ids if place_id}
    if not ids:
        return {}
    return dict(session.execute(select(Place.id, Place.short_name)
                                .where(col(Place.id).in_(ids))).all())


# A place search score this good names the place of words as written ("Tashkent airport
# transit zone"); below it the words stay unplaced, so no clock of a wrong country starts
# and no distance to the border is guessed.
PLACED_AT = 80


def recognised_place(session: Session, text: str):
    """The gazetteer place these words name (a PlaceHit), or None when unsure.

    Remembered for the transaction: a save asks it for the clocks of each event and
    again for the risk facts of the case."""
    known = session.info.setdefault("recognised_places", {})
    if text not in known:
        hits = search_places(session, text, limit=1) if text.strip() else []
        known[text] = hits[0] if hits and hits[0].score >= PLACED_AT else None
    return known[text]


def place_zone(session: Session, place_id: str | None) -> str | None:
    """The time zone events at this place are counted in, when the place is known."""
    place = session.get(Place, place_id) if place_id else None
    return vocab.COUNTRY_ZONES.get(place.country) if place else None
