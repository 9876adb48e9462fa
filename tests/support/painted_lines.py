"""Which lines of a widget the app draws: a repaint costs by the line, so counting them
tells a change drawn where it shows from a whole widget drawn again."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget


def record_painted_lines(widget: Widget) -> list[int]:
    """From now on, every line of `widget` that a frame draws is appended to the list
    returned (its y on the widget). Clear the list to start counting again."""
    painted: list[int] = []
    draw = widget.render_line

    def drawn(y: int):
        painted.append(y)
        return draw(y)

    widget.render_line = drawn  # type: ignore[method-assign]
    return painted


def shown_text(widget: Widget, y: int) -> str:
    """Line `y` of `widget` as the next frame shows it, through every cache it has."""
    [strip] = widget.render_lines(Region(0, y, widget.size.width, 1))
    return strip.text
