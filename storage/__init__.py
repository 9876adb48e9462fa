"""The encrypted local store: SQLCipher engine, key wrapping, migrations, tables, queries.

Importing this package does nothing; modules are imported where they are used.
"""
