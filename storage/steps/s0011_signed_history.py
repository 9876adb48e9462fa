"""Step 11: signed revision batches, the scope contacts are granted, each contact's
install id, and bundles numbered per peer. Revision ids are hashed again over all of a
revision's content when the store is next opened (caseworker/exchange/signed_history.py).
Frozen: add a new step instead."""

SQL = """
ALTER TABLE revisions ADD COLUMN batch VARCHAR;
CREATE TABLE signed_batches (
    id VARCHAR NOT NULL,
    signer VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    made_at VARCHAR NOT NULL,
    items VARCHAR NOT NULL,
    signature VARCHAR NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_signed_batches_signer ON signed_batches (signer);
CREATE TABLE grant_statements (
    id VARCHAR NOT NULL,
    granter VARCHAR NOT NULL,
    grantees VARCHAR NOT NULL,
    items VARCHAR NOT NULL,
    made_at VARCHAR NOT NULL,
    signature VARCHAR NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE scope_grants (
    statement VARCHAR NOT NULL,
    grantee VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL,
    record_id VARCHAR NOT NULL,
    granter VARCHAR NOT NULL,
    PRIMARY KEY (statement, grantee, table_name, record_id)
);
CREATE INDEX ix_scope_grants_grantee ON scope_grants (grantee, table_name, record_id);
ALTER TABLE key_contacts ADD COLUMN install_id VARCHAR;
ALTER TABLE bundle_log ADD COLUMN peer_sequence INTEGER NOT NULL DEFAULT 0;
"""
