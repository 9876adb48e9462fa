"""Two reads of the same screen overlap: the one that started first must not paint over
the newer one when it finishes last (a case screen showed a deleted event's clocks still
running after its confirmation dialog closed)."""

from __future__ import annotations

import threading

from textual.widgets import Static

import screens.cases.case_view as case_view
from tests.support.case_factory import seed_cases, simple_draft
from tests.support.helpers import wait_for
from tests.support.ui_fixtures import SIZE, make_app, open_first_case, unlock


async def test_a_read_that_finishes_after_a_newer_one_is_not_shown(data_dir, monkeypatch):
    seed_cases(data_dir, simple_draft("Yerzhanat Abai"))
    app = make_app(data_dir)
    held, release, answered = threading.Event(), threading.Event(), threading.Event()
    assess = case_view.assess_case

    def slow_first_assessment(*args, **kwargs):
        if not held.is_set():  # only the read started while the gate is armed waits
            held.set()
            release.wait(10)
        return assess(*args, **kwargs)

    async with app.run_test(size=SIZE) as pilot:
        await unlock(pilot)
        screen = await open_first_case(pilot)
        notes = screen.query_one("#notes-text", Static)
        monkeypatch.setattr(case_view, "assess_case", slow_first_assessment)
        # the screen comes back from under a dialog: it reads the case before the change...
        screen.reload()
        await wait_for(pilot, held.is_set)
        # ...which is saved meanwhile, and read again
        screen.change("add_note", "Lawyer visited at 14:00.")
        await wait_for(pilot, lambda: "Lawyer visited" in str(notes.render()))
        post = screen.post_message

        def posting(message):
            delivered = post(message)
            if isinstance(message, case_view.CaseScreen.Loaded):
                answered.set()  # only the held read is still to answer
            return delivered

        monkeypatch.setattr(screen, "post_message", posting)
        release.set()
        await wait_for(pilot, answered.is_set)
        await pilot.pause()
        await pilot.pause()
        assert "Lawyer visited" in str(notes.render())
