"""The intake desk: a shared office machine that seals each intake for the office at once
and keeps only receipts; and the office's inbox of what desks sealed
(docs/architecture.md §11).

- `desk_mode`: is_desk, desk_settings, refuse_on_desk, make_desk, parse_desk_keys,
  check_outbox, DeskRefusal — whether this install is a desk, making one, and what it
  refuses.
- `receipts`: list_receipts, receipt_to_json, new_reference, receipt_summary,
  ReceiptSummary — what a desk keeps of each intake it sealed, and how many the office
  acknowledged.
- `sealing`: seal_intake, check_volunteer, Sealed — an intake built in memory and sealed
  into a bundle for the office.
- `inbox_import`: import_folder, FileOutcome — at the office: a folder of sealed intakes
  imported once each, with the persons on file who may be the same person.
- `inbox_queue`: pending_intakes, intake_to_json, accept, attach — at the office: the
  intakes waiting for a decision, and the decision recorded as a match decision.
- `delivery`: acknowledge, take_acknowledgement — the office's signed acknowledgement of
  the bundles it received, and a desk marking its receipts delivered by it.
- `desk_session`: Sitting, ShiftCounts, volunteers_seen, shift_counts — the app's sitting
  at the desk: who is at it, the names to choose from, the shift's counts.
"""
