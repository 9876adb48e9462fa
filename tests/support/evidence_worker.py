"""Child process of the evidence file tests: attaches (and exports) one file, printing as
it goes, so a test can measure its peak memory or kill it half-way.

    python -m tests.support.evidence_worker DATA_DIR CASE_ID PATH [OUT]

Prints "chunk N" after each chunk read, then, once done, "rss KIB" and the SHA-256 of
what it exported. The peak resident memory is counted from after the unlock: Argon2id
takes the memory its parameters say (64 MiB and more) while it derives the key, freed
before any file is read, and that is the unlock's figure, not the file's.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path


def main(data_dir: str, case_id: str, path: str, out: str | None = None) -> None:
    from caseworker.core.authoring import Author
    from caseworker.evidence.attaching import attach_file
    from caseworker.evidence.exporting import export_file
    from caseworker.opening.unlocking import open_store
    from tests.conftest import PASSPHRASE

    store = open_store(Path(data_dir), PASSPHRASE)
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from here
    try:
        chunks = iter(range(1, 1 << 30))

        def progress(done: int, total: int) -> None:
            print(f"chunk {next(chunks)}", flush=True)

        added = attach_file(store, case_id, Path(path), Author("worker", datetime.now(UTC)),
                            progress=progress)
        exported = export_file(store, added.id, Path(out)).sha256 if out else ""
    finally:
        store.close()
    peak = next(line for line in Path("/proc/self/status").read_text().splitlines()
                if line.startswith("VmHWM:"))
    print(f"rss {peak.split()[1]}", flush=True)
    print(f"exported {exported}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
