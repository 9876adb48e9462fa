"""Errors the user caused or can fix. The CLI turns them into exit codes
(docs/architecture.md §7).

Messages are one sentence that name the field or argument and the problem. They never
repeat the value the user typed: stderr may end up in a log, and values identify people.
"""


class UserError(Exception):
    """Bad input or usage: exit code 2, nothing written."""


class AuthFailure(Exception):
    """Wrong passphrase, wrong key, bad signature, tampered file: exit code 3."""
