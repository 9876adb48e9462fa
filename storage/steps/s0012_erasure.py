"""Step 12: purges, the redaction records that carry them between installs (each signed,
like a revision, in a batch of its install's), and the records each has erased here
(caseworker/exchange/erasure.py).

Frozen: never edit a released step; add a new one.
"""

SQL = """
CREATE TABLE redactions (
    id VARCHAR NOT NULL,
    author VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    at TEXT NOT NULL,
    records TEXT NOT NULL,
    seq INTEGER,
    batch VARCHAR,
    PRIMARY KEY (id),
    UNIQUE (seq)
);
CREATE TABLE purged_records (
    table_name VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    redaction_id VARCHAR NOT NULL,
    PRIMARY KEY (table_name, record_id)
);
CREATE INDEX ix_purged_records_redaction_id ON purged_records (redaction_id);
"""
