"""An intake desk and its office in one test, and an intake with a canary in every
text field (docs/architecture.md §11)."""

from __future__ import annotations

import uuid
from pathlib import Path

from caseworker.desk.desk_mode import make_desk
from caseworker.exchange.install_keys import add_contact
from storage.store import Store
from tests.support.case_factory import author
from tests.support.install_helpers import contact_key, new_install

PLACE_ID = "KZ-BC-NURZHOLY"  # a shipped place, linked as the place finder links one


def new_canary() -> str:
    return f"Zqx{uuid.uuid4().hex[:12]}"


def canary_intake(canary: str) -> dict:
    """A case file whose every free-text field holds `canary`."""
    def text(field: str) -> str:
        return f"{canary} {field}"

    return {
        "person": {
            "names": [{"text": f"{canary} Abai", "given": canary, "father": text("father"),
                       "surname": text("surname"), "source": text("source")}],
            "ethnicity": text("ethnicity"), "home_place": text("home"),
            "languages": [text("language")],
            "documents": [{"kind": "passport", "number": canary, "note": text("doc")}],
            "relatives": [{"name": text("relative"), "relation": "brother",
                           "whereabouts": text("where"), "note": text("relative note")}],
            "contacts": [{"name": text("contact"), "role": "lawyer", "phone": "+7 701 000",
                          "note": text("contact note")}],
        },
        "situation": "detained", "route": text("route"), "reported_by": text("reporter"),
        "assigned_to": text("assigned"), "notes": text("notes"), "tags": [canary.lower()],
        "consent": {"level": "full", "condition": text("consent")},
        "events": [{"type": "detained", "at": "2026-11-20T10:00",
                    "location": text("place"), "note": text("event")},
                   {"type": "crossed_border", "at": "2026-11-18", "location": PLACE_ID,
                    "note": text("crossing")}],
        "sources": [{"url": f"https://example.org/{canary}", "outlet": text("outlet"),
                     "title": text("title"), "note": text("source note")}],
    }


def desk_and_office(template: Path, root: Path) -> tuple[Store, Store, Path]:
    """A desk sealing to an office that knows the desk as a contact, and its outbox."""
    outbox = root / "outbox"
    outbox.mkdir(parents=True)
    desk = new_install(template, root / "desk")
    office = new_install(template, root / "office")
    make_desk(desk, contact_key(office), outbox, author())
    add_contact(office, "front desk", contact_key(desk), author())
    return desk, office, outbox
