"""The encrypted store: creation, unlocking, passphrases, migrations."""
