"""Saving a place, added or corrected, and refreshing the cases whose last known place
it is (their lists and urgency show its name, country and distance to the border)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlmodel import select

from caseworker.cases.case_refresh import refresh_case_views
from caseworker.core.authoring import Author, editor_for
from caseworker.core.user_errors import UserError
from caseworker.places.place_index import refresh_place_names
from caseworker.places.place_records import PlaceDraft, shown_place_id, validate_place
from storage.store import Store
from storage.tables import CaseSummary, Place


def save_place(store: Store, draft: PlaceDraft, author: Author) -> str:
    """Add a place (no id) or correct one; returns its id. Validates first: a bad draft
    changes nothing."""
    values = validate_place(draft)
    with store.write() as session:
        editor = editor_for(session, author, None)
        place: Place | None
        if draft.id is None:
            place = Place(id=new_place_id(values), origin="user", created_at=author.now,
                          **values)
        else:
            place = session.get(Place, draft.id)
            if place is None:
                raise UserError(f"there is no place with the id {shown_place_id(draft.id)}")
            changed = [key for key, value in values.items() if getattr(place, key) != value]
            if not changed:
                return place.id
            for key in changed:
                setattr(place, key, values[key])
            if place.origin == "shipped":
                place.edited_fields = sorted({*place.edited_fields, *changed})
        place.updated_at = author.now
        place.changed_by = author.name
        session.add(place)
        editor.save(place)
        session.flush()
        refresh_place_names(session, [place.id])
        linked = session.exec(select(CaseSummary.case_id)
                              .where(CaseSummary.place_id == place.id)).all()
        refresh_case_views(session, linked)
        return place.id


def new_place_id(values: dict[str, Any]) -> str:
    """Readable and unique across installs: country, a slug of the name, random tail."""
    slug = re.sub(r"[^A-Z0-9]+", "-", values["short_name"].upper()).strip("-")[:24] or "PLACE"
    return f"{values['country']}-{slug}-{uuid.uuid4().hex[:6].upper()}"
