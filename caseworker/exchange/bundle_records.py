"""records.jsonl: one revision per line, exactly as the history holds it, and the signed
batches and grants that vouch for them, one per line. A revision's id is the hash of its
content, so a line whose content does not hash to its id is refused.

Lines end at "\n" and nowhere else. JSON allows U+2028, U+2029 and U+0085 raw inside a
string, and `str.splitlines` splits on them: written raw, one pasted into a note would
cut its line in two in every later bundle. They are written escaped (`\u2028`), which
JSON reads back as the same text, so ids still match; a line is read back by "\n" only,
so bundles written raw by earlier versions read too.

A purge travels as a line `{"redaction": {id, author, origin, at, records}}`, signed like
a revision by a batch of its install's. A revision it erased has for fields only the
redaction's id and the digest of the fields it had (storage/history.py): its id is checked
against that digest and the rest of it, and it is taken only when a redaction in the same
bundle names its record (caseworker/exchange/erasure.py). Whether the redaction is applied
is the importer's call, within its signer's scope (revision_trust.py)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import text

from caseworker.core.i18n import _
from caseworker.core.local_formats import shown_number
from caseworker.core.parsing import load_json
from caseworker.core.user_errors import UserError
from caseworker.exchange.bundle_format import HEX64, BadBundle, checked_text
from caseworker.exchange.erasure import RedactionRecord, redaction_id
from caseworker.exchange.revision_merge import Rev
from caseworker.exchange.shared_records import SHARED_TABLES, record_label, row_values
from caseworker.exchange.signed_history import BATCH_ITEMS, Batch, Grant
from storage.columns import format_utc, parse_utc, utc_now
from storage.history import DIGEST_KEY, REDACTED_KEY, canonical, id_from_digest, revision_id

# The history's columns, in the order `encode` reads them.
COLUMNS = "id, table_name, record_id, parents, fields, changed, author, origin, case_id, at"
_KEYS = {"id", "table", "record", "parents", "fields", "changed", "author", "origin", "case",
         "at"}
_ID = re.compile(r"^[0-9A-Za-z_.:-]{1,80}$")
_KEY = re.compile(r"^[A-Za-z0-9+/]{54}==$|^[A-Za-z0-9+/]{56}$")
_SIGNATURE = re.compile(r"^[A-Za-z0-9+/]{86}==$")
_ITEM = re.compile(r"^[a-z_]{1,40}:[0-9A-Za-z_.:-]{1,80}$")
# Caps on what one bundle may ask this install to hold and merge; a sender over them is
# refused in a sentence before anything is merged. A record edited ten thousand times is
# beyond anything a caseworker does; a bundle of two million revisions beyond any office.
MAX_REVISIONS = 2_000_000
MAX_RECORD_REVISIONS = 10_000
MAX_LINES = MAX_REVISIONS + 200_000
# A revision may be dated a little after this install's clock (clocks drift), not more.
CLOCK_SLACK = timedelta(minutes=10)
_ESCAPES = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"})


@dataclass
class Decoded:
    """A bundle's records: revisions by record, and the batches and grants vouching for
    them, each line checked."""

    records: dict[tuple[str, str], list[Rev]]
    batches: list[Batch] = field(default_factory=list)
    grants: list[Grant] = field(default_factory=list)
    redactions: list[RedactionRecord] = field(default_factory=list)  # oldest first
    # Each live revision's row as row_values checked it: the rows an import writes are
    # heads among these, so they are not checked twice.
    rows: dict[str, dict] = field(default_factory=dict)
    # Each live revision's fields as canonical JSON, as its id was checked against: the
    # history an import writes holds this text, so it is not encoded twice.
    texts: dict[str, str] = field(default_factory=dict)


def encode(row: tuple) -> str:
    """A history row (COLUMNS) as a line. The JSON columns are copied as stored: they are
    canonical already, which keeps exporting fast."""
    rid, table, record, parents, fields, changed, author, origin, case_id, at = row
    line = (f'{{"id":"{rid}","table":{_quoted(table)},"record":{_quoted(record)},'
            f'"parents":{parents},"fields":{fields},"changed":{changed},'
            f'"author":{_quoted(author, _PLAIN_TEXT)},'
            f'"origin":{_quoted(origin)},"case":{_quoted(case_id)},"at":"{at}"}}\n')
    # str.translate looks up every character of the line; the three are rare.
    return line.translate(_ESCAPES) if _TO_ESCAPE.search(line) else line


_TO_ESCAPE = re.compile("[\u2028\u2029\u0085]")
# Text JSON writes between quotes as it is: printable ASCII but the quote and backslash
# (as json.dumps writes it by default), and any text but those and control characters
# (with ensure_ascii=False). Ids and names almost always are: a json.dumps for each of
# the five texts of every exported revision cost more than a pattern match.
_PLAIN_ASCII = re.compile(r'[ !#-\[\]-~]*')
_PLAIN_TEXT = re.compile(r'[^"\\\x00-\x1f]*')


def _quoted(value: str | None, plain: re.Pattern = _PLAIN_ASCII) -> str:
    if value is not None and plain.fullmatch(value):
        return f'"{value}"'
    return json.dumps(value, ensure_ascii=plain is _PLAIN_ASCII)


def encode_batch(batch: Batch) -> str:
    return json.dumps({"batch": batch.to_json()}, separators=(",", ":")) + "\n"


def encode_grant(grant: Grant) -> str:
    return json.dumps({"grant": grant.to_json()}, separators=(",", ":")) + "\n"


def encode_redaction(redaction: RedactionRecord) -> str:
    return json.dumps({"redaction": redaction.to_json()}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":")).translate(_ESCAPES) + "\n"


def decode(data: bytes, now: datetime | None = None) -> Decoded:
    """The revisions by record, every line checked; BadBundle on the first bad one, and a
    UserError for a revision dated more than CLOCK_SLACK after `now` (this install's
    clock)."""
    latest = format_utc((now or utc_now()) + CLOCK_SLACK)
    by_record: dict[tuple[str, str], list[Rev]] = defaultdict(list)
    decoded = Decoded({})
    seen: set[str] = set()
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        raise BadBundle(_("The bundle's records are not UTF-8 text.")) from None
    if len(lines) > MAX_LINES:
        raise BadBundle(_("The bundle holds more records than allowed."))
    redactions: dict[str, RedactionRecord] = {}
    memo: dict = {}  # checked text values, for row_values
    for number, line in enumerate(lines, start=1):
        if line.startswith('{"redaction":'):
            redaction = _redaction(line, number)
            redactions[redaction.id] = redaction
    covered = {(key, r.id) for r in redactions.values() for key in r.records}
    for number, line in enumerate(lines, start=1):
        if not line or line.startswith('{"redaction":'):
            continue
        try:
            raw = load_json(line)
        except ValueError:
            raise BadBundle(_("{where} is not JSON.").format(where=_line(number))) from None
        if isinstance(raw, dict) and set(raw) == {"batch"}:
            decoded.batches.append(_batch(raw["batch"], number))
            continue
        if isinstance(raw, dict) and set(raw) == {"grant"}:
            decoded.grants.append(_grant(raw["grant"], number))
            continue
        revision = _revision(raw, number, decoded, covered, memo)
        if revision.id in seen:
            raise BadBundle(_("{where} repeats a revision.").format(where=_line(number)))
        if revision.at > latest:
            raise UserError(_("{where} is dated {time} UTC, more than ten minutes after this "
                              "install's clock: the sender's clock is wrong, or the date was "
                              "forged. Nothing was imported.").format(
                                where=_line(number), time=revision.at[:16].replace("T", " ")))
        seen.add(revision.id)
        if len(seen) > MAX_REVISIONS:
            raise BadBundle(_("The bundle holds more than {count} revisions, more than any "
                              "bundle this app writes; nothing was imported.").format(
                                count=shown_number(MAX_REVISIONS)))
        history = by_record[(revision.table, revision.record)]
        history.append(revision)
        if len(history) > MAX_RECORD_REVISIONS:
            raise BadBundle(_("The bundle holds more than {count} revisions of one {record} "
                              "({id}), more than any record is edited; nothing was "
                              "imported.").format(count=shown_number(MAX_RECORD_REVISIONS),
                                                  record=record_label(revision.table),
                                                  id=revision.record[:8]))
    for revisions in by_record.values():
        ids = {r.id for r in revisions}
        if any(p not in ids for r in revisions for p in r.parents):
            raise BadBundle(_("The bundle's records lack part of a record's history."))
    decoded.records = dict(by_record)
    decoded.redactions = sorted(redactions.values(), key=lambda r: (r.at, r.id))
    return decoded


_REDACTION_KEYS = {"id", "author", "origin", "at", "records"}
MAX_REDACTED_RECORDS = 100_000


def _line(number: int) -> str:
    """Where a problem is, named only once there is one: not per line, on the import's
    hot path."""
    return _("Line {number} of the bundle's records").format(number=number)


def _altered(number: int) -> BadBundle:
    return BadBundle(_("{where} does not match its id: it was altered.").format(
        where=_line(number)))


def _redaction(line: str, number: int) -> RedactionRecord:
    try:
        raw = load_json(line)
        body = raw["redaction"] if isinstance(raw, dict) and set(raw) == {"redaction"} else None
        if not isinstance(body, dict) or set(body) != _REDACTION_KEYS:
            raise BadBundle(_("{where} is not a redaction.").format(where=_line(number)))
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
        raise BadBundle(_("{where} has a malformed value.").format(where=_line(number))) \
            from None
    if redaction_id(redaction.author, redaction.origin, redaction.at,
                    redaction.records) != redaction.id:
        raise _altered(number)
    return redaction


def _batch(raw, number: int) -> Batch:
    try:
        if not isinstance(raw, dict) or set(raw) != {"id", "signer", "origin", "made_at",
                                                     "items", "signature"}:
            raise ValueError
        items = raw["items"]
        if not isinstance(items, list) or len(items) > BATCH_ITEMS:
            raise ValueError
        return Batch(checked_text(raw["id"], HEX64), checked_text(raw["signer"], _KEY),
                     checked_text(raw["origin"]), _time(raw["made_at"]),
                     tuple(checked_text(i, HEX64) for i in items),
                     checked_text(raw["signature"], _SIGNATURE))
    except (TypeError, ValueError):
        raise BadBundle(_("{where} is not a signed batch.").format(where=_line(number))) \
            from None


def _grant(raw, number: int) -> Grant:
    try:
        if not isinstance(raw, dict) or set(raw) != {"id", "granter", "grantees", "items",
                                                     "made_at", "signature"}:
            raise ValueError
        grantees, items = raw["grantees"], raw["items"]
        if not isinstance(grantees, list) or not 0 < len(grantees) <= 1000 or \
                not isinstance(items, list) or len(items) > MAX_REVISIONS:
            raise ValueError
        return Grant(checked_text(raw["id"], HEX64), checked_text(raw["granter"], _KEY),
                     tuple(checked_text(g, _KEY) for g in grantees),
                     tuple(checked_text(i, _ITEM) for i in items), _time(raw["made_at"]),
                     checked_text(raw["signature"], _SIGNATURE))
    except (TypeError, ValueError):
        raise BadBundle(_("{where} is not a grant.").format(where=_line(number))) from None


def _revision(raw, number: int, decoded: Decoded,
              covered: set[tuple[tuple[str, str], str]], memo: dict) -> Rev:
    if not isinstance(raw, dict) or set(raw) != _KEYS:
        raise BadBundle(_("{where} is not a revision.").format(where=_line(number)))
    try:
        revision = Rev(
            id=checked_text(raw["id"], HEX64), table=_table(raw["table"]),
            record=checked_text(raw["record"], _ID), parents=_ids(raw["parents"], 2),
            fields=_fields(raw["fields"]), changed=_names(raw["changed"]),
            author=checked_text(raw["author"]), origin=checked_text(raw["origin"]),
            at=_time(raw["at"]),
            case=None if raw["case"] is None else checked_text(raw["case"], _ID))
    except (TypeError, ValueError):
        raise BadBundle(_("{where} has a malformed value.").format(where=_line(number))) \
            from None
    redacted = _redacted(revision.fields)
    if redacted is not None:
        # Its content was erased: the digest of it stands in for it in the id. Taken only
        # under a redaction in the bundle that names its record, and never written as a row.
        redaction, digest = redacted
        if ((revision.table, revision.record), redaction) not in covered or id_from_digest(
                revision.table, revision.record, list(revision.parents), digest,
                list(revision.changed), revision.author, revision.origin, revision.case,
                revision.at) != revision.id:
            raise _altered(number)
        return revision
    content = canonical(dict(revision.fields))
    if revision_id(revision.table, revision.record, list(revision.parents), content,
                   list(revision.changed), revision.author, revision.origin, revision.case,
                   revision.at) != revision.id:
        raise _altered(number)
    decoded.texts[revision.id] = content
    if not revision.deleted:
        try:
            decoded.rows[revision.id] = row_values(
                revision.table, revision.record, dict(revision.fields),
                parse_utc(revision.at), revision.author, memo)
        except UserError as exc:
            raise BadBundle(_("{where}: {problem}").format(where=_line(number),
                                                           problem=exc)) from None
    return revision


def _redacted(fields) -> tuple[str, str] | None:
    """The redaction that erased these fields and the digest of what they were, when they
    are a purged revision's."""
    if set(fields) != {REDACTED_KEY, DIGEST_KEY}:
        return None
    try:
        return (checked_text(fields[REDACTED_KEY], HEX64),
                checked_text(fields[DIGEST_KEY], HEX64))
    except (TypeError, ValueError):
        return None


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


# The history's own form of a time (format_utc's), the only one that sorts in time order.
_UTC_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")


def _time(value) -> str:
    """A time in the history's own form, or ValueError: the same test as
    `format_utc(parse_utc(text)) == text`, without making a datetime twice per line."""
    text = checked_text(value)
    if not _UTC_TEXT.fullmatch(text):
        raise ValueError
    datetime.fromisoformat(text[:-1])  # a real day and time, or ValueError
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
