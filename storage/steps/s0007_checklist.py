"""Step 7: checklist items, one per legal clock an event started. Frozen."""

SQL = """
CREATE TABLE checklist_items (
    id VARCHAR NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by VARCHAR NOT NULL,
    case_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    clock_id VARCHAR NOT NULL,
    template_version VARCHAR NOT NULL,
    jurisdiction VARCHAR NOT NULL,
    zone VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    legal_basis VARCHAR NOT NULL,
    as_stated VARCHAR NOT NULL,
    verified BOOLEAN NOT NULL,
    due TEXT,
    due_set_by VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    done_at TEXT,
    done_by VARCHAR NOT NULL,
    note VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(case_id) REFERENCES cases (id)
);
CREATE INDEX ix_checklist_items_case_id ON checklist_items (case_id);
CREATE INDEX ix_checklist_items_event_id ON checklist_items (event_id);
CREATE INDEX ix_checklist_items_due ON checklist_items (due);
CREATE INDEX ix_checklist_items_status ON checklist_items (status);
"""
