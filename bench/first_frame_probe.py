"""Child process: start an app headless and print the monotonic time of its first frame.

`bare`: Textual with a Header, a DataTable, a focused password field and a Footer (the
budget's baseline: the least any app that opens with a passphrase prompt paints).
`caseworker`: the real entry path (CLI module, config, app) up to the unlock screen.
CLOCK_MONOTONIC is shared by all processes, so the parent subtracts its spawn time.
"""

from __future__ import annotations

import sys
import time


def first_frame_reporter(app_class):
    class Probe(app_class):
        def on_mount(self) -> None:
            parent = getattr(super(), "on_mount", None)
            if parent:
                parent()
            self.screen.call_after_refresh(self._report)

        def _report(self) -> None:
            sys.stdout.write(f"{time.monotonic()}\n")
            sys.stdout.flush()
            self.exit()

    return Probe


def bare() -> None:
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header, Input

    class Bare(App):
        def compose(self):
            yield Header()
            yield DataTable()
            yield Input(password=True)
            yield Footer()

        def on_mount(self) -> None:
            self.query_one(Input).focus()

    first_frame_reporter(Bare)().run(headless=True, size=(120, 40))


def caseworker(data_dir: str) -> None:
    from pathlib import Path

    import caseworker.cli.main  # noqa: F401  (the entry point's own imports count)
    from caseworker.app import CaseworkerApp
    from caseworker.core.config import load_config

    root = Path(data_dir)
    app = first_frame_reporter(CaseworkerApp)(data_dir=root, config=load_config(root))
    app.run(headless=True, size=(120, 40))


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        caseworker(sys.argv[2])
