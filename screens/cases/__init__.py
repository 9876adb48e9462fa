"""Cases on screen.

- `all_cases`: CasesScreen — every case, filtered as you type.
- `case_view`: CaseScreen — one case: timeline, person, sources, notes, history,
  checklist, risk, files.
- `case_files`: FileActions, fill_files, file_detail, file_columns — the Files tab: its rows
  and the keys that keep, open, save and purge a file.
- `file_modals`: AttachFileModal, ExportFileModal, SpaceTicks — which file to keep,
  where to save a copy and whether to take its metadata out.
- `case_tab_rows`: fill_timeline, fill_sources, fill_history, fill_checklist — the rows of
  a case's tables, and each row said in full for the line under the table.
- `case_keys`: CASE_BINDINGS, TAB_ACTIONS — the case screen's keys, per tab.
- `case_changes`: apply_change, CHANGE_SAVED — a change made from the case screen, saved,
  and the sentence saying so.
- `case_purging`: CasePurging — purging a case or one of its events, asked with the word
  typed.
- `case_text`: person_text, summary_line, candidate_text, born_text, notes_text — a case
  as readable text.
- `intake`: IntakeScreen — a new case, or the edit form of one.
- `intake_form`: IntakeForm — the form's sections and fields.
- `form_rows`: RowList, NameRow, EventRow, SourceRow — repeatable rows of the form.
- `entry_modals`: EventModal, SourceModal, NoteModal, CourtDateModal — dialogs that add one
  entry to a case.
- `possible_duplicates`: PossibleDuplicatesScreen — persons who may be this case's person.
- `checklist_actions`: ChecklistActions — ticking off and court-set dates, for the case view
  and the dashboard.
- `risk_panel`: RiskPanel — the risk indicators and the questionnaire.
"""
