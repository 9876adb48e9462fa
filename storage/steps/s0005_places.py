"""Step 5: places (the gazetteer), their searchable names, and the place of each case.

`places` holds records; `place_names` and the full-text index `place_search` are derived
from them (caseworker/places/place_index.py), as is the new `case_summaries.place_id`, so those
are recreated empty and refilled when the store is opened. Frozen: add a new step instead.
"""

SQL = """
CREATE TABLE places (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    short_name VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    crossing_mode VARCHAR NOT NULL,
    borders_china BOOLEAN NOT NULL,
    closed BOOLEAN NOT NULL,
    name_en VARCHAR NOT NULL,
    name_kk VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL,
    name_ky VARCHAR NOT NULL,
    name_uz VARCHAR NOT NULL,
    name_zh VARCHAR NOT NULL,
    aliases TEXT NOT NULL,
    authority VARCHAR NOT NULL,
    country VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    region_before_2022 VARCHAR NOT NULL,
    lat FLOAT,
    lon FLOAT,
    precision VARCHAR NOT NULL,
    precision_km FLOAT,
    sources TEXT NOT NULL,
    notes VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    edited_fields TEXT NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_places_type ON places (type);
CREATE TABLE place_names (
    rowid INTEGER NOT NULL,
    place_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    words VARCHAR NOT NULL,
    skeletons VARCHAR NOT NULL,
    short_name VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    country VARCHAR NOT NULL,
    closed BOOLEAN NOT NULL,
    border_km FLOAT,
    crossing_id VARCHAR,
    crossing_name VARCHAR,
    PRIMARY KEY (rowid)
);
CREATE INDEX ix_place_names_place_id ON place_names (place_id);
CREATE VIRTUAL TABLE place_search USING fts5(
    words, skeletons, content='place_names', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
);
DROP TABLE case_search;
DROP TABLE case_summaries;
CREATE TABLE case_summaries (
    case_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    situation VARCHAR NOT NULL,
    display_name VARCHAR NOT NULL,
    place VARCHAR NOT NULL,
    place_id VARCHAR,
    search_text VARCHAR NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (case_id),
    FOREIGN KEY(case_id) REFERENCES cases (id)
);
CREATE INDEX ix_case_summaries_place_id ON case_summaries (place_id);
CREATE INDEX ix_case_summaries_status ON case_summaries (status);
CREATE VIRTUAL TABLE case_search USING fts5(
    search_text, content='case_summaries', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
);
DELETE FROM meta WHERE key = 'derived.case_summaries';
"""
