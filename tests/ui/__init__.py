"""Every screen through Pilot, and snapshots at 80x24 and wide."""
