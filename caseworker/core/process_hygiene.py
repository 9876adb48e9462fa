"""What the process does first so its memory (keys, the passphrase, case text) stays in
it: no core dump is written, and no debugger running as the same user can attach.

- Linux: the core-size limit 0, and `prctl(PR_SET_DUMPABLE, 0)`, which also makes
  /proc/PID/mem, environ and the like readable by root only and stops same-user ptrace.
- macOS: the core-size limit 0, and `ptrace(PT_DENY_ATTACH)`.
- Windows: nothing comparable is set here (the README says so).

Each step is best effort: a platform without it is not an error.
"""

from __future__ import annotations

import ctypes
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
PT_DENY_ATTACH = 31


def harden_process() -> list[str]:
    """Apply what this platform allows; returns what was applied, for tests and status."""
    applied = []
    try:
        import resource  # POSIX only

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        applied.append("no core dumps")
    except (ImportError, ValueError, OSError):
        pass
    try:
        if sys.platform.startswith("linux"):
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0:
                applied.append("not dumpable")
        elif sys.platform == "darwin":
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.ptrace(PT_DENY_ATTACH, 0, None, 0) == 0:
                applied.append("debuggers denied")
    except (OSError, AttributeError):
        pass
    return applied


def is_dumpable() -> bool | None:
    """Linux only: whether the process may still be dumped or traced (None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    return bool(ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
