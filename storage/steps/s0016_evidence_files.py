"""Step 16: evidence files (storage/tables/evidence.py, docs/architecture.md §13). The
records travel like every shared record; the contents are sealed files in the store's
folder, held when `file_contents` names them, and never leave it except by an export a
person asks for.

Frozen: never edit a released step; add a new one.
"""

SQL = """
CREATE TABLE evidence_files (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    case_id VARCHAR NOT NULL,
    event_id VARCHAR,
    source_id VARCHAR,
    name VARCHAR NOT NULL,
    media_type VARCHAR NOT NULL,
    size INTEGER NOT NULL,
    sha256 VARCHAR NOT NULL,
    added_by VARCHAR NOT NULL,
    added_at TEXT NOT NULL,
    note VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(case_id) REFERENCES cases (id)
);
CREATE INDEX ix_evidence_files_case_id ON evidence_files (case_id);
CREATE TABLE file_contents (
    content_key VARCHAR NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (content_key)
);
"""
