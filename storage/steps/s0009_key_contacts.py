"""Step 9: the public keys of contacts bundles are exchanged with. Frozen: add a new step
instead. (The install's own keys are kept in `meta`, created when the store is opened.)"""

SQL = """
CREATE TABLE key_contacts (
    name VARCHAR NOT NULL,
    age_recipient VARCHAR NOT NULL,
    signing_key VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    escrow BOOLEAN NOT NULL,
    added_at TEXT NOT NULL,
    added_by VARCHAR NOT NULL,
    PRIMARY KEY (name),
    UNIQUE (age_recipient)
);
"""
