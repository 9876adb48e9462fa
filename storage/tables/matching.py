"""Person matching: the decisions people made about possible duplicates (records that
travel between installs), and the index of name keys the matcher searches (derived)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from storage.tables.base import Record


class MatchDecision(Record, table=True):
    """Whether two persons on file are one: same | different | unsure, by whom and when
    (`changed_by`, `updated_at`). The id is derived from the pair, so two installs that
    decide about the same pair edit one record and their bundles merge."""

    __tablename__ = "match_decisions"

    person_a: str = Field(nullable=False, index=True)  # the smaller id of the pair
    person_b: str = Field(nullable=False, index=True)
    decision: str = Field(nullable=False)
    note: str = Field(default="", nullable=False)


class MatchPerson(SQLModel, table=True):
    """Derived: one row per person, with what matching reads
    (caseworker/matching/person_index.py)."""

    __tablename__ = "match_people"

    num: int | None = Field(default=None, primary_key=True)  # short id for match_keys
    person_id: str = Field(nullable=False, unique=True)
    case_id: str | None = None
    display_name: str = Field(nullable=False)
    profile: str = Field(nullable=False)  # MatchProfile as JSON


class MatchKey(SQLModel, table=True):
    """Derived: the blocking keys of each person (name skeletons, birth year, county, PRC
    ID); a search reads the persons that share keys with the query, not all of them."""

    __tablename__ = "match_keys"
    __table_args__ = {"sqlite_with_rowid": False}

    key: str = Field(primary_key=True)
    num: int = Field(primary_key=True)


class MatchKeyCount(SQLModel, table=True):
    """Derived: how many persons each blocking key holds, so a query can leave out keys
    that half the store shares (a common given name) without reading them."""

    __tablename__ = "match_key_counts"

    key: str = Field(primary_key=True)
    count: int = Field(nullable=False)
