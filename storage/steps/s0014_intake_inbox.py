"""Step 14: the office's inbox of intakes sealed at a desk (caseworker/desk/,
docs/architecture.md §11): each imported intake waits there, with the persons on file who
may be its person, until a caseworker keeps it as a new case or records it as the same
person as a case on file.

Frozen: never edit a released step; add a new one.
"""

SQL = """
CREATE TABLE intake_inbox (
    case_id VARCHAR NOT NULL,
    bundle_id VARCHAR NOT NULL,
    bundle_sha256 VARCHAR NOT NULL,
    desk VARCHAR NOT NULL,
    desk_fingerprint VARCHAR NOT NULL,
    sequence INTEGER NOT NULL,
    volunteer VARCHAR NOT NULL,
    received_at TEXT NOT NULL,
    candidates VARCHAR NOT NULL,
    state VARCHAR NOT NULL,
    decided_at TEXT,
    decided_by VARCHAR,
    same_as VARCHAR,
    PRIMARY KEY (case_id),
    UNIQUE (bundle_id)
);
"""
