"""Named mutations of the safety checks: each removes or weakens one check in a throwaway
copy of the tree and runs only the tests about it. A mutation the tests still pass is a
check that could disappear unnoticed, so every one must be caught.

    python scripts/mutate.py [--only NAME-PART] [--report FILE]

Exits 1 if any mutation survives (or a mutation no longer applies to the code)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

IMPORT = "caseworker/exchange/bundle_import.py"
EXPORT = "caseworker/exchange/bundle_export.py"
OFFLINE = "caseworker/core/offline.py"
FORGERY = "tests/domain/test_bundle_forgery.py"
TRUST = "tests/domain/test_bundle_trust.py"
BUNDLES = "tests/domain/test_bundles.py"
NETWORK = "tests/reliability/test_offline_and_crash_report.py"


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    old: str  # must occur exactly once in `path`
    new: str
    tests: tuple[str, ...]  # pytest arguments: files, node ids, -k expressions


def _drop_guard(method: str) -> Mutation:
    return Mutation(f"network guard: {method} unguarded", OFFLINE,
                    f'    "{method}": lambda args:', f'    "unguarded_{method}": lambda args:',
                    (NETWORK,))


def _drop_lookup(name: str) -> Mutation:
    return Mutation(f"network guard: {name} unguarded", OFFLINE, f'"{name}",', "",
                    (NETWORK,))


MUTATIONS = [
    Mutation("signature: manifest signature not verified", IMPORT,
             "trusted = minisign.verify(manifest_bytes, signature, claimed.minisign_public_key)",
             "trusted = manifest.trusted_comment", (FORGERY,)),
    Mutation("trusted comment: not compared with the manifest", IMPORT,
             "if trusted != manifest.trusted_comment:", "if False:", (FORGERY,)),
    Mutation("fingerprint: sender's fingerprint not checked against their keys", IMPORT,
             "!= claimed.fingerprint:", "!= claimed.fingerprint and False:", (FORGERY,)),
    Mutation("passphrase flag: not compared with how the bundle was encrypted", IMPORT,
             "if manifest.passphrase != by_passphrase:", "if False:", (FORGERY,)),
    Mutation("recipients: a bundle passed on to another install accepted", IMPORT,
             "if not by_passphrase and keys.fingerprint not in manifest.recipients:",
             "if False:", (BUNDLES,)),
    Mutation("hashes: records not checked against the signed manifest",
             "caseworker/exchange/bundle_manifest.py",
             "    def check_records(self, records: bytes) -> None:\n",
             "    def check_records(self, records: bytes) -> None:\n        return\n",
             (BUNDLES,)),
    Mutation("hashes: a revision's id not checked against its content",
             "caseworker/exchange/bundle_records.py", "revision.at) != revision.id:",
             "revision.at) != revision.id and False:", (BUNDLES,)),
    Mutation("signed history: unsigned revisions accepted", "caseworker/exchange/revision_trust.py",
             "    if not unsigned:\n        return\n", "    return\n", (TRUST,)),
    Mutation("scopes: a contact may change any record", "caseworker/exchange/revision_trust.py",
             "            if not fits:\n", "            if False:\n", (TRUST,)),
    Mutation("scopes: a change filed under the wrong case accepted",
             "caseworker/exchange/revision_trust.py", "    if wrong_case:\n",
             "    if False:\n", (TRUST,)),
    Mutation("deletion marker: anything saying deleted is a deletion", "storage/history.py",
             'return fields.keys() == DELETED.keys() and fields["deleted"] is True',
             'return fields.get("deleted") is True',
             ("tests/reliability/test_fuzz_bundles.py", "-k", "deletion or once_failed")),
    Mutation("escrow: every contact treated as escrow", EXPORT,
             "for c in contacts.values() if c.escrow}", "for c in contacts.values()}",
             ("tests/domain/test_bundle_recipients.py",)),
    Mutation("escrow: passphrase bundles also go to the office", EXPORT,
             "\n                                      if names else set()))", "))",
             ("tests/domain/test_bundle_recipients.py",)),
    Mutation("transit flag: a border checkpoint is not transit",
             "caseworker/risk/risk_facts.py", '"airport", "border_crossing", "border_zone"',
             '"airport", "border_zone"', ("tests/domain/test_risk.py",)),
    Mutation("transit flag: the Khorgos zone is not transit", "caseworker/risk/risk_facts.py",
             '"airport", "border_crossing", "border_zone"', '"airport", "border_crossing"',
             ("tests/domain/test_risk.py",)),
    Mutation("not-sure decision: 'Not sure' at intake recorded as different",
             "screens/cases/intake.py",
             'decision = "different" if choice == "new" else "unsure"',
             'decision = "different"', ("tests/ui/test_ui_intake.py", "-k", "not_sure")),
    Mutation("canary paths: bundle records also written to the working directory", EXPORT,
             "    write_atomically(out, sealed)\n",
             "    write_atomically(out, sealed)\n"
             "    Path('records.jsonl').write_text(''.join(selected.lines))\n",
             ("tests/reliability/test_no_plaintext.py",)),
    Mutation("canary paths: bundle records also written to the temp dir", EXPORT,
             "    write_atomically(out, sealed)\n",
             "    write_atomically(out, sealed)\n"
             "    Path(__import__('tempfile').gettempdir(), 'r.jsonl')"
             ".write_text(''.join(selected.lines))\n",
             ("tests/reliability/test_no_plaintext.py",)),
    *[_drop_guard(method) for method in ("bind", "connect", "connect_ex", "sendto", "sendmsg")],
    *[_drop_lookup(name) for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex",
                                      "gethostbyaddr")],
    Mutation("network guard: create_connection unguarded", OFFLINE,
             'socket.create_connection = refused("open a connection", socket.create_connection)',
             "", (NETWORK,)),
    Mutation("network guard: a loopback name treated as a loopback address", OFFLINE,
             "        return False  # a host name,", "        return True  # a host name,",
             (NETWORK,)),
    Mutation("rekey: the database keeps its old key", "storage/store.py",
             "                _rekey(conn, new_key)\n                conn.execute(",
             "                conn.execute(",
             ("tests/storage/test_keys_and_wipe.py", "-k", "key_change")),
    Mutation("purge: earlier revisions keep their text", "caseworker/exchange/erasure.py",
             "        if updates:\n            connection.exec_driver_sql(",
             "        if False:\n            connection.exec_driver_sql(",
             ("tests/domain/test_purge.py",)),
    Mutation("purge: a contact may purge what it was only sent",
             "caseworker/exchange/redaction_trust.py",
             "    free = {keys.own_key} | keys.escrow\n    held = _held_records(",
             "    free = {keys.own_key} | keys.escrow | set(keys.contacts)\n"
             "    held = _held_records(",
             ("tests/domain/test_purge.py", "-k", "cannot_purge")),
    Mutation("lock: locking keeps the store open", "caseworker/opening/workspace.py",
             "            self.store.close()\n", "            pass\n",
             ("tests/ui/test_ui_shell.py", "-k", "lock")),
    Mutation("lock: closing the store keeps its engine", "storage/store.py",
             "        self._engine = None\n        self._write_engine = None\n",
             "        self._write_engine = None\n", ("tests/storage/test_store.py",)),
]


def copy_tree(target: Path) -> None:
    """The files git knows of (tracked and new), as they are in the working tree."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def pytest(tests: tuple[str, ...], tree: Path) -> subprocess.CompletedProcess:
    # The copy first on the path, so the mutated code is what the tests import.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly",
                           *tests], cwd=tree, env=env, capture_output=True, text=True)


