"""Step 4: a word-prefix full-text index over the case summaries, for the cases filter.

External content: the index reads its text from case_summaries; caseworker/cases/summaries.py,
the only writer of summaries, keeps it in step. Frozen: never edit a released step.
"""

SQL = """
CREATE VIRTUAL TABLE case_search USING fts5(
    search_text, content='case_summaries', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
);
DELETE FROM meta WHERE key = 'derived.case_summaries';
"""
