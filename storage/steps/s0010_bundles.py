"""Step 10: the log of bundles sent and received, and the conflict inbox merging fills.
Frozen: add a new step instead."""

SQL = """
CREATE TABLE bundle_log (
    bundle_id VARCHAR NOT NULL,
    direction VARCHAR NOT NULL,
    peer VARCHAR NOT NULL,
    peer_fingerprint VARCHAR NOT NULL,
    sequence INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    revisions INTEGER NOT NULL,
    cases INTEGER NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (bundle_id, direction, peer)
);
CREATE TABLE conflicts (
    id VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    case_id VARCHAR,
    merge_revision VARCHAR NOT NULL,
    sides VARCHAR NOT NULL,
    found_at TEXT NOT NULL,
    settled_at TEXT,
    settled_by VARCHAR NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_conflicts_record_id ON conflicts (record_id);
CREATE INDEX ix_conflicts_settled_at ON conflicts (settled_at);
"""
