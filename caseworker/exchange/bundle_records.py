"""records.jsonl: one revision per line, exactly as the history holds it. A revision's id
is the hash of its content, so a line whose content does not hash to its id is refused.

A purge travels as a line `{"redaction": {id, author, origin, at, records}}`. A revision
it erased has `{"redacted": ID}` for fields and no longer hashes to its id; it is taken
only when a redaction in the same bundle names it, and marked as such
(caseworker/exchange/erasure.py). Whether the redaction is applied is the importer's call.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from sqlalchemy import text

from caseworker.core.parsing import load_json
from caseworker.core.user_errors import UserError
from caseworker.exchange.bundle_format import HEX64, BadBundle, checked_text
from caseworker.exchange.erasure import RedactionRecord, redaction_id
from caseworker.exchange.revision_merge import Rev
from caseworker.exchange.shared_records import SHARED_TABLES, row_values
from storage.columns import format_utc, parse_utc
from storage.history import REDACTED_KEY, canonical, revision_id

# The history's columns, in the order `encode` reads them.
COLUMNS = "id, table_name, record_id, parents, fields, changed, author, origin, case_id, at"
_KEYS = {"id", "table", "record", "parents", "fields", "changed", "author", "origin", "case",
         "at"}
_ID = re.compile(r"^[0-9A-Za-z_.:-]{1,80}$")
MAX_LINES = 5_000_000


def encode(row: tuple) -> str:
    """A history row (COLUMNS) as a line. The JSON columns are copied as stored: they are
    canonical already, which keeps exporting fast."""
    rid, table, record, parents, fields, changed, author, origin, case_id, at = row
    return (f'{{"id":"{rid}","table":{json.dumps(table)},"record":{json.dumps(record)},'
            f'"parents":{parents},"fields":{fields},"changed":{changed},'
            f'"author":{json.dumps(author, ensure_ascii=False)},'
            f'"origin":{json.dumps(origin)},"case":{json.dumps(case_id)},"at":"{at}"}}\n')


def encode_redaction(redaction: RedactionRecord) -> str:
    return json.dumps({"redaction": redaction.to_json()}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")) + "\n"


def decode(data: bytes) -> dict[tuple[str, str], list[Rev]]:
    """The revisions by record, every line checked; BadBundle on the first bad one."""
    return decode_with_redactions(data)[0]


def decode_with_redactions(data: bytes) -> tuple[dict[tuple[str, str], list[Rev]],
                                                  list[RedactionRecord]]:
    """The revisions by record and the redactions, every line checked."""
    by_record: dict[tuple[str, str], list[Rev]] = defaultdict(list)
    seen: set[str] = set()
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise BadBundle("The bundle's records are not UTF-8 text.") from None
    if len(lines) > MAX_LINES:
        raise BadBundle("The bundle holds more records than allowed.")
    redactions: dict[str, RedactionRecord] = {}
    for number, line in enumerate(lines, start=1):
        if line.startswith('{"redaction":'):
            redaction = _redaction(line, number)
            redactions[redaction.id] = redaction
    covered = {(key, r.id) for r in redactions.values() for key in r.records}
    for number, line in enumerate(lines, start=1):
        if not line or line.startswith('{"redaction":'):
            continue
        revision = _revision(line, number, covered)
        if revision.id in seen:
            raise BadBundle(f"Line {number} of the bundle's records repeats a revision.")
        seen.add(revision.id)
        by_record[(revision.table, revision.record)].append(revision)
    for revisions in by_record.values():
        ids = {r.id for r in revisions}
        if any(p not in ids for r in revisions for p in r.parents):
            raise BadBundle("The bundle's records lack part of a record's history.")
    return dict(by_record), sorted(redactions.values(), key=lambda r: (r.at, r.id))


_REDACTION_KEYS = {"id", "author", "origin", "at", "records"}
MAX_REDACTED_RECORDS = 100_000


def _redaction(line: str, number: int) -> RedactionRecord:
    where = f"Line {number} of the bundle's records"
    try:
        raw = load_json(line)
        body = raw["redaction"] if isinstance(raw, dict) and set(raw) == {"redaction"} else None
        if not isinstance(body, dict) or set(body) != _REDACTION_KEYS:
            raise BadBundle(f"{where} is not a redaction.")
        records = body["records"]
        if not isinstance(records, list) or not 0 < len(records) <= MAX_REDACTED_RECORDS:
            raise ValueError
        keys = []
        for item in records:
            if not isinstance(item, list) or len(item) != 2:
                raise ValueError
            keys.append((_table(item[0]), checked_text(item[1], _ID)))
        redaction = RedactionRecord(
            id=checked_text(body["id"], HEX64), author=checked_text(body["author"]),
            origin=checked_text(body["origin"]), at=_time(body["at"]),
            records=tuple(sorted(set(keys))))
    except (TypeError, ValueError):
        raise BadBundle(f"{where} has a malformed value.") from None
    if redaction_id(redaction.author, redaction.origin, redaction.at,
                    redaction.records) != redaction.id:
        raise BadBundle(f"{where} does not match its id: it was altered.")
    return redaction


def _revision(line: str, number: int, covered: set = frozenset()) -> Rev:
    where = f"Line {number} of the bundle's records"
    try:
        raw = load_json(line)
    except ValueError:
        raise BadBundle(f"{where} is not JSON.") from None
    if not isinstance(raw, dict) or set(raw) != _KEYS:
        raise BadBundle(f"{where} is not a revision.")
    try:
        revision = Rev(
            id=checked_text(raw["id"], HEX64), table=_table(raw["table"]),
            record=checked_text(raw["record"], _ID), parents=_ids(raw["parents"], 2),
            fields=_fields(raw["fields"]), changed=_names(raw["changed"]),
            author=checked_text(raw["author"]), origin=checked_text(raw["origin"]),
            at=_time(raw["at"]),
            case=None if raw["case"] is None else checked_text(raw["case"], _ID))
    except (TypeError, ValueError):
        raise BadBundle(f"{where} has a malformed value.") from None
    redacted = _redacted_by(revision.fields)
    if redacted is not None:
        # Its content was erased: nothing to hash. Taken only under a redaction in the
        # bundle that names its record, and never written as a row.
        if ((revision.table, revision.record), redacted) not in covered:
            raise BadBundle(f"{where} does not match its id: it was altered.")
        return revision
    content = canonical(dict(revision.fields))
    if revision_id(revision.table, revision.record, list(revision.parents), content,
                   revision.author, revision.at) != revision.id:
        raise BadBundle(f"{where} does not match its id: it was altered.")
    if not revision.deleted:
        try:
            row_values(revision.table, revision.record, dict(revision.fields),
                       parse_utc(revision.at), revision.author)
        except UserError as exc:
            raise BadBundle(f"{where}: {exc}") from None
    return revision


def _redacted_by(fields: dict) -> str | None:
    """The redaction that erased these fields, when they are a redacted revision's."""
    if set(fields) != {REDACTED_KEY}:
        return None
    try:
        return checked_text(fields[REDACTED_KEY], HEX64)
    except (TypeError, ValueError):
        return None


