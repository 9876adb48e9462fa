"""Step 3: case summaries gain the last known place and the text the case filter searches.

A derived table: dropped and recreated empty; caseworker/cases/derived_data.py refills it.
Frozen: never edit a released step; add a new one.
"""

SQL = """
DROP TABLE case_summaries;
DELETE FROM meta WHERE key = 'derived.case_summaries';
CREATE TABLE case_summaries (
    case_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    situation VARCHAR NOT NULL,
    display_name VARCHAR NOT NULL,
    place VARCHAR NOT NULL,
    search_text VARCHAR NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (case_id),
    FOREIGN KEY(case_id) REFERENCES cases (id)
);
CREATE INDEX ix_case_summaries_status ON case_summaries (status);
"""
