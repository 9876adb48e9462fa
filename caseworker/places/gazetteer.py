"""The gazetteer shipped inside the package, and bringing a store's places up to it.

A store records the gazetteer version it holds. When the package ships a newer one, each
shipped place is added or updated, except the fields a person corrected
(`Place.edited_fields`): a user's correction outlives every upgrade. Places people added
are never touched. Search keys and case summaries are then rebuilt (derived data).

A shipped place can say it moved (`moved_to`, `moved_on`): a facility closed and its
detainees went elsewhere. Events linked to it from that day on are linked to the new
place, each with a note and a revision in its case's history; earlier events keep the
old place, which stays in the gazetteer as closed. Every upgrade records, in words, what
it changed (`gazetteer_changes`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from caseworker.core import vocab
from storage.history import Editor
from storage.meta_values import forget_meta, get_meta, set_meta
from storage.store import Store
from storage.tables import Event, Place, RecordHead

META_KEY = "gazetteer.version"
# What the last upgrade changed, in sentences a person reads (JSON: version and lines).
CHANGES_KEY = "gazetteer.changes"
# Who the history names for an event the gazetteer moved to a place's new site, and for
# the shipped places' own revisions.
GAZETTEER_AUTHOR = "gazetteer"
# The install the history names for a shipped place's revisions: none, since every
# install makes them alike from the same file (the same content, parent and time give
# the same revision id), and a bundle's copy is taken only when this install holds it.
GAZETTEER_ORIGIN = "gazetteer"
_GAZETTEER_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
# Derived data that shows places: forgetting its version makes the next opening rebuild it
# (caseworker/cases/derived_data.py keeps the list of kinds and a test holds the two
# together). Urgency too: risk facts read a place's type, authority and distance.
DERIVED_KINDS = ("derived.place_names", "derived.case_summaries", "derived.case_urgency")
PLACE_FIELDS = (
    "short_name", "type", "crossing_mode", "borders_china", "closed",
    *(f"name_{language}" for language in vocab.PLACE_NAME_LANGUAGES),
    "aliases", "authority", "country", "region", "region_before_2022",
    "lat", "lon", "precision", "precision_km", "sources", "notes",
)


@dataclass(frozen=True)
class ShippedGazetteer:
    version: int
    places: list[dict[str, Any]]


@dataclass
class GazetteerChanges:
    """What applying a gazetteer did: the places added or changed, and in words."""

    changed: list[str] = field(default_factory=list)  # place ids
    lines: list[str] = field(default_factory=list)


def shipped_gazetteer() -> ShippedGazetteer:
    data = json.loads((files("caseworker") / "data" / "gazetteer.json").read_text("utf-8"))
    return ShippedGazetteer(data["version"], data["places"])


def place_fields(entry: dict[str, Any]) -> dict[str, Any]:
    """A gazetteer entry as Place column values."""
    fields = {key: entry[key] for key in PLACE_FIELDS if key in entry}
    for language in vocab.PLACE_NAME_LANGUAGES:
        fields[f"name_{language}"] = entry.get("names", {}).get(language, "")
    return fields


def upgrade_gazetteer(store: Store, now: datetime,
                      shipped: ShippedGazetteer | None = None) -> list[str]:
    """Bring the store's shipped places up to `shipped` (the package's gazetteer by
    default), in one transaction. Returns the ids of places added or changed; what
    changed, in words, is kept for `gazetteer_changes`."""
    shipped = shipped or shipped_gazetteer()
    with store.read() as session:
        if int(get_meta(session, META_KEY) or 0) >= shipped.version:
            return []
    with store.write() as session:
        changes = apply_gazetteer(session, shipped, now)
        set_meta(session, META_KEY, str(shipped.version))
        set_meta(session, CHANGES_KEY, json.dumps(
            {"version": shipped.version, "lines": changes.lines}, ensure_ascii=False))
        if changes.changed:
            forget_meta(session, *DERIVED_KINDS)
    return changes.changed


def gazetteer_changes(session: Session) -> tuple[int | None, list[str]]:
    """The version the store's places were last upgraded to, and what that changed."""
    raw = get_meta(session, CHANGES_KEY)
    if not raw:
        return None, []
    data = json.loads(raw)
    return data.get("version"), list(data.get("lines", []))


