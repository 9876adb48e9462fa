"""Bundles on screen.

- `overview`: ExchangeScreen — this install's keys, the contacts, the way to the rest.
- `contact_form`: AddContactModal — a contact's key, with the fingerprint to compare.
- `export_form`: ExportScreen — which cases, to whom, where.
- `import_preview`: ImportScreen — what a bundle would change, before it is applied.
- `conflicts`: ConflictsScreen, SettleModal — the conflict inbox.
- `inbox`: InboxScreen — the office's intakes from desks, with their possible same persons.
- `inbox_paths`: PathModal — the folder to import intakes from, the acknowledgement's file.
"""
