"""Step 13: the receipts an intake desk keeps of the intakes it sealed
(caseworker/desk/, docs/architecture.md §11). Whether an install is a desk is a row of
`meta`, written when it is set up, so this step adds no row.

Frozen: never edit a released step; add a new one.
"""

SQL = """
CREATE TABLE desk_receipts (
    number INTEGER NOT NULL,
    sealed_at TEXT NOT NULL,
    volunteer VARCHAR NOT NULL,
    reference VARCHAR NOT NULL,
    bundle_file VARCHAR NOT NULL,
    bundle_id VARCHAR NOT NULL,
    bundle_sha256 VARCHAR NOT NULL,
    PRIMARY KEY (number),
    UNIQUE (reference)
);
"""
