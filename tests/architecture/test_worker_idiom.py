"""One worker idiom across the screens: a worker hands its result back as a past-tense
message its screen turns into widget updates, never by calling into the interface thread;
and a worker that fails reaches the person as one sentence, never silence or a traceback."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from screens.base.messages import ReportsFailedWork, WorkFailed
from storage.errors import StoreInUse
from tests.support.paths import ROOT


def _sources() -> list[Path]:
    return [*sorted((ROOT / "screens").rglob("*.py")), ROOT / "caseworker" / "app.py"]


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _is_work(decorator: ast.expr) -> bool:
    called = decorator.func if isinstance(decorator, ast.Call) else decorator
    return (isinstance(called, ast.Name) and called.id == "work") or (
        isinstance(called, ast.Attribute) and called.attr == "work")


def _workers() -> list[tuple[Path, str, str, ast.expr]]:
    """(file, class, method, decorator) for every method decorated with @work."""
    found = []
    for path in _sources():
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.ClassDef):
                continue
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    found += [(path, node.name, item.name, d) for d in item.decorator_list
                              if _is_work(d)]
    return found


def test_no_screen_calls_into_the_interface_thread():
    calls = [f"{path.relative_to(ROOT)}:{node.lineno}" for path in _sources()
             for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.Attribute) and node.attr == "call_from_thread"]
    assert calls == []


def test_the_screens_have_workers_to_check():
    # A guard on the test itself: if the decorator were spelled differently, the checks
    # below would pass over nothing.
    assert len(_workers()) > 15


def test_every_worker_reports_its_failure_and_says_what_it_was_doing():
    """exit_on_error=False: a failure must not close the app (with case data in a
    traceback). A description: its first word chooses "Not saved" or "Could not load"."""
    bad = []
    for path, cls, method, decorator in _workers():
        keywords = ({k.arg: k.value for k in decorator.keywords}
                    if isinstance(decorator, ast.Call) else {})
        exit_on_error = keywords.get("exit_on_error")
        description = keywords.get("description")
        if not (isinstance(exit_on_error, ast.Constant) and exit_on_error.value is False):
            bad.append(f"{path.relative_to(ROOT)}: {cls}.{method} exits on error")
        if not (isinstance(description, ast.Constant) and str(description.value).strip()):
            bad.append(f"{path.relative_to(ROOT)}: {cls}.{method} has no description")
        if "group" not in keywords:
            bad.append(f"{path.relative_to(ROOT)}: {cls}.{method} has no group")
    assert bad == []


def test_every_class_that_runs_workers_passes_their_failures_on():
    """Textual tells only the node that started a worker how it ended; a node without
    ReportsFailedWork would drop a failure silently."""
    silent = []
    for path, cls, _, _ in _workers():
        found = getattr(importlib.import_module(_module_name(path)), cls)
        if not issubclass(found, ReportsFailedWork):
            silent.append(f"{path.relative_to(ROOT)}: {cls}")
    assert sorted(set(silent)) == []


def test_a_failure_is_one_sentence_that_never_echoes_what_the_exception_said():
    unexpected = KeyError("Qalymbek Shahman, born 1984-03-02")
    assert WorkFailed("place-save", "save the place", unexpected).sentence == (
        "Not saved: an internal error (KeyError).")
    busy = StoreInUse("The store is busy in another Caseworker window.")
    assert WorkFailed("case", "load the case", busy).sentence == (
        "Could not load: The store is busy in another Caseworker window.")
    assert WorkFailed("places", "find places", None).sentence == (
        "Could not load: an internal error.")
