"""Step 15: when the office acknowledged a desk's sealed intake (caseworker/desk/,
docs/architecture.md §11). Empty until an acknowledgement signed by the office names the
bundle.

Frozen: never edit a released step; add a new one.
"""

SQL = """
ALTER TABLE desk_receipts ADD COLUMN delivered_at TEXT;
"""
