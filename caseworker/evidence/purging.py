"""Purging a file: its record erased in every revision like any purged record, and its
contents dropped from the store unless another record names the same bytes
(caseworker/exchange/erasure.py; docs/architecture.md §13)."""

from __future__ import annotations

from caseworker.core.authoring import Author
from caseworker.evidence.file_records import find_file
from caseworker.exchange.erasure import Purged, purge
from storage.store import Store


def purge_file(store: Store, given: str, author: Author) -> Purged:
    with store.read() as session:
        record = find_file(session, given).record
    return purge(store, {("evidence_files", record.id)}, author, record.case_id)
