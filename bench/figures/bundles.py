"""Bundles: exporting and importing 10,000 cases, and age encryption against the `age`
tool on the same bytes."""

from __future__ import annotations

import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Figure, median
from bench.synthetic import PASSPHRASE, synthetic_store_with_history


def bundle_figures(work: Path, cases: int, rounds: int) -> list[Figure]:
    from caseworker.core.authoring import Author
    from caseworker.exchange import bundle_format
    from caseworker.exchange.bundle_export import export_bundle
    from caseworker.exchange.bundle_import import apply_bundle, open_bundle, read_bundle_file
    from caseworker.exchange.install_keys import add_contact, own_keys
    from caseworker.opening.unlocking import create_store, open_store

    sender = open_store(synthetic_store_with_history(work / f"bundle-{cases}", cases),
                        PASSPHRASE)
    empty = work / "bundle-receiver"
    shutil.rmtree(empty, ignore_errors=True)
    receiver = create_store(empty, PASSPHRASE)
    author = Author("bench", datetime.now(UTC))
    with sender.read() as session:
        sender_keys = own_keys(session)
    with receiver.read() as session:
        receiver_keys = own_keys(session)
    add_contact(receiver, "sender", sender_keys.contact_key, author)
    receiver.close()
    add_contact(sender, f"receiver-{time.time_ns()}", receiver_keys.contact_key, author)
    recipient_name = [n for n in _contact_names(sender) if n.startswith("receiver-")][-1]
    exports, imports, export_base, import_base = [], [], [], []
    out = work / "bundle-out"
    out.mkdir(exist_ok=True)
    try:
        for number in range(rounds):
            path = out / f"round-{number}.cwb"
            path.unlink(missing_ok=True)
            started = time.perf_counter()
            done = export_bundle(sender, path, author, to=[recipient_name])
            exports.append(time.perf_counter() - started)
            export_base.append(_export_baseline(sender, receiver_keys.age_recipient))
            target = out / f"receiver-{number}"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(empty, target)
            store = open_store(target, PASSPHRASE)
            try:
                started = time.perf_counter()
                plan = apply_bundle(store, open_bundle(store, read_bundle_file(path)), author)
                imports.append(time.perf_counter() - started)
                assert len(plan.cases("added")) == cases
                with store.read() as session:
                    identity = own_keys(session).age_identity
                started = time.perf_counter()
                plain = bundle_format.open_with_identity(path.read_bytes(), identity)
                bundle_format.unpack(plain).records.decode().splitlines()
                import_base.append(time.perf_counter() - started)
            finally:
                store.close()
                shutil.rmtree(target, ignore_errors=True)
            path.unlink()
        ours_mb, age_mb, size = _throughput(receiver_keys.age_recipient)
    finally:
        sender.close()
    export_s, import_s = median(exports), median(imports)
    return [
        Figure(f"bundle export, {cases:,} cases ({done.revisions:,} revisions)", export_s, "s",
               "<= 3 s", export_s <= 3, median(export_base), export_s / median(export_base),
               f"median of {rounds}; {done.size / 1e6:.1f} MB file; baseline: one SELECT of "
               "the same history rows and age-encrypting their text"),
        Figure(f"bundle import into an empty store, {cases:,} cases", import_s, "s", "<= 3 s",
               import_s <= 3, median(import_base), import_s / median(import_base),
               f"median of {rounds}; checks, merge plan, rows, history and derived data in one "
               "transaction; baseline: decrypting and splitting the records only"),
        Figure(f"age encryption throughput vs the age tool, {size >> 20} MiB", ours_mb, "MB/s",
               ">= 0.5x age", ours_mb / age_mb >= 0.5, age_mb, ours_mb / age_mb,
               "pyrage in-process vs `age -r` on the same bytes (its process start included)"),
    ]


def _contact_names(store) -> list[str]:
    from caseworker.exchange.install_keys import list_contacts

    with store.read() as session:
        return sorted(c.name for c in list_contacts(session))


def _export_baseline(store, recipient: str) -> float:
    from caseworker.exchange import bundle_format

    started = time.perf_counter()
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, table_name, record_id, parents, fields, "
                                    "changed, author, origin, case_id, at FROM revisions").all()
    text = "\n".join("\t".join(map(str, row)) for row in rows).encode()
    bundle_format.seal_to(text, [recipient])
    return time.perf_counter() - started


def _throughput(recipient: str, size: int = 64 << 20) -> tuple[float, float, int]:
    import os

    from caseworker.exchange import bundle_format

    data = os.urandom(1 << 20) * (size >> 20)
    ours, theirs = [], []
    for _ in range(3):
        started = time.perf_counter()
        bundle_format.seal_to(data, [recipient])
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run(["age", "-r", recipient], input=data, stdout=subprocess.DEVNULL,
                       check=True)
        theirs.append(time.perf_counter() - started)
    return size / 1e6 / median(ours), size / 1e6 / median(theirs), size
