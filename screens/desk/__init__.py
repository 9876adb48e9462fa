"""The intake desk on screen (docs/architecture.md §11): a desk takes intakes and seals
them for the office, and has no screen that lists, shows or finds a case.

- `desk_home`: DeskScreen — the desk's first screen: who is at it, and its keys.
- `volunteer_prompt`: VolunteerPrompt — who is at the desk, typed or chosen.
- `desk_intake`: DeskIntakeScreen — the intake form, sealed for the office on saving.
- `receipt_display`: ReceiptModal — a sealed intake's number and reference, large.
- `receipts_list`: ReceiptsScreen — every receipt: number, time, volunteer, reference.
- `shift_summary`: ShiftScreen — intakes sealed, counted by volunteer.
- `desk_places`: DeskPlacesScreen — the place finder, without the cases of a place.
- `desk_help`: DESK_ABOUT, AtTheDesk — what F1 says a desk is, on every desk screen.
"""
