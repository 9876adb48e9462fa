"""Start a program in a terminal of its own and time its first frame: the seconds from
start until `--expect` text appears on the screen; then quit it with ctrl+q.

    python scripts/first_frame.py --expect "Press Enter to unlock" -- PROGRAM [ARGS...]

Uses a pseudo-terminal (Linux and macOS), so it needs no terminal emulator. Prints the
seconds; exits 1 if the text did not appear within --timeout.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

# Escape sequences (CSI, OSC, and two-character ones): what is left is the text drawn.
ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--expect", required=True)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("command", nargs="+")
    args = parser.parse_args()

    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(args.command[0], args.command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    seen, shown = b"", None
    expected = args.expect.encode()
    while time.perf_counter() - started < args.timeout:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break  # the program ended
        if not chunk:
            break
        seen += chunk
        if expected in ESCAPES.sub(b"", seen):
            shown = time.perf_counter() - started
            break
    if shown is not None:
        os.write(fd, b"\x11")  # ctrl+q
        _wait(pid, 10)
        print(f"first frame: {shown:.2f} s")
        return 0
    os.kill(pid, signal.SIGKILL)
    _wait(pid, 5)
    text = ESCAPES.sub(b"", seen).decode("utf-8", "replace")
    print(f"no '{args.expect}' within {args.timeout:.0f} s; the screen had:\n{text[-2000:]}",
          file=sys.stderr)
    return 1


def _wait(pid: int, seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


if __name__ == "__main__":
    sys.exit(main())
