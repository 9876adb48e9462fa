"""Tables whose columns fit the screen: on a narrow terminal (80 columns) a table shows
the columns that matter most and gives the widest one what is left; on a wide one it
shows them all. What a narrow table leaves out is shown for the highlighted row below it
(each screen's detail line)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.widgets import DataTable

from caseworker.core.i18n import _
from screens.base.footer import NARROW_BELOW
from screens.widgets.cell_updates import replace_cells

# DataTable pads each cell by one column on each side, and keeps two for its scrollbar.
_CELL_PADDING = 2
_SCROLLBAR = 2


SAME = -1


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    width: int | None = None  # None: the column that takes the width left over
    narrow: bool = True  # shown on a narrow screen too
    narrow_width: int | None = SAME  # its width there, when not the same
    narrow_label: str = ""  # its shorter label there, if any
    least: int = 12  # the fewest columns the flexible column gets

    def width_on(self, narrow: bool) -> int | None:
        return self.width if not narrow or self.narrow_width == SAME else self.narrow_width


class FitTable(DataTable):
    """A DataTable built from `Col`s, refitted when its width changes. Rows are added
    as cells by column key (`add_cells`), so a column left out costs nothing."""

    def __init__(self, *columns: Col, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self.all_columns = columns
        self._kept: list[tuple[dict, str | None, int]] = []
        self._kept_by_key: dict[str, dict] = {}  # the same cells, by row key
        self._fitted_to = 0

    @property
    def narrow(self) -> bool:
        return self.app.size.width < NARROW_BELOW

    def shown_columns(self) -> list[Col]:
        return [c for c in self.all_columns if c.narrow or not self.narrow]

    def on_mount(self) -> None:
        self._fit(self.size.width or self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width and event.size.width != self._fitted_to:
            self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self._fitted_to = width
        row = self.cursor_row
        shown, narrow = self.shown_columns(), self.narrow
        fixed = sum(c.width_on(narrow) or 0 for c in shown)
        left = width - fixed - _CELL_PADDING * len(shown) - _SCROLLBAR
        self.clear(columns=True)
        for column in shown:
            # labels are marked with N_ where the columns are declared
            self.add_column(_(column.narrow_label if narrow and column.narrow_label
                              else column.label), key=column.key,
                            width=column.width_on(narrow) or max(column.least, left))
        for cells, key, height in self._kept:
            self._add(cells, key, height)
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))

    def add_cells(self, cells: dict, key: str | None = None, height: int = 1) -> None:
        cells = dict(cells)  # changed by replace_cells, not the caller's
        self._kept.append((cells, key, height))
        if key is not None:
            self._kept_by_key[key] = cells
        self._add(cells, key, height)

    def replace_cells(self, column: str, values: dict) -> None:
        """New values (row key -> value) for one column, repainting only their lines.
        They are kept too: refitting to a new width adds every row again from what is
        kept, and must not bring back what these replaced."""
        for key, value in values.items():
            if key in self._kept_by_key:
                self._kept_by_key[key][column] = value
        replace_cells(self, column, values)

    def _add(self, cells: dict, key: str | None, height: int) -> None:
        self.add_row(*(cells.get(c.key, "") for c in self.shown_columns()), key=key,
                     height=height)

    def clear_cells(self) -> None:
        self._kept, self._kept_by_key = [], {}
        self.clear()

    def highlighted_key(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
