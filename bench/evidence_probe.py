"""Child process: two installs, a file of SIZE MiB kept on a case at one, sent in a bundle
with its contents and imported at the other; prints the peak resident memory (MB) of the
send and the import, counted from after both stores are unlocked (Argon2id's memory is
the unlock's), and the seconds each took.

    python -m bench.evidence_probe WORK SIZE_MIB
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

MIB = 1 << 20


def _peak_mb() -> float:
    status = Path("/proc/self/status").read_text().splitlines()
    return int(next(line for line in status if line.startswith("VmHWM:")).split()[1]) / 1024


def main(work: Path, size_mib: int) -> None:
    from caseworker.cases.case_write import create_case
    from caseworker.cases.validation import validate_case
    from caseworker.core.authoring import Author
    from caseworker.core.drafts import CaseDraft, NameDraft, PersonDraft
    from caseworker.evidence.attaching import attach_file
    from caseworker.exchange.bundle_contents import apply_with_contents
    from caseworker.exchange.bundle_export import export_bundle
    from caseworker.exchange.bundle_import import open_bundle, read_bundle_file
    from caseworker.exchange.install_keys import add_contact, own_keys
    from caseworker.opening.unlocking import create_store
    from storage.kdf import floor_params

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    author = Author("bench", datetime.now(UTC))
    laptop = create_store(work / "laptop", "bench passphrase words", floor_params())
    office = create_store(work / "office", "bench passphrase words", floor_params())
    for one, other, name in ((laptop, office, "office"), (office, laptop, "laptop")):
        with other.read() as session:
            add_contact(one, name, own_keys(session).contact_key, author)
    draft = CaseDraft(person=PersonDraft(names=[NameDraft("Abai Kydyrbek")]))
    validate_case(draft, "Asia/Almaty", author.now)
    case_id = create_case(laptop, draft, author)
    source = work / "testimony.mp4"
    with source.open("wb") as file:
        for _ in range(size_mib):
            file.write(os.urandom(MIB))
    attach_file(laptop, case_id, source, author)
    source.unlink()
    Path("/proc/self/clear_refs").write_text("5")
    started = time.perf_counter()
    bundle = work / "out.cwb"
    export_bundle(laptop, bundle, author, to=["office"], contents_up_to=1 << 62)
    sent, send_mb = time.perf_counter() - started, _peak_mb()
    Path("/proc/self/clear_refs").write_text("5")
    started = time.perf_counter()
    opened = open_bundle(office, read_bundle_file(bundle))
    _, kept = apply_with_contents(office, bundle, opened, author)
    taken, take_mb = time.perf_counter() - started, _peak_mb()
    assert kept == 1
    laptop.close()
    office.close()
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"send_mb": send_mb, "import_mb": take_mb, "send_s": sent,
                      "import_s": taken}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
