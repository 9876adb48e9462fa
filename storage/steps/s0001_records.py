"""Step 1: the first records of docs/architecture.md §2 (people, cases, events, sources,
notes) and the case summaries that lists read.

Frozen: never edit a released step; add a new one.
"""

SQL = """
CREATE TABLE meta (
    "key" VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    PRIMARY KEY ("key")
);
CREATE TABLE persons (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    sex VARCHAR NOT NULL,
    birth_date VARCHAR,
    birth_precision VARCHAR,
    age_reported INTEGER,
    age_reported_on VARCHAR,
    ethnicity VARCHAR NOT NULL,
    citizenships TEXT NOT NULL,
    home_place VARCHAR NOT NULL,
    languages TEXT NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE sources (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    outlet VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    published VARCHAR,
    language VARCHAR NOT NULL,
    reliability VARCHAR NOT NULL,
    note VARCHAR NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE cases (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    person_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    situation VARCHAR NOT NULL,
    assigned_to VARCHAR NOT NULL,
    entry_method VARCHAR NOT NULL,
    route VARCHAR NOT NULL,
    reported_by VARCHAR NOT NULL,
    consent_level VARCHAR NOT NULL,
    consent_condition VARCHAR NOT NULL,
    tags TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(person_id) REFERENCES persons (id)
);
CREATE INDEX ix_cases_person_id ON cases (person_id);
CREATE INDEX ix_cases_status ON cases (status);
CREATE TABLE contacts (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    person_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    phone VARCHAR NOT NULL,
    note VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(person_id) REFERENCES persons (id)
);
CREATE INDEX ix_contacts_person_id ON contacts (person_id);
CREATE TABLE documents (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    person_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    number VARCHAR NOT NULL,
    expires VARCHAR,
    note VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(person_id) REFERENCES persons (id)
);
CREATE INDEX ix_documents_person_id ON documents (person_id);
CREATE TABLE name_forms (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    person_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    script VARCHAR NOT NULL,
    given VARCHAR NOT NULL,
    father VARCHAR NOT NULL,
    surname VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(person_id) REFERENCES persons (id)
);
CREATE INDEX ix_name_forms_person_id ON name_forms (person_id);
CREATE TABLE relatives (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    person_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    relation VARCHAR NOT NULL,
    citizenship VARCHAR NOT NULL,
    whereabouts VARCHAR NOT NULL,
    note VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(person_id) REFERENCES persons (id)
);
CREATE INDEX ix_relatives_person_id ON relatives (person_id);
CREATE TABLE case_sources (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    case_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(case_id) REFERENCES cases (id),
    FOREIGN KEY(source_id) REFERENCES sources (id)
);
CREATE INDEX ix_case_sources_case_id ON case_sources (case_id);
CREATE INDEX ix_case_sources_source_id ON case_sources (source_id);
CREATE TABLE events (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    case_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    at TEXT NOT NULL,
    at_precision VARCHAR NOT NULL,
    zone VARCHAR NOT NULL,
    location_id VARCHAR,
    location_text VARCHAR NOT NULL,
    source_id VARCHAR,
    note VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(case_id) REFERENCES cases (id)
);
CREATE INDEX ix_events_case_id ON events (case_id);
CREATE INDEX ix_events_location_id ON events (location_id);
CREATE TABLE notes (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    case_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(case_id) REFERENCES cases (id)
);
CREATE INDEX ix_notes_case_id ON notes (case_id);
CREATE TABLE case_summaries (
    case_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    situation VARCHAR NOT NULL,
    display_name VARCHAR NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (case_id),
    FOREIGN KEY(case_id) REFERENCES cases (id)
);
CREATE INDEX ix_case_summaries_status ON case_summaries (status);
"""
