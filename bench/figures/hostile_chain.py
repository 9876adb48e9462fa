"""A contact gone hostile sends a 25 MB signed chain: one note of a case it made itself,
edited as many times as a bundle allows, every revision signed with its real key. The
preview (decrypt, check every line and signature, plan the merge) must stay linear:
before, 8,000 revisions (6.3 MB) took 22.7 s and 1.5 GiB.

Measured in a child process, so its peak memory is the preview's alone."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from bench.report import Figure, median
from bench.synthetic import PASSPHRASE

TARGET_BYTES = 25 * 1000 * 1000
BUDGET_SECONDS = 2.0
BUDGET_MB = 300

# The peak is the child's own high-water mark (VmHWM) where Linux reports one: a child
# started by vfork and exec inherits its parent's ru_maxrss, so after this bench has
# built its 10,000-case stores ru_maxrss said 905 MB before the preview had begun.
_PREVIEW = r"""
import json, resource, sys, time
from pathlib import Path
from caseworker.exchange.bundle_import import open_bundle, plan_import
from caseworker.opening.unlocking import open_store

def peak_kb():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status
                        if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

store = open_store(Path(sys.argv[1]), sys.argv[2])
data = Path(sys.argv[3]).read_bytes()
before = peak_kb()
started = time.perf_counter()
plan = plan_import(store, open_bundle(store, data))
seconds = time.perf_counter() - started
peak = peak_kb()
store.close()
print(json.dumps({"seconds": seconds, "peak_kb": peak, "before_kb": before,
                  "outcomes": len(plan.outcomes)}))
"""


def hostile_chain(work: Path, rounds: int) -> list[Figure]:
    from datetime import UTC, datetime

    from caseworker.cases.case_write import add_note, create_case
    from caseworker.cases.validation import validate_case
    from caseworker.core.authoring import Author
    from caseworker.core.drafts import CaseDraft, NameDraft, PersonDraft
    from caseworker.exchange.bundle_export import seal_records
    from caseworker.exchange.bundle_records import (
        COLUMNS,
        MAX_RECORD_REVISIONS,
        encode,
        encode_batch,
    )
    from caseworker.exchange.install_keys import add_contact, own_keys
    from caseworker.exchange.signed_history import BATCH_ITEMS, sign_batch
    from caseworker.opening.unlocking import create_store
    from storage.history import canonical, revision_id
    from storage.meta_values import get_meta

    folder = work / "hostile-chain"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    hostile = create_store(folder / "hostile", PASSPHRASE)
    receiver = create_store(folder / "receiver", PASSPHRASE)
    now = datetime.now(UTC)
    author = Author("bench", now)
    with hostile.read() as session:
        keys = own_keys(session)
        origin = get_meta(session, "install_id")
    with receiver.read() as session:
        theirs = own_keys(session)
    add_contact(receiver, "hostile", keys.contact_key, author)
    draft = CaseDraft(person=PersonDraft(names=[NameDraft("Chain Test")]))
    validate_case(draft, "Asia/Almaty", now)
    case_id = create_case(hostile, draft, author)
    note_id = add_note(hostile, case_id, "first", author)
    with hostile.read() as session:
        rows = session.connection().exec_driver_sql(
            f"SELECT {COLUMNS} FROM revisions WHERE case_id = ? ORDER BY seq",
            (case_id,)).all()
    lines = [encode(tuple(row)) for row in rows]
    parent = json.loads([line for line in lines if note_id in line][-1])
    edits = MAX_RECORD_REVISIONS - 1
    size = TARGET_BYTES // edits
    at = parent["at"]
    ids = [json.loads(line)["id"] for line in lines]
    for number in range(edits):
        fields = {**parent["fields"], "text": f"{number} " + "x" * size}
        revision = {"id": "", "table": "notes", "record": note_id, "parents": [parent["id"]],
                    "fields": fields, "changed": ["text"], "author": "bench",
                    "origin": origin, "case": case_id, "at": at}
        revision["id"] = revision_id("notes", note_id, revision["parents"], canonical(fields),
                                     ["text"], "bench", origin, case_id, at)
        lines.append(json.dumps(revision, ensure_ascii=False) + "\n")
        ids.append(revision["id"])
        parent = revision
    ids.sort()
    batches = [encode_batch(sign_batch(keys, origin, at, ids[i:i + BATCH_ITEMS]))
               for i in range(0, len(ids), BATCH_ITEMS)]
    records = "".join(batches + lines).encode()
    bundle = folder / "chain.cwb"
    bundle.write_bytes(seal_records(records, keys, origin, now, sequence=1,
                                    recipients=[(theirs.age_recipient, theirs.signing_public)],
                                    passphrase=None, cases=1, revisions=len(lines))[1])
    hostile.close()
    receiver.close()
    results = []
    for _ in range(rounds):
        done = subprocess.run([sys.executable, "-c", _PREVIEW, str(folder / "receiver"),
                               PASSPHRASE, str(bundle)], capture_output=True, text=True,
                              check=True, cwd=Path(__file__).resolve().parents[2])
        results.append(json.loads(done.stdout.splitlines()[-1]))
    seconds = median([r["seconds"] for r in results])
    peak_mb = max(r["peak_kb"] for r in results) / 1024
    base_mb = max(r["before_kb"] for r in results) / 1024
    megabytes = len(records) / 1e6
    return [
        Figure(f"preview of a hostile signed chain, {megabytes:.0f} MB ({len(lines):,} "
               "revisions of one note)", seconds, "s", f"<= {BUDGET_SECONDS:g} s",
               seconds <= BUDGET_SECONDS, None, None,
               f"median of {rounds}; open_bundle and plan_import in a fresh process"),
        Figure("peak memory of that preview (whole process)", peak_mb, "MB",
               f"<= {BUDGET_MB} MB", peak_mb <= BUDGET_MB, base_mb, peak_mb / base_mb,
               "VmHWM (ru_maxrss without /proc); baseline: the same process after "
               "unlocking, before the preview"),
    ]
