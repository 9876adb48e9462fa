"""Reading a file a person names (a bundle, an acknowledgement): once, and no more than the
largest such file the app writes, so a file that grows meanwhile, a folder, a device or
an unreadable stick each end as one sentence, never a traceback or an unbounded read."""

from __future__ import annotations

from pathlib import Path

from caseworker.core.user_errors import UserError


def read_capped(path: Path, limit: int, what: str) -> bytes:
    """The bytes of `path`, a `what` ("bundle") of at most `limit` bytes."""
    if path.is_dir():
        raise UserError(f"{path.name} is a folder; give the {what} file in it.")
    if not path.is_file():
        raise UserError(f"There is no file {path.name}.")
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except OSError as exc:
        raise UserError(f"{path.name} cannot be read ({exc.strerror or 'read failed'}).") \
            from None
    if len(data) > limit:
        raise UserError(f"The file is larger than any {what} this app writes.")
    return data
