"""No network, ever; and a crash never prints case data to the terminal."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_the_guard_refuses_connections_and_lookups_but_not_local_pipes():
    done = _run("""
        import socket
        from caseworker.core.offline import NetworkRefused, forbid_network
        forbid_network()
        a, b = socket.socketpair()          # asyncio needs this: still allowed
        a.send(b"x"); assert b.recv(1) == b"x"
        for attempt in (lambda: socket.create_connection(("127.0.0.1", 9)),
                        lambda: socket.socket().connect(("127.0.0.1", 9)),
                        lambda: socket.getaddrinfo("example.org", 443)):
            try:
                attempt()
            except NetworkRefused:
                continue
            raise SystemExit("a network attempt got through")
        print("refused")
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "refused"


def test_the_command_line_installs_the_guard():
    done = _run("""
        import socket
        from caseworker.cli import main
        try:
            main.main(["status", "--data-dir", "/nonexistent-dir"])
        except SystemExit:
            pass
        try:
            socket.create_connection(("127.0.0.1", 9))
        except OSError as exc:
            print(type(exc).__name__)
    """)
    assert done.stdout.strip() == "NetworkRefused", done.stderr


def test_a_crash_in_the_app_prints_no_case_data(tmp_path):
    done = _run(f"""
        from pathlib import Path
        from caseworker.app import CaseworkerApp
        from caseworker.core.config import Config

        class Crashing(CaseworkerApp):
            def on_mount(self):
                super().on_mount()
                person = "CANARY Yerzhanat Abai"
                raise ValueError(person)

        Crashing(Path({str(tmp_path)!r}), Config(user="v")).run(headless=True)
    """)
    output = done.stdout + done.stderr
    assert "internal error (ValueError)" in output
    assert "CANARY" not in output and "Traceback" not in output