def run(mutation: Mutation, tree: Path, baseline: dict[tuple[str, ...], bool]) -> tuple[str, str]:
    path = tree / mutation.path
    original = path.read_text(encoding="utf-8")
    if original.count(mutation.old) != 1:
        return "does not apply", f"{mutation.old!r} is not in {mutation.path} exactly once"
    # A failure means something only if the same tests pass on the code as it is.
    if mutation.tests not in baseline:
        baseline[mutation.tests] = pytest(mutation.tests, tree).returncode == 0
    if not baseline[mutation.tests]:
        return "error", f"the tests fail without the mutation: {' '.join(mutation.tests)}"
    path.write_text(original.replace(mutation.old, mutation.new), encoding="utf-8")
    try:
        done = pytest(mutation.tests, tree)
    finally:
        path.write_text(original, encoding="utf-8")
    said = done.stdout.strip().splitlines() or ["(no output)"]
    last = next((line for line in said if line.startswith(("FAILED", "ERROR"))), said[-1])
    if done.returncode == 1:
        return "caught", last
    if done.returncode == 0:
        return "SURVIVED", last
    return "error", f"pytest exited {done.returncode}: {last}"  # collection, usage, ...


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the mutations whose name contains this")
    parser.add_argument("--report", type=Path, help="also write the report to this file")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if not args.only or args.only in m.name]
    lines = []
    baseline: dict[tuple[str, ...], bool] = {}
    with tempfile.TemporaryDirectory(prefix="mutate-") as folder:
        tree = Path(folder)
        copy_tree(tree)
        for mutation in chosen:
            started = time.monotonic()
            outcome, detail = run(mutation, tree, baseline)
            line = f"{outcome:14} {mutation.name}  [{time.monotonic() - started:.0f} s: {detail}]"
            print(line, flush=True)
            lines.append(line)
    bad = [line for line in lines if not line.startswith("caught")]
    summary = f"{len(lines) - len(bad)} of {len(lines)} mutations caught"
    print(summary)
    if args.report:
        args.report.write_text("\n".join([*lines, summary]) + "\n", encoding="utf-8")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
