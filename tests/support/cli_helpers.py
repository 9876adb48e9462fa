"""Run the CLI in-process (fast) or as a real subprocess (the installed entry point)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from caseworker.cli.main import main
from tests.support.paths import ROOT


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


def run_cli(capsys, *args: str) -> Result:
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse's own exits (--help, --version, usage errors)
        code = exit_.code
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def run_process(*args: str, env: dict | None = None, stdin: str | None = None,
                cwd: Path | None = None) -> Result:
    """`caseworker ARGS` in a new process, run from `cwd` (the checkout unless given; this
    checkout's code is imported either way)."""
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [full_env.get("PYTHONPATH")])])
    done = subprocess.run(
        [sys.executable, "-m", "caseworker", *args],
        cwd=cwd or ROOT, env=full_env, input=stdin, capture_output=True, text=True,
        timeout=60,
    )
    return Result(done.returncode, done.stdout, done.stderr)
