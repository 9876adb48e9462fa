"""The case screen's keys. Keys that act on one tab's list work on that tab, and only its
keys are in the footer: on an 80-column screen the footer has room for a tab's keys, not
for all of them; the same keys work from every other tab, out of the footer."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from caseworker.core.i18n import N_

TAB_ACTIONS = {"add_event": "timeline", "correct_event": "timeline",
               "delete_event": "timeline", "purge_event": "timeline", "add_source": "sources",
               "add_note": "notes",
               "tick_off": "checklist", "court_date": "checklist",
               "attach_file": "files", "view_file": "files", "export_file": "files",
               "purge_file": "files"}

# Priority: the case view has no text field, and a key acts when read (what is typed
# after `a` reaches the dialog it opens, held by the app until the dialog is ready).
CASE_BINDINGS: list[BindingType] = [
    Binding("a", "add_event", N_("Add event"), id="case.add_event", priority=True),
    Binding("r", "correct_event", N_("Correct"), id="case.correct_event", priority=True,
            tooltip=N_("Correct the highlighted event")),
    Binding("delete", "delete_event", N_("Delete"), id="case.delete_event", priority=True,
            tooltip=N_("Delete the highlighted event (after asking)")),
    Binding("shift+delete", "purge_event", N_("Purge event"), show=False, id="case.purge_event"),
    Binding("delete", "purge_file", N_("Purge file"), id="case.purge_file", priority=True,
            tooltip=N_("Purge the highlighted file (after asking)")),
    Binding("f", "attach_file", N_("Add file"), id="case.attach_file", priority=True,
            tooltip=N_("Keep a photo, scan or recording on the case")),
    Binding("o", "view_file", N_("View"), id="case.view_file", priority=True,
            tooltip=N_("Open the highlighted file in the system's viewer")),
    Binding("x", "export_file", N_("Save copy"), id="case.export_file", priority=True,
            tooltip=N_("Save a copy of the highlighted file outside the store")),
    Binding("P", "purge", N_("Purge case"), id="case.purge"),
    Binding("s", "add_source", N_("Add source"), id="case.add_source", priority=True),
    Binding("m", "add_note", N_("Add note"), id="case.add_note", priority=True),
    Binding("t", "tick_off", N_("Done"), id="case.tick_off", priority=True,
            tooltip=N_("Tick the highlighted item off, with your name and the time")),
    Binding("c", "court_date", N_("Court date"), id="case.court_date", priority=True,
            tooltip=N_("Enter the date a court or authority set for the highlighted item")),
    Binding("e", "edit", N_("Edit"), id="case.edit", priority=True,
            tooltip=N_("Edit the person and case")),
    Binding("d", "duplicates", N_("Duplicates"), id="case.duplicates", priority=True,
            tooltip=N_("Persons on file who may be this person")),
    Binding("b", "send", N_("Send"), id="case.send", priority=True,
            tooltip=N_("Send this case in a bundle")),
    Binding("1", "tab('timeline')", N_("Timeline"), show=False, id="case.tab_timeline"),
    Binding("2", "tab('person')", N_("Person"), show=False, id="case.tab_person"),
    Binding("3", "tab('sources')", N_("Sources"), show=False, id="case.tab_sources"),
    Binding("4", "tab('notes')", N_("Notes"), show=False, id="case.tab_notes"),
    Binding("5", "tab('history')", N_("History"), show=False, id="case.tab_history"),
    Binding("6", "tab('checklist')", N_("Checklist"), show=False, id="case.tab_checklist"),
    Binding("7", "tab('risk')", N_("Risk"), show=False, id="case.tab_risk"),
    Binding("8", "tab('files')", N_("Files"), show=False, id="case.tab_files"),
    Binding("escape", "app.pop_screen", N_("Back"), id="case.back"),
    # The same keys from any other tab, out of the footer: the footer shows the keys
    # of the tab on screen, but a key learnt on one tab works on every tab. (After
    # the shown ones: the footer shows the first binding of a key that is active.)
    Binding("a", "anywhere('add_event')", N_("Add event"), show=False, id="case.add_event",
            priority=True),
    Binding("s", "anywhere('add_source')", N_("Add source"), show=False,
            id="case.add_source", priority=True),
    Binding("m", "anywhere('add_note')", N_("Add note"), show=False, id="case.add_note",
            priority=True),
    Binding("t", "anywhere('tick_off')", N_("Done"), show=False, id="case.tick_off",
            priority=True),
    Binding("c", "anywhere('court_date')", N_("Court date"), show=False,
            id="case.court_date", priority=True),
    Binding("f", "anywhere('attach_file')", N_("Add file"), show=False,
            id="case.attach_file", priority=True),
]