def redacted_by(revision: Rev) -> str | None:
    return _redacted_by(dict(revision.fields))


def _table(value) -> str:
    if value not in SHARED_TABLES:
        raise ValueError
    return value


def _ids(value, most: int) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > most:
        raise ValueError
    return tuple(checked_text(v, HEX64) for v in value)


def _names(value) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > 200:
        raise ValueError
    return tuple(checked_text(v) for v in value)


def _fields(value) -> dict:
    if not isinstance(value, dict):
        raise ValueError
    return value


def _time(value) -> str:
    text = checked_text(value)
    if format_utc(parse_utc(text)) != text:  # only the history's own form sorts in time order
        raise ValueError
    return text


def stored_history(session, table: str, record: str) -> list[Rev]:
    """Every revision this install holds of one record."""
    return [rev_from_row(tuple(row)) for row in session.connection().execute(text(
        f"SELECT {COLUMNS} FROM revisions WHERE table_name = :t AND record_id = :r"),
        {"t": table, "r": record})]


def rev_from_row(row: tuple) -> Rev:
    """A history row (COLUMNS) as a Rev."""
    rid, table, record, parents, fields, changed, author, origin, case_id, at = row
    return Rev(id=rid, table=table, record=record, parents=tuple(json.loads(parents)),
               fields=json.loads(fields), changed=tuple(json.loads(changed)), author=author,
               origin=origin, at=at, case=case_id)
