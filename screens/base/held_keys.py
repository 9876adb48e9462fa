"""Keys typed faster than the screen moves: each goes where the user expects it to.

In a terminal a person types ahead: Enter in a list then Tab and a date, or F6 then the new
event's type. Textual reads each key at once but moves the focus a few messages later, so a
key typed meanwhile lands where the focus was (the previous row's note, the closing list)
or on a screen with nothing focused yet. The app holds such keys and lets them go, in the
order typed, once the screen on top is ready and the key before them has settled.
"""

from __future__ import annotations

import time

from textual import events
from textual.app import App
from textual.widget import Widget
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

# Held keys are looked at this often, and let go after this long whatever the screen says
# (a screen that never says it is ready must not swallow the keyboard).
HELD_KEYS_CHECK_SECONDS = 0.02
HELD_KEYS_LONGEST_SECONDS = 5.0


class HoldsEarlyKeys(App):
    """Mixed into the app: `hold_early_key` decides, for each key the app reads, whether it
    waits. A screen says it is not ready with a true `preparing` property."""

    def __init__(self) -> None:
        super().__init__()
        self._held_keys: list[events.Key] = []
        self._holding_since = 0.0
        self._busy_list: Select | None = None
        self._bound_key_at: Widget | None = None

    def hold_early_key(self, key: events.Key) -> bool:
        """Keep `key` if the screen is not ready for it, or if keys are already kept
        (they go out in the order typed)."""
        if not self._held_keys:
            if self._ready_for(key):
                self._note_key(key)
                return False
            self._holding_since = time.monotonic()
            self.set_timer(HELD_KEYS_CHECK_SECONDS, self._check_held_keys, name="held keys")
        self._held_keys.append(key)
        return True

    def forget_held_keys(self) -> None:
        """Drop the keys held for a screen that will not come: typed after a passphrase
        that turned out wrong, they were meant for the store it did not open."""
        self._held_keys.clear()

    def _ready_for(self, key: events.Key) -> bool:
        """Letters go to the focused field's queue behind the ones typed before them. A
        key such as Tab, Enter or F4 may act at once (a priority binding, a list), so it
        also waits until the field has taken in what was typed before it: F4 after a
        place name must search for the whole name."""
        if not self._screen_ready():
            return False
        focused = self.screen.focused
        return key.is_printable or focused is None or not _on_its_way(focused)

    def _screen_ready(self) -> bool:
        """Whether the screen on top takes keys: it is mounted, not `preparing` (loading
        what it shows, saving, opening the store, making a row), no earlier key is still
        on its way, and if it has anything to focus, that has taken the focus."""
        screen = self.screen
        if (not screen.is_mounted or getattr(screen, "preparing", False)
                or self._list_busy() or self._bound_key_busy()):
            return False
        return screen.focused is not None or not screen.focus_chain

    def _note_key(self, key: events.Key) -> None:
        focused = self.screen.focused
        select = focused.parent if isinstance(focused, SelectOverlay) else focused
        if isinstance(select, Select):
            self._busy_list = select
        elif focused is not None and not key.is_printable and self._is_screen_binding(key):
            self._bound_key_at = focused

    def _is_screen_binding(self, key: events.Key) -> bool:
        """Keys such as F6 (add a row) or F4 (find a place) act once the key has passed
        up from the field through its containers: by then keys typed after it have been
        handed to the field the focus is leaving."""
        return any(key.key == binding.binding.key
                   for binding in self.screen.active_bindings.values())

    def _list_busy(self) -> bool:
        """A key for a list (Enter, Escape, Tab, letters) moves the focus a few messages
        after it is read: the list opens and takes the focus, or closes and gives it back
        to its field, or loses it to the next field. Keys behind it wait until the list
        has handled it and the focus has settled."""
        select = self._busy_list
        if select is None:
            return False
        if select.is_attached and select.screen is self.screen:
            overlay = select.query_one(SelectOverlay)
            # settled: an open list has the focus, a closed one has given it up
            if (_on_its_way(overlay, select)
                    or select.expanded != (self.screen.focused is overlay)):
                return True
        self._busy_list = None
        return False

    def _bound_key_busy(self) -> bool:
        """A bound key is on its way up from the field it was typed in; once it reaches
        the screen, the screen's `preparing` covers whatever its action is still doing."""
        field = self._bound_key_at
        if field is not None and field.is_attached and _on_its_way(field):
            return True
        self._bound_key_at = None
        return False

    def _check_held_keys(self) -> None:
        # Timers run beside the app's message loop; keys go out from inside it, so none
        # typed meanwhile can slip ahead of them.
        self.call_later(self._release_keys)

    async def _release_keys(self) -> None:
        """Hand the kept keys on, oldest first, each once the screen is ready for it: a
        key that opens a screen or moves the focus keeps the ones behind it waiting."""
        while self._held_keys:
            waited = time.monotonic() - self._holding_since
            if not self._ready_for(self._held_keys[0]) and waited < HELD_KEYS_LONGEST_SECONDS:
                self.set_timer(HELD_KEYS_CHECK_SECONDS, self._check_held_keys,
                               name="held keys")
                return
            key = self._held_keys.pop(0)
            self._holding_since = time.monotonic()
            self._note_key(key)
            # Straight to Textual's handling: the key was counted as activity, and looked
            # at for holding, when it was typed.
            await super().on_event(events.Key(key.key, key.character))


def _on_its_way(*widgets: Widget) -> bool:
    """Whether a key given to the widgets may still be handled by one of them or their
    containers: a key nobody stops goes up through every container to the screen, whose
    bindings act on it. (The app is left out: its queue holds the keys typed since, and
    reads them in order after this one.)"""
    nodes = {node for widget in widgets for node in widget.ancestors_with_self
             if not isinstance(node, App)}
    return any(node.message_queue_size for node in nodes)