def gazetteer_editor(session: Session, version: int) -> Editor:
    """The editor of shipped places' revisions: the same author, install and time on
    every install, for the gazetteer's version."""
    return Editor(session, GAZETTEER_AUTHOR, GAZETTEER_ORIGIN,
                  _GAZETTEER_EPOCH + timedelta(days=version), None)


def root_shipped_places(store: Store) -> int:
    """Give every shipped place without a history its first revision, made alike on
    every install (a store from before shipped places had them); returns how many."""
    with store.read() as session:
        bare = _bare_places(session)
    if not bare:
        return 0
    with store.write() as session:
        version = int(get_meta(session, META_KEY) or 0)
        editor = gazetteer_editor(session, version)
        bare = _bare_places(session)
        for place in bare:
            editor.save(place)
        return len(bare)


def _bare_places(session: Session) -> list[Place]:
    return list(session.exec(select(Place).where(
        Place.origin == "shipped", col(Place.id).not_in(select(RecordHead.record_id).where(
            RecordHead.table_name == "places")))))


def apply_gazetteer(session: Session, shipped: ShippedGazetteer,
                    now: datetime) -> GazetteerChanges:
    before = int(get_meta(session, META_KEY) or 0)
    changes = GazetteerChanges()
    editor = gazetteer_editor(session, shipped.version)
    for entry in shipped.places:
        fields = place_fields(entry)
        place = session.get(Place, entry["id"])
        if place is None:
            editor.save(Place(id=entry["id"], origin="shipped", **fields))
            changes.changed.append(entry["id"])
            changes.lines.append(f"Added {entry['id']} ({fields['short_name']}).")
            continue
        differing = [key for key, value in fields.items() if getattr(place, key) != value]
        updates = [key for key in differing if key not in place.edited_fields]
        kept = [key for key in differing if key in place.edited_fields]
        if updates:
            for key in updates:
                setattr(place, key, fields[key])
            editor.save(place)
            changes.changed.append(place.id)
            changes.lines.append(f"Changed {place.id} ({place.short_name}): "
                                 f"{', '.join(updates)}.")
        if kept:
            changes.lines.append(f"Kept your correction of {place.id} ({place.short_name}): "
                                 f"{', '.join(kept)}; the new gazetteer differs there.")
    session.flush()
    for entry in shipped.places:
        if entry.get("moved_to") and before < int(entry.get("moved_in_version", 0) or 0):
            changes.lines.append(_move_events(session, entry, shipped, now))
    return changes


def _move_events(session: Session, entry: dict[str, Any], shipped: ShippedGazetteer,
                 now: datetime) -> str:
    """Link events at a closed place from its move on to the place it moved to."""
    old_id, new_id = entry["id"], entry["moved_to"]
    new = session.get(Place, new_id)
    zone = ZoneInfo(vocab.COUNTRY_ZONES.get(entry["country"], "UTC"))
    moved_on = date.fromisoformat(entry["moved_on"])
    since = datetime(moved_on.year, moved_on.month, moved_on.day, tzinfo=zone)
    # The same words on every install, so two installs moving one event merge cleanly.
    note = (f"[Gazetteer {shipped.version}: {entry['short_name']} closed; from "
            f"{entry['moved_on']} its detainees were held at {new_id}, so this event now "
            f"links there. The old site is kept as {old_id}.]")
    events = session.exec(select(Event).where(Event.location_id == old_id)).all()
    moved = [event for event in events if event.at >= since]
    origin = get_meta(session, "install_id") or ""
    for event in moved:
        event.location_id = new_id
        event.note = f"{event.note}\n{note}" if event.note.strip() else note
        Editor(session, GAZETTEER_AUTHOR, origin, now, event.case_id).save(event)
    cases = len({event.case_id for event in moved})
    new_name = new.short_name if new is not None else new_id
    return (f"Closed {old_id} ({entry['short_name']}): moved to {new_id} ({new_name}) on "
            f"{entry['moved_on']}. {len(moved)} event(s) on {cases} case(s) from that day on "
            f"now link to {new_id}, each with a note; {len(events) - len(moved)} earlier "
            f"event(s) keep the old site.")
