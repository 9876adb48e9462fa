"""Evidence files: attaching against the `age` tool encrypting the same bytes, exporting
against `age -d` opening them (each reads one file and writes another; age's process
start included)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pyrage

from bench.report import Figure, median
from bench.synthetic import PASSPHRASE

MIB = 1 << 20


def evidence_figures(work: Path, size_mib: int, rounds: int) -> list[Figure]:
    from caseworker.cases.case_write import create_case
    from caseworker.cases.validation import validate_case
    from caseworker.core.authoring import Author
    from caseworker.core.drafts import CaseDraft, NameDraft, PersonDraft
    from caseworker.evidence.attaching import attach_file
    from caseworker.evidence.exporting import export_file
    from caseworker.evidence.purging import purge_file
    from caseworker.opening.unlocking import create_store
    from storage.kdf import floor_params

    root = work / "evidence"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    store = create_store(root / "data", PASSPHRASE, floor_params())
    author = Author("bench", datetime.now(UTC))
    draft = CaseDraft(person=PersonDraft(names=[NameDraft("Abai Kydyrbek")]))
    validate_case(draft, "Asia/Almaty", author.now)
    case_id = create_case(store, draft, author)
    identity = pyrage.x25519.Identity.generate()  # the baseline's own key, in a file
    key_file = root / "age-key.txt"
    key_file.write_text(f"{identity}\n")
    recipient = str(identity.to_public())
    attaches, exports, ages, age_opens = [], [], [], []
    try:
        for number in range(rounds):
            source = root / f"testimony-{number}.mp4"
            with source.open("wb") as file:  # new bytes each round: no round is a duplicate
                for _ in range(size_mib):
                    file.write(os.urandom(MIB))
            started = time.perf_counter()
            added = attach_file(store, case_id, source, author)
            attaches.append(time.perf_counter() - started)
            out = root / f"out-{number}.mp4"
            started = time.perf_counter()
            export_file(store, added.id, out)
            exports.append(time.perf_counter() - started)
            started = time.perf_counter()
            subprocess.run(["age", "-r", recipient, "-o", str(root / "age.out"), str(source)],
                           check=True)
            ages.append(time.perf_counter() - started)
            started = time.perf_counter()
            subprocess.run(["age", "-d", "-i", str(key_file), "-o", str(root / "age.opened"),
                            str(root / "age.out")], check=True)
            age_opens.append(time.perf_counter() - started)
            purge_file(store, added.id, author)
            for leftover in (source, out, root / "age.out", root / "age.opened"):
                leftover.unlink()
    finally:
        store.close()
    size = size_mib * MIB / 1e6
    age_rate, age_open_rate = size / median(ages), size / median(age_opens)
    attach_rate, export_rate = size / median(attaches), size / median(exports)
    note = f"median of {rounds}; {size_mib} MiB of random bytes"
    return [
        Figure(f"evidence file attach, {size_mib} MiB", attach_rate, "MB/s", ">= 0.5x age",
               attach_rate / age_rate >= 0.5, age_rate, attach_rate / age_rate,
               note + "; baseline: `age -r` sealing the same file to a file; attach: read, "
               "SHA-256, sealed with age (pyrage) into the store's files folder, fsync, one "
               "commit"),
        Figure(f"evidence file export, {size_mib} MiB", export_rate, "MB/s", ">= 0.5x age",
               export_rate / age_open_rate >= 0.5, age_open_rate,
               export_rate / age_open_rate,
               note + "; baseline: `age -d` opening the same sealed bytes to a file; export: "
               "opened with age (pyrage), SHA-256 checked, fsync, renamed in place"),
    ]


def bundle_memory(work: Path, size_mib: int, budget_mb: int = 250) -> list[Figure]:
    """Peak memory of sending and importing a bundle that carries `size_mib` of files'
    contents, in a child process (its peak counted from after the unlocks)."""
    import json
    import sys

    done = subprocess.run([sys.executable, "-m", "bench.evidence_probe",
                           str(work / "evidence-bundle"), str(size_mib)],
                          capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    figures = json.loads(done.stdout.splitlines()[-1])
    peak = max(figures["send_mb"], figures["import_mb"])
    return [Figure(f"bundle with {size_mib} MiB of files, peak RSS", peak, "MB",
                   f"<= {budget_mb} MB", peak <= budget_mb, None, None,
                   f"send {figures['send_mb']:.0f} MB in {figures['send_s']:.1f} s, import "
                   f"{figures['import_mb']:.0f} MB in {figures['import_s']:.1f} s; the "
                   "contents streamed through age both ways, counted after the unlocks")]

