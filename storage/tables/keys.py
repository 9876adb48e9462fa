"""The public keys of the people and offices this install exchanges bundles with."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.columns import UTCDateTime


class KeyContact(SQLModel, table=True):
    """A contact's age recipient (to encrypt to) and minisign public key (to check their
    signatures). Kept by each install for itself: contacts never travel in bundles."""

    __tablename__ = "key_contacts"

    name: str = Field(primary_key=True)
    age_recipient: str = Field(nullable=False, unique=True)
    signing_key: str = Field(nullable=False)  # minisign public key, base64
    fingerprint: str = Field(nullable=False)
    escrow: bool = Field(default=False, nullable=False)  # every bundle is also sent to it
    added_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    added_by: str = Field(nullable=False)
    # The install id its signed bundles declare, bound on the first one: a revision
    # signed with this key must say it was made on that install.
    install_id: str | None = None
