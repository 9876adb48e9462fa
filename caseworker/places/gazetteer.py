"""The gazetteer shipped inside the package, and bringing a store's places up to it.

A store records the gazetteer version it holds. When the package ships a newer one, each
shipped place is added or updated, except the fields a person corrected
(`Place.edited_fields`): a user's correction outlives every upgrade. Places people added
are never touched. Search keys and case summaries are then rebuilt (derived data).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files
from typing import Any

from sqlmodel import Session

from caseworker.core import vocab
from storage.meta_values import forget_meta, get_meta, set_meta
from storage.store import Store
from storage.tables import Place

META_KEY = "gazetteer.version"
# Derived data that shows places: rebuilt after an upgrade changes them.
# Derived data that shows places: forgetting its version makes the next opening rebuild it
# (caseworker/cases/derived_data.py keeps the list of kinds and a test holds the two together).
DERIVED_KINDS = ("derived.place_names", "derived.case_summaries")
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
    default), in one transaction. Returns the ids of places added or changed."""
    shipped = shipped or shipped_gazetteer()
    with store.read() as session:
        if int(get_meta(session, META_KEY) or 0) >= shipped.version:
            return []
    with store.write() as session:
        changed = apply_gazetteer(session, shipped, now)
        set_meta(session, META_KEY, str(shipped.version))
        if changed:
            forget_meta(session, *DERIVED_KINDS)
    return changed


def apply_gazetteer(session: Session, shipped: ShippedGazetteer, now: datetime) -> list[str]:
    changed = []
    for entry in shipped.places:
        fields = place_fields(entry)
        place = session.get(Place, entry["id"])
        if place is None:
            session.add(Place(id=entry["id"], origin="shipped", changed_by="gazetteer",
                              created_at=now, updated_at=now, **fields))
            changed.append(entry["id"])
            continue
        updates = {key: value for key, value in fields.items()
                   if key not in place.edited_fields and getattr(place, key) != value}
        if updates:
            for key, value in updates.items():
                setattr(place, key, value)
            place.updated_at = now
            changed.append(place.id)
    return changed
