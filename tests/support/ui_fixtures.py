"""Building the app for Pilot tests with controllable clocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual.widgets import DataTable, Input

from caseworker.app import CaseworkerApp
from caseworker.core.config import Config
from caseworker.opening.workspace import Workspace
from screens.cases.case_view import CaseScreen
from screens.cases.intake import IntakeScreen
from screens.shell.dashboard import DashboardScreen
from tests.conftest import PASSPHRASE
from tests.support.helpers import type_text, wait_for

SIZE = (120, 40)


@dataclass
class FakeClocks:
    monotonic: float = 1000.0
    wall: float = 1_700_000_000.0
    calls: list = field(default_factory=list)

    def advance(self, seconds: float, wall_too: bool = True) -> None:
        self.monotonic += seconds
        if wall_too:
            self.wall += seconds


def make_app(data_dir: Path, config: Config | None = None, clocks: FakeClocks | None = None,
             workspace: Workspace | None = None) -> CaseworkerApp:
    from storage.kdf import floor_params

    config = config or Config(user="volunteer")
    clocks = clocks or FakeClocks()
    workspace = workspace or Workspace(data_dir=data_dir, config=config, kdf_params=floor_params())
    return CaseworkerApp(data_dir, config, workspace=workspace,
                         monotonic=lambda: clocks.monotonic, wall_clock=lambda: clocks.wall)


async def open_intake(pilot) -> None:
    """Unlock, press n, and wait for the intake form to take the first key."""
    await unlock(pilot)
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, IntakeScreen))
    await wait_for(pilot, lambda: getattr(pilot.app.focused, "id", None) is None
                   and pilot.app.focused is not None)


async def open_cases(pilot) -> DataTable:
    """Unlock, press c, and wait for the cases list; returns its table."""
    from screens.cases.all_cases import CasesScreen

    await unlock(pilot)
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CasesScreen)
                   and pilot.app.screen.matches is not None)
    return pilot.app.screen.query_one(DataTable)


async def open_first_case(pilot) -> CaseScreen:
    """From the unlocked dashboard, open the highlighted case and wait until it shows."""
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CaseScreen)
                   and pilot.app.screen.record is not None)
    return pilot.app.screen


async def open_edit_form(pilot) -> None:
    """Unlock, open the highlighted case, press e and wait for the edit form's fields."""
    await unlock(pilot)
    await open_first_case(pilot)
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, IntakeScreen)
                   and pilot.app.screen.query("#ethnicity"))


async def retype(pilot, field_id: str, text: str) -> None:
    """Empty a text field of the current screen and type `text` into it."""
    field = pilot.app.screen.query_one(f"#{field_id}", Input)
    field.focus()
    field.value = ""
    await type_text(pilot, text)


async def unlock(pilot, passphrase: str = PASSPHRASE) -> None:
    await wait_for(pilot, lambda: getattr(pilot.app.focused, "id", None) == "passphrase")
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    app = pilot.app
    await wait_for(pilot, lambda: not app.locked and isinstance(app.screen, DashboardScreen)
                   and app.screen.loaded)


def case_shown(app) -> bool:
    """A case screen is on top and has drawn its case (a test that ends before then
    stops the app while the screen's tabs are still being mounted)."""
    return isinstance(app.screen, CaseScreen) and app.screen.record is not None
