"""Changing some cells of a DataTable and repainting only the lines they are on.

Textual's `update_cell` counts any change as a change to the whole table: it forgets every
cell and line it has drawn, so the next frame draws every row on screen again, about a
tenth of a second of CPU for the dashboard's forty rows, even when the cell changed is
off screen. The dashboard's countdowns change a few cells a minute, most often none on
screen, and that redraw was most of what the app cost while idle (docs/architecture.md
§8). Here the cells are written, only what was drawn from them is forgotten, and only
their lines on screen are repainted, all in the next frame.

This reads DataTable's caches as Textual 8.2 lays them out. Textual is pinned exactly;
tests/ui/test_ui_dashboard_ticks.py fails if a changed cell stops showing, on screen or
scrolled back into view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual.cache import LRUCache
from textual.geometry import Region
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, ColumnKey, RowKey


def replace_cells(table: DataTable, column: str, values: Mapping[str, CellType]) -> None:
    """Put `values` (row key -> value) in `column`. Rows the table does not hold are
    skipped: they are drawn from their own data when they are added."""
    column_key = ColumnKey(column)
    if column_key not in table.columns:
        return
    changed = {RowKey(key): value for key, value in values.items()
               if RowKey(key) in table._row_locations}
    if not changed:
        return
    for key, value in changed.items():
        table._data[key][column_key] = value
    indices = {table._row_locations.get(key) for key in changed}
    # The table's own lines: the header's first, then each row's, scrolled or not.
    top = table.header_height if table.show_header else 0
    lines = {y for y, (key, _) in enumerate(table._y_offsets, start=top) if key in changed}
    _forget(table._cell_render_cache, lambda k: k[0] in changed and k[1] == column_key)
    _forget(table._row_render_cache, lambda k: k[0] in changed)
    _forget(table._row_renderable_cache, lambda k: k[1] in indices)
    _forget(table._line_cache, lambda k: k[0] in lines)
    # Only lines on screen: a row scrolled away, even just under the header, is drawn
    # from its new value when it comes back. One refresh for them all.
    scrolled, width = table.scroll_offset.y, table.size.width
    shown = [y - scrolled for y in sorted(lines) if top <= y - scrolled < table.size.height]
    if shown:
        table.refresh(*(Region(0, y, width, 1) for y in shown))


def _forget(cache: LRUCache[Any, Any], drawn_from_them: Callable[[Any], bool]) -> None:
    # keys(): an LRUCache has no __iter__, and iterating it would index it by 0, 1, 2...
    for key in [k for k in cache.keys() if drawn_from_them(k)]:  # noqa: SIM118
        cache.discard(key)
