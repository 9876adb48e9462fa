"""Cases: validation, reading, writing, the case file format, and what lists show.

- `validation`: validate_case, InvalidCase — one validator for every way a case comes in.
- `case_read`: CaseRecord, load_case, resolve_case_id, id_prefix.
- `case_write`: create_case, update_case, add_event — every change to a case, with its
  revisions, in one transaction.
- `new_records`: NewRecords — a new case's records and first revisions, written a table
  at a time.
- `second_reports`: same_event, add_second_sources, fill_person, fill_case — the same
  event told by another outlet adds its source instead of a second event; a later report
  fills what is empty.
- `edit_drafts`: draft_for_editing — a stored case turned back into a draft for the edit
  form.
- `case_file`: read_case_file, case_to_json — the case JSON of `case add` and `case show`.
- `summaries`: display rows and search text; `case_refresh`: refresh_case_views;
  `derived_data`: bring_up_to_date — the derived rows lists read, and their rebuilding.
- `case_list`: search_cases, list_case_rows — all cases and the as-you-type filter.
- `open_cases`: load_dashboard — the dashboard's data, most urgent first.
- `place_changes`: save_place — saving a place, and the cases last seen there.
- `history_text`: describe — a revision as a line of the audit trail.
"""
