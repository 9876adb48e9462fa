"""No plaintext outside the store: a unique string written into every text field of a
case is found nowhere on disk, in temp files or in what the app and the command line
printed, after intake, lock, export and import; only inside the encrypted stores and the
bundle, where it cannot be read without a key.

The positive controls prove the scan would see it: the case file given to the command
line holds it, and `case show`, asked to display the case, prints it."""

from __future__ import annotations

import contextlib
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

    def cli(store: str, *args: str, displays: bool = False, stdin: str | None = None) -> str:
        result = run_process("--data-dir", str(scan / store), *args, env=env, stdin=stdin,
                             cwd=scan / "work")
        assert result.code == 0, result.err
        said.append(result.err)
        if not displays:
            said.append(result.out)
        return result.out

    # The command line: add the case and an event, export it, import it at the office.
    case_id = json.loads(cli("laptop", "case", "add", str(case_file)))["id"]
    # The note comes on standard input: on the command line, ps would show it to anyone.
    cli("laptop", "event", "add", case_id, "--type", "extradition_request",
        "--at", "2026-11-21", "--note-file", "-", stdin=f"{CANARY} demand\n")
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


def test_case_text_and_the_passphrase_are_not_in_ps_or_the_environment(data_dir, tmp_path):
    """A note given on standard input and a passphrase given in CASEWORKER_PASSPHRASE
    are in neither the command line (`ps`) nor /proc/PID/environ while the command runs."""
    import subprocess
    import sys
    import time

    if not Path("/proc/self/environ").exists():
        pytest.skip("no /proc here")
    from caseworker.opening.unlocking import open_store
    from tests.support.case_factory import add_case, simple_draft
    from tests.support.cli_helpers import ROOT

    store = open_store(data_dir, PASSPHRASE)
    case_id = add_case(store, simple_draft("Qalymbek Shahman"))
    store.close()
    child = subprocess.Popen(
        [sys.executable, "-m", "caseworker", "--data-dir", str(data_dir), "event", "add",
         case_id, "--type", "detained", "--at", "2026-11-21", "--note-file", "-"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "CASEWORKER_PASSPHRASE": PASSPHRASE})
    seen: list[bytes] = []

    def look() -> None:
        for name in ("cmdline", "environ"):
            with contextlib.suppress(OSError):  # the child may have just ended
                seen.append(Path(f"/proc/{child.pid}/{name}").read_bytes())
        seen.append(subprocess.run(["ps", "-eo", "args"], capture_output=True).stdout)

    # Blocked on reading the note: main() has run, and taken the passphrase out.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if _reading_stdin(child.pid):
            break
        time.sleep(0.05)
    look()
    child.stdin.write(f"{CANARY} in a note\n".encode())
    child.stdin.close()
    while child.poll() is None:
        look()
        time.sleep(0.02)
    assert child.returncode == 0, child.stderr.read()
    assert seen and any(b"event" in s for s in seen)  # the control: it was looked at
    for text in seen:
        assert CANARY.encode() not in text
        assert PASSPHRASE.encode() not in text


def _reading_stdin(pid: int) -> bool:
    """The process waits in read(2) on its standard input."""
    try:
        syscall = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    return len(syscall) > 1 and syscall[0] == "0" and syscall[1] == "0x0"


def test_free_text_comes_from_a_file_or_standard_input(capsys, data_dir, tmp_path,
                                                        monkeypatch):
    import io

    from caseworker.opening.unlocking import open_store
    from tests.support.case_factory import add_case, simple_draft
    from tests.support.cli_helpers import run_cli

    store = open_store(data_dir, PASSPHRASE)
    case_id = add_case(store, simple_draft("Qalymbek Shahman"))
    store.close()
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    note = tmp_path / "note.txt"
    note.write_text(f"{CANARY} from a file\n")
    added = run_cli(capsys, "event", "add", case_id, "--type", "detained", "--at",
                    "2026-11-20", "--note-file", str(note))
    assert added.code == 0 and added.err == ""
    monkeypatch.setattr("sys.stdin", io.StringIO("Qalymbek Shahman\n"))
    found = run_cli(capsys, "match", "-", "--json")
    assert found.code == 0 and found.json()[0]["case_id"] == case_id
    inline = run_cli(capsys, "event", "add", case_id, "--type", "detained", "--at",
                     "2026-11-21", "--note", "said on the command line")
    assert inline.code == 0 and "--note-file -" in inline.err
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    shown = run_cli(capsys, "case", "show", case_id, "--json").json()
    assert {e["note"] for e in shown["events"]} >= {f"{CANARY} from a file"}
