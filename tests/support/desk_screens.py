"""The app on an intake desk in Pilot tests: a desk and its office, unlocking, the
question who is at the desk, and sealing an intake typed into the form
(docs/architecture.md §11)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.widgets import Input

from caseworker.app import CaseworkerApp
from screens.desk.desk_home import DeskScreen
from screens.desk.desk_intake import DeskIntakeScreen
from screens.desk.receipt_display import ReceiptModal
from screens.desk.volunteer_prompt import VolunteerPrompt
from storage.store import Store
from tests.conftest import PASSPHRASE
from tests.support.desk_helpers import desk_and_office
from tests.support.helpers import type_text, wait_for
from tests.support.ui_fixtures import make_app


@dataclass
class DeskInstall:
    data_dir: Path  # the desk's, for the app
    office: Store  # open: it can read what the desk sealed
    outbox: Path


def desk_install(template: Path, root: Path) -> DeskInstall:
    """A desk whose store is closed, for the app to unlock, and its office."""
    desk, office, outbox = desk_and_office(template, root)
    desk.close()
    return DeskInstall(root / "desk", office, outbox)


def desk_app(install: DeskInstall) -> CaseworkerApp:
    return make_app(install.data_dir)


async def asked_who(pilot) -> VolunteerPrompt:
    """Unlock and wait for the question who is at the desk, its field taking keys."""
    app = pilot.app
    await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "passphrase")
    await type_text(pilot, PASSPHRASE)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, VolunteerPrompt)
                   and getattr(app.focused, "id", None) == "volunteer")
    return app.screen


async def at_the_desk(pilot, volunteer: str) -> DeskScreen:
    """Unlock, give the volunteer's name, and wait for the desk's screen."""
    await asked_who(pilot)
    await type_text(pilot, volunteer)
    await pilot.press("enter")
    return await desk_screen(pilot)


async def desk_screen(pilot) -> DeskScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, DeskScreen)
                   and app.screen.sitting is not None)
    return app.screen


async def new_intake(pilot) -> DeskIntakeScreen:
    """From the desk's screen, n, and wait for the form's first field to take keys."""
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DeskIntakeScreen)
                   and isinstance(pilot.app.focused, Input))
    return pilot.app.screen


async def seal(pilot) -> ReceiptModal:
    """Save the intake on screen and wait for its receipt."""
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReceiptModal))
    return pilot.app.screen


async def seal_a_name(pilot, name: str) -> ReceiptModal:
    """A new intake with only a name, sealed; the receipt is on screen."""
    await new_intake(pilot)
    await type_text(pilot, name)
    return await seal(pilot)
