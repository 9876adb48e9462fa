"""No plaintext outside the store: a unique string written into every text field of a
case is found nowhere on disk, in temp files or in what the app and the command line
printed, after intake, lock, export and import; only inside the encrypted stores and the
bundle, where it cannot be read without a key.

The positive controls prove the scan would see it: the case file given to the command
line holds it, and `case show`, asked to display the case, prints it."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.support.cli_helpers import run_process
from tests.support.helpers import type_text, wait_for
from tests.support.install_helpers import contact_key, new_install
from tests.support.ui_fixtures import SIZE, make_app, open_intake

CANARY = f"Zqx{uuid.uuid4().hex[:12]}"


def _canary_case() -> dict:
    """Every free-text field of a case holds the canary."""
    def text(field: str) -> str:
        return f"{CANARY} {field}"

    return {
        "person": {
            "names": [{"text": f"{CANARY} Abai", "given": CANARY, "father": text("father"),
                       "surname": text("surname"), "source": text("source")}],
            "ethnicity": text("ethnicity"), "home_place": text("home"),
            "languages": [text("language")],
            "documents": [{"kind": "passport", "number": CANARY, "note": text("doc")}],
            "relatives": [{"name": text("relative"), "relation": "brother",
                           "whereabouts": text("where"), "note": text("relative note")}],
            "contacts": [{"name": text("contact"), "role": "lawyer", "phone": "+7 701 000",
                          "note": text("contact note")}],
        },
        "situation": "detained", "route": text("route"), "reported_by": text("reporter"),
        "assigned_to": text("assigned"), "notes": text("notes"), "tags": [CANARY.lower()],
        "consent": {"level": "full", "condition": text("consent")},
        "events": [{"type": "detained", "at": "2026-11-20T10:00",
                    "location": text("place"), "note": text("event")}],
        "sources": [{"url": f"https://example.org/{CANARY}", "outlet": text("outlet"),
                     "title": text("title"), "note": text("source note")}],
    }


def _texts(needle: str) -> list[str]:
    return [needle, needle.lower(), needle.upper()]


def _leaks(root: Path, needle: str) -> list[str]:
    forms = [text.encode() for text in _texts(needle)] + \
        [needle.encode(encoding) for encoding in ("utf-16-le", "utf-16-be")]
    return [str(path.relative_to(root)) for path in sorted(root.rglob("*"))
            if path.is_file() and any(form in path.read_bytes() for form in forms)]


@pytest.fixture
def desk(tmp_path, template_store, monkeypatch):
    """Two installs (laptop, office) that know each other, and private temp, home and
    working dirs for everything the app runs, all under one folder to scan."""
    scan = tmp_path / "scan"
    for name in ("tmp", "home", "transfer", "work"):
        (scan / name).mkdir(parents=True)
    laptop = new_install(template_store, scan / "laptop")
    office = new_install(template_store, scan / "office")
    from caseworker.exchange.install_keys import add_contact
    from tests.support.case_factory import author

    add_contact(laptop, "office", contact_key(office), author())
    add_contact(office, "laptop", contact_key(laptop), author())
    laptop.close()
    office.close()
    env = {"TMPDIR": str(scan / "tmp"), "HOME": str(scan / "home"),
           "XDG_DATA_HOME": str(scan / "home" / "share"),
           "XDG_CONFIG_HOME": str(scan / "home" / "config"),
           "XDG_CACHE_HOME": str(scan / "home" / "cache"),
           "CASEWORKER_PASSPHRASE": PASSPHRASE}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr("tempfile.tempdir", str(scan / "tmp"))
    # A file written to a relative path lands in the working directory: scan that too.
    monkeypatch.chdir(scan / "work")
    return scan, env


async def test_a_canary_in_every_field_never_leaves_the_store(desk, tmp_path, capfd):
    scan, env = desk
    outside = tmp_path / "outside"  # where the volunteer's own case file lives
    outside.mkdir()
    case_file = outside / "case.json"
    case_file.write_text(json.dumps(_canary_case()), encoding="utf-8")
    said: list[str] = []  # all of stderr, and stdout of what does not display cases
    bundle = str(scan / "transfer" / "case.cwb")

    def cli(store: str, *args: str, displays: bool = False) -> str:
        result = run_process("--data-dir", str(scan / store), *args, env=env,
                             cwd=scan / "work")
        assert result.code == 0, result.err
        said.append(result.err)
        if not displays:
            said.append(result.out)
        return result.out

    # The command line: add the case and an event, export it, import it at the office.
    case_id = json.loads(cli("laptop", "case", "add", str(case_file)))["id"]
    cli("laptop", "event", "add", case_id, "--type", "extradition_request",
        "--at", "2026-11-21", "--note", f"{CANARY} demand")
    cli("laptop", "bundle", "export", "--to", "office", "--out", bundle)
    cli("laptop", "status", "--json")
    # Asked to show cases, these print names: the case in full, the preview of what a
    # bundle adds, the deadlines with whose they are.
    shown = cli("laptop", "case", "show", case_id, displays=True)
    cli("office", "bundle", "verify", bundle, displays=True)
    cli("office", "bundle", "import", bundle, "--yes", displays=True)
    cli("office", "deadlines", "--json", displays=True)

    # The app: intake of another canary person, the case screen, lock and unlock.
    app = make_app(scan / "laptop")
    async with app.run_test(size=SIZE) as pilot:
        await open_intake(pilot)
        await type_text(pilot, f"{CANARY} Typed")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: getattr(app.screen, "record", None) is not None,
                       timeout=20)  # the case screen, showing the case
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: app.locked)
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not app.locked)  # back on the case it was locked on
    captured = capfd.readouterr()
    said += [captured.out, captured.err]

    # The controls: the scan sees the canary where it is meant to be in plain text.
    assert _leaks(outside, CANARY) == ["case.json"]
    assert CANARY in shown
    shutil.rmtree(outside)
    # And it is nowhere else: not in a file under the data dirs, temp, home or transfer
    # folders (the stores and the bundle are encrypted), not in anything printed.
    assert _leaks(scan, CANARY) == []
    assert [text for text in said if any(form in text for form in _texts(CANARY))] == []
    assert sorted(p.name for p in (scan / "tmp").iterdir()) == []
    assert os.listdir(scan / "laptop") and os.listdir(scan / "office")
