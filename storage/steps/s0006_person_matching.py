"""Step 6: decisions about possible duplicate persons, and the person match index.

`match_decisions` holds records; `match_people`, `match_keys` and `match_key_counts` are derived
(caseworker/matching/person_index.py) and filled when the store is opened. Frozen: add a new step
instead.
"""

SQL = """
CREATE TABLE match_decisions (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    person_a VARCHAR NOT NULL,
    person_b VARCHAR NOT NULL,
    decision VARCHAR NOT NULL,
    note VARCHAR NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_match_decisions_person_a ON match_decisions (person_a);
CREATE INDEX ix_match_decisions_person_b ON match_decisions (person_b);
CREATE TABLE match_people (
    num INTEGER NOT NULL,
    person_id VARCHAR NOT NULL,
    case_id VARCHAR,
    display_name VARCHAR NOT NULL,
    profile VARCHAR NOT NULL,
    PRIMARY KEY (num),
    UNIQUE (person_id)
);
CREATE TABLE match_keys (
    "key" VARCHAR NOT NULL,
    num INTEGER NOT NULL,
    PRIMARY KEY ("key", num)
) WITHOUT ROWID;
CREATE TABLE match_key_counts (
    "key" VARCHAR NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY ("key")
);
DELETE FROM meta WHERE key = 'derived.match_index';
"""
