"""Step 2: the change history (revisions) and the head revision of each record.

Frozen: never edit a released step; add a new one.
"""

SQL = """
CREATE TABLE revisions (
    seq INTEGER NOT NULL,
    id VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    parents TEXT NOT NULL,
    fields VARCHAR NOT NULL,
    changed TEXT NOT NULL,
    author VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    case_id VARCHAR,
    at TEXT NOT NULL,
    PRIMARY KEY (seq),
    UNIQUE (id)
);
CREATE INDEX ix_revisions_case ON revisions (case_id, seq);
CREATE INDEX ix_revisions_record ON revisions (table_name, record_id);
CREATE TABLE record_heads (
    table_name VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    head VARCHAR NOT NULL,
    PRIMARY KEY (table_name, record_id)
);
"""
