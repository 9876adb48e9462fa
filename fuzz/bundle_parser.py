"""atheris harness for the bundle parser and importer. Run with `make fuzz`
(FUZZ_SECONDS=600 make fuzz for ten minutes); libFuzzer's own flags pass through.

Inputs are read as tests/support/hostile_bundles.py's `feed` says. Any exception but the app's
UserError and AuthFailure (one sentence for the user) is a crash: libFuzzer stops and
saves the input under .fuzz/crashes/. Every crash found is copied into
tests/data/fuzz_regressions/, which tests/reliability/test_fuzz_bundles.py replays.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["caseworker", "storage"]):
    from caseworker.exchange import bundle_format
    from caseworker.exchange.install_keys import own_keys
    from caseworker.opening.unlocking import create_store
    from storage.kdf import floor_params
    from tests.conftest import PASSPHRASE
    from tests.support.hostile_bundles import (
        contact_and_receiver,
        exported_revisions,
        feed,
        records_bytes,
        signed_bundle,
    )

CORPUS = Path(__file__).resolve().parent.parent / ".fuzz" / "corpus" / "bundle_parser"


def _stores():
    """A receiving install and a contact of it holding the Tashkent seed case."""
    work = Path(tempfile.mkdtemp(prefix="caseworker-fuzz-"))
    create_store(work / "template", PASSPHRASE, floor_params()).close()
    return contact_and_receiver(work / "template", work)


SENDER, RECEIVER = _stores()


def test_one_input(data: bytes) -> None:
    feed(SENDER, RECEIVER, data)


def _seed_corpus() -> None:
    """Real inputs to start from: the seed case's records and a bundle's payload."""
    if CORPUS.is_dir() and any(CORPUS.iterdir()):
        return
    CORPUS.mkdir(parents=True, exist_ok=True)
    records = records_bytes(exported_revisions(SENDER))
    sealed = signed_bundle(SENDER, RECEIVER, records)
    with RECEIVER.read() as session:
        identity = own_keys(session).age_identity
    plain = bundle_format.open_with_identity(sealed, identity)
    members = bundle_format.unpack(plain)
    (CORPUS / "payload").write_bytes(b"\x00" + plain)
    (CORPUS / "records").write_bytes(b"\x01" + records)
    (CORPUS / "manifest").write_bytes(b"\x02" + members.manifest)


if __name__ == "__main__":
    _seed_corpus()
    atheris.Setup([*sys.argv, str(CORPUS)], test_one_input)
    atheris.Fuzz()
