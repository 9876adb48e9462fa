"""The change history: every version of every shared record, content-addressed.

A revision's id is the SHA-256 of its canonical content (table, record, parents,
fields, the fields changed, author, install, case and time), so the same revision has
the same id on every install, and parents link versions into a history that bundles can
carry and merge. Each install signs the ids of the revisions it made in batches
(`SignedBatch`); a contact may change only what its grants allow (`ScopeGrant`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from storage.columns import JSONList, UTCDateTime, empty_list


class Revision(SQLModel, table=True):
    __tablename__ = "revisions"
    __table_args__ = (
        Index("ix_revisions_record", "table_name", "record_id"),
        Index("ix_revisions_case", "case_id", "seq"),
    )

    seq: int | None = Field(default=None, primary_key=True)  # local arrival order
    id: str = Field(unique=True, nullable=False)
    table_name: str = Field(nullable=False)
    record_id: str = Field(nullable=False)
    parents: list[str] = Field(default_factory=empty_list, sa_type=JSONList, nullable=False)
    # The record's fields after the change, as canonical JSON; {"deleted": true} for a
    # deletion.
    fields: str = Field(nullable=False)
    changed: list[str] = Field(default_factory=empty_list, sa_type=JSONList, nullable=False)
    author: str = Field(nullable=False)
    origin: str = Field(nullable=False)  # the install that made the change
    case_id: str | None = None  # the case the change was made in, for its history
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    # The signed batch that covers this revision; None for this install's own revisions
    # until its next bundle signs them, for merges and the gazetteer's revisions (every
    # install can make them again) and for other installs' revisions from before
    # revisions were signed.
    batch: str | None = None


class SignedBatch(SQLModel, table=True):
    """An install's Ed25519 signature over the ids of items it made (revisions), so
    each keeps its author's signature wherever it is relayed. `items` are the ids, one a
    line, sorted; the id is the SHA-256 of the signed message."""

    __tablename__ = "signed_batches"

    id: str = Field(primary_key=True)
    signer: str = Field(nullable=False, index=True)  # minisign public key, base64
    origin: str = Field(nullable=False)  # the signer's install id
    made_at: str = Field(nullable=False)  # UTC ISO text, as signed
    items: str = Field(nullable=False)
    signature: str = Field(nullable=False)  # base64


class GrantStatement(SQLModel, table=True):
    """An install's signed statement that it sent some cases and records to contacts,
    who may change them from then on. Carried in bundles, so an office's grants reach
    the installs whose cases it passed on."""

    __tablename__ = "grant_statements"

    id: str = Field(primary_key=True)
    granter: str = Field(nullable=False)  # minisign public key, base64
    grantees: str = Field(nullable=False)  # their minisign public keys, one a line
    items: str = Field(nullable=False)  # "table:record", one a line, sorted
    made_at: str = Field(nullable=False)
    signature: str = Field(nullable=False)


class ScopeGrant(SQLModel, table=True):
    """One record (a whole case, for table "cases") a grantee may change, by a verified
    statement: what the scope check looks up."""

    __tablename__ = "scope_grants"
    __table_args__ = (Index("ix_scope_grants_grantee", "grantee", "table_name", "record_id"),)

    statement: str = Field(primary_key=True)
    grantee: str = Field(primary_key=True)
    table_name: str = Field(primary_key=True)
    record_id: str = Field(primary_key=True)
    granter: str = Field(nullable=False)


class RecordHead(SQLModel, table=True):
    """The revision a record's current row corresponds to."""

    __tablename__ = "record_heads"

    table_name: str = Field(primary_key=True)
    record_id: str = Field(primary_key=True)
    head: str = Field(nullable=False)
