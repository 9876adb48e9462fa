"""What the store holds of a case's files: the records, with their chain of custody, and
whether the contents are on this install (a bundle may carry a record without them)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from caseworker.cases.case_read import id_prefix
from caseworker.core.user_errors import UserError
from storage.columns import format_utc
from storage.file_contents import holds_contents
from storage.tables import EvidenceFile


@dataclass(frozen=True)
class FileInfo:
    record: EvidenceFile
    contents_here: bool


def files_of_case(session: Session, case_id: str) -> list[FileInfo]:
    """The case's files, oldest first."""
    rows = session.exec(select(EvidenceFile).where(EvidenceFile.case_id == case_id)
                        .order_by(col(EvidenceFile.added_at), col(EvidenceFile.id))).all()
    return [FileInfo(row, holds_contents(session, row.sha256)) for row in rows]


def find_file(session: Session, given: str) -> FileInfo:
    """The file whose id is `given` or starts with it (six or more characters)."""
    prefix = id_prefix(given)
    found = [] if prefix is None else session.exec(select(EvidenceFile).where(
        col(EvidenceFile.id).startswith(prefix)).limit(2)).all()
    if not found:
        raise UserError("There is no file with that id; 'caseworker file list CASE' shows "
                        "them.")
    if len(found) > 1:
        raise UserError("Several files start with that id; give more characters.")
    return FileInfo(found[0], holds_contents(session, found[0].sha256))


def file_to_json(info: FileInfo) -> dict:
    row = info.record
    return {"id": row.id, "case_id": row.case_id, "event_id": row.event_id,
            "source_id": row.source_id, "name": row.name, "media_type": row.media_type,
            "size": row.size, "sha256": row.sha256, "added_by": row.added_by,
            "added_at": format_utc(row.added_at), "note": row.note,
            "contents_here": info.contents_here}
