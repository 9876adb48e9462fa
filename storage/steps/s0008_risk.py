"""Step 8: answers to the risk questionnaire (records) and each case's urgency (derived,
filled when the store is opened). Frozen: add a new step instead."""

SQL = """
CREATE TABLE risk_answers (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    case_id VARCHAR NOT NULL,
    question VARCHAR NOT NULL,
    answer VARCHAR NOT NULL,
    note VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(case_id) REFERENCES cases (id)
);
CREATE INDEX ix_risk_answers_case_id ON risk_answers (case_id);
CREATE TABLE case_urgency (
    case_id VARCHAR NOT NULL,
    is_open BOOLEAN NOT NULL,
    case_updated_at TEXT NOT NULL,
    level_rank INTEGER NOT NULL,
    score INTEGER NOT NULL,
    critical_from TEXT,
    next_due TEXT,
    next_item_id VARCHAR,
    next_action VARCHAR NOT NULL,
    next_verified BOOLEAN NOT NULL,
    gaps INTEGER NOT NULL,
    rules_version VARCHAR NOT NULL,
    assessed_at TEXT NOT NULL,
    PRIMARY KEY (case_id),
    FOREIGN KEY(case_id) REFERENCES cases (id)
);
CREATE INDEX ix_case_urgency_is_open ON case_urgency (is_open);
"""
