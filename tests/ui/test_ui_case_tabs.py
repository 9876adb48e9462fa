"""A case's person, sources, notes and history tabs, each reached by its number key and
showing on screen what the store holds for the case."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import DataTable, Static, TabbedContent

from caseworker.opening.unlocking import open_store
from storage.tables import Case
from tests.conftest import PASSPHRASE
from tests.support.case_factory import seed_cases, seed_draft
from tests.support.helpers import wait_for
from tests.support.record_edits import at, edit
from tests.support.ui_fixtures import SIZE, make_app, open_first_case, unlock


def _on_screen(widget: Widget) -> bool:
    """Laid out with room on the screen: a widget of a hidden tab has no region."""
    return widget.display and widget.region.area > 0


def _rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def _tab(pilot, key: str, pane: str, shown: Widget) -> None:
    await pilot.press(key)
    await wait_for(pilot, lambda: pilot.app.screen.query_one(TabbedContent).active == pane
                   and _on_screen(shown))


async def test_each_tab_shows_what_the_case_holds(data_dir):
    [case_id] = seed_cases(data_dir, seed_draft("yerzhanat-abai"))
    store = open_store(data_dir, PASSPHRASE)
    try:
        edit(store, Case, case_id, at(1), route="Khorgos, on foot")
    finally:
        store.close()
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        view = await open_first_case(pilot)
        person = view.query_one("#person-text", Static)
        sources = view.query_one("#source-table", DataTable)
        notes = view.query_one("#notes-text", Static)
        history = view.query_one("#history-table", DataTable)
        assert not any(map(_on_screen, (person, sources, notes, history)))  # the timeline

        await _tab(pilot, "2", "person", person)
        shown = str(person.render())
        for fact in ("Yerzhanat Abai", "Ethnicity: Kazakh", "reported as 23 years old",
                     "Home place: Gongliu county, Ili prefecture, Xinjiang",
                     "Route: Khorgos, on foot", "Reported by: Atajurt (Serikzhan Bilash)",
                     "Publicised by Atajurt"):
            assert fact in shown, fact

        await _tab(pilot, "3", "sources", sources)
        [source] = _rows(sources)
        assert source[:2] == ["2025-05-16", "RFA"]
        assert "https://rfa.org/english/china/2025/05/16/china-xinjiang-kazakh-detainee" in source
        assert app.focused is sources  # the list takes keys at once

        await _tab(pilot, "4", "notes", notes)
        assert "Held about 40 km from the border with China." in str(notes.render())

        await _tab(pilot, "5", "history", history)
        rows = _rows(history)
        assert ["person1", "case", "route → Khorgos, on foot"] in [row[1:] for row in rows]
        added = [row for row in rows if row[3].startswith("added")]
        # the person, their name, the case, three events, the source and the note
        assert len(added) >= 8 and all(row[1] == "tester" for row in added)

        await _tab(pilot, "1", "timeline", view.query_one("#events", DataTable))
        assert not _on_screen(history)
