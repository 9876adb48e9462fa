"""The intake desk: a shared office machine that seals each intake for the office at once
and keeps only receipts (docs/architecture.md §11).

- `desk_mode`: is_desk, desk_settings, refuse_on_desk, make_desk, parse_desk_keys,
  check_outbox, DeskRefusal — whether this install is a desk, making one, and what it
  refuses.
- `receipts`: list_receipts, receipt_to_json, new_reference — what a desk keeps of each
  intake it sealed.
- `sealing`: seal_intake, check_volunteer, Sealed — an intake built in memory and sealed
  into a bundle for the office.
- `desk_session`: Sitting, ShiftCounts, volunteers_seen, shift_counts — the app's sitting
  at the desk: who is at it, the names to choose from, the shift's counts.
"""
