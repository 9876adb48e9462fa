"""Whether a bundle's revisions may be taken: who signed each one, and whether the signer
may change the record it changes (docs/architecture.md §6).

Every revision new here must be signed, by this install or a contact, in a batch whose
install is the revision's own (`origin`): a contact's key cannot sign another install's
revisions. Merges must be the merge this install makes of their parents; the gazetteer's
revisions must be ones this install already holds.

Scope: a contact's revisions may change only records that contact created, or that this
install sent to it, or that the office (an escrow contact) sent to it, as their signed
grants say. A record in a case is judged by its case, before and after the change (moving
an event into or out of a case needs both); a place or a source outside any case by the
record itself. The office's own revisions may change everything, as may this install's.
Each revision's `case` must be its record's case, so a change cannot hide from the case's
history and preview. Any failure refuses the whole bundle, naming the records.

Purges are signed the same way (redaction_trust.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlmodel import Session, col, select

from caseworker.core.i18n import _, ngettext
from caseworker.core.user_errors import AuthFailure
from caseworker.exchange.bundle_records import Decoded
from caseworker.exchange.bundle_selection import chunks, rows_where_in
from caseworker.exchange.revision_merge import MERGE_ORIGIN, Rev
from caseworker.exchange.shared_records import SHARED_TABLES, record_label
from caseworker.exchange.signed_history import (
    GAZETTEER_ORIGIN,
    Batch,
    Grant,
    batch_verifies,
    grant_verifies,
)
from storage.tables import CaseSource, KeyContact, SignedBatch
from storage.tables.base import table_of

RecordKey = tuple[str, str]
# Tables whose records belong to a case through a column of their own.
_CASE_COLUMN = {t for t, m in SHARED_TABLES.items() if "case_id" in table_of(m).columns}
_PERSON_COLUMN = {t for t, m in SHARED_TABLES.items() if "person_id" in table_of(m).columns
                  and t != "cases"}
NAMED = 6  # records named in a refusal; the rest are counted


class Untrusted(AuthFailure):
    """A bundle with a revision no known key signed, or that changes what its signer may
    not: nothing in it is used."""


@dataclass
class Keys:
    """Who may sign: this install and the contacts, by their whole signing keys."""

    own_key: str
    own_install: str
    contacts: dict[str, KeyContact]  # signing key -> contact

    @property
    def escrow(self) -> set[str]:
        return {key for key, c in self.contacts.items() if c.escrow}

    def name(self, key: str) -> str:
        return _("this install") if key == self.own_key else self.contacts[key].name


@dataclass
class Vouched:
    """What a bundle's batches and grants establish, once checked."""

    signer: dict[str, str] = field(default_factory=dict)  # revision id -> signing key
    batch_of: dict[str, str] = field(default_factory=dict)  # revision id -> batch id
    batches: list[Batch] = field(default_factory=list)  # verified, to keep
    grants: list[Grant] = field(default_factory=list)  # verified, to keep
    installs: dict[str, str] = field(default_factory=dict)  # contact key -> install, new
    unverified: dict[str, Batch] = field(default_factory=dict)  # item -> batch, unknown key


def check_vouching(session: Session, decoded: Decoded, keys: Keys,
                   sender_key: str, sender_install: str) -> Vouched:
    """Verify the bundle's batches and grants against the keys this install knows; bind
    each contact to the install its signed words name (the sender's manifest first)."""
    vouched = Vouched()
    installs = {key: c.install_id for key, c in keys.contacts.items() if c.install_id}
    installs[keys.own_key] = keys.own_install
    if sender_key in keys.contacts:
        _bind(keys, installs, vouched, sender_key, sender_install)
    stored = _stored_batches(session, {b.id for b in decoded.batches})
    for batch in decoded.batches:
        if batch.signer not in installs and batch.signer not in keys.contacts:
            for item in batch.items:
                vouched.unverified.setdefault(item, batch)
            continue
        if batch.id not in stored and not batch_verifies(batch):
            raise Untrusted(_("A signed batch in this bundle, said to be from {signer}, "
                              "does not verify: it was altered. Nothing was "
                              "imported.").format(signer=keys.name(batch.signer)))
        _bind(keys, installs, vouched, batch.signer, batch.origin)
        if batch.origin != installs[batch.signer]:
            raise Untrusted(_("{signer} signed revisions that say they were made on "
                              "another install: nothing was imported.").format(
                                signer=keys.name(batch.signer)))
        if batch.id not in stored:
            vouched.batches.append(batch)
        for item in batch.items:
            vouched.signer.setdefault(item, batch.signer)
            vouched.batch_of.setdefault(item, batch.id)
    for grant in decoded.grants:
        if (grant.granter == keys.own_key or grant.granter in keys.contacts) \
                and grant_verifies(grant):
            vouched.grants.append(grant)
    return vouched


def _bind(keys: Keys, installs: dict[str, str], vouched: Vouched, key: str,
          install: str) -> None:
    if key in installs:
        return
    if install == keys.own_install or install in installs.values() or not install:
        raise Untrusted(_("{signer} signs as an install that is this one or another "
                          "contact: nothing was imported.").format(signer=keys.name(key)))
    installs[key] = install
    vouched.installs[key] = install


def _stored_batches(session: Session, ids: set[str]) -> set[str]:
    found: set[str] = set()
    for part in chunks(ids):
        found |= set(session.exec(select(SignedBatch.id).where(col(SignedBatch.id).in_(part))))
    return found


def check_signed(records: dict[RecordKey, list[Rev]], known: set[str], vouched: Vouched,
                 keys: Keys) -> None:
    """Every revision new here signed by the install it names, or one every install
    makes alike; the first that is not refuses the bundle."""
    unsigned: list[Rev] = []
    for revisions in records.values():
        for revision in revisions:
            if revision.id in known or revision.id in vouched.signer:
                continue
            if revision.origin == MERGE_ORIGIN:
                continue  # made again from its parents when planned (bundle_merge)
            unsigned.append(revision)
    if not unsigned:
        return
    first = unsigned[0]
    stranger = vouched.unverified.get(first.id)
    if stranger is not None:
        # "(s)": one sentence for any count; the translations say the count apart
        raise Untrusted(_(
            "This bundle carries {count} change(s) signed by a key that is not among your "
            "contacts (signing key {key}), e.g. to {record}: add their maker as a contact, "
            "comparing the fingerprint by voice, and import again. Nothing was imported.")
            .format(count=len(unsigned), key=stranger.signer, record=_record(first)))
    if first.origin == GAZETTEER_ORIGIN:
        raise Untrusted(_(
            "This bundle carries {record} {id} as another version of the shipped gazetteer "
            "has it: update Caseworker on both laptops. Nothing was imported.").format(
                record=record_label(first.table), id=first.record[:24]))
    raise Untrusted(_(
        "This bundle carries {count} change(s) no known install signed, e.g. to {record} "
        "(made by {author}): they were made before revisions were signed, or forged. Their "
        "maker signs them when it next sends a bundle. Nothing was imported.")
        .format(count=len(unsigned), record=_record(first), author=first.author or "?"))


def _record(revision: Rev) -> str:
    return f"{record_label(revision.table)} {revision.record[:8]}"


# -- scope ----------------------------------------------------------------------------------


def check_scope(session: Session, records: dict[RecordKey, list[Rev]], known: set[str],
                vouched: Vouched, keys: Keys) -> None:
    """Refuse the bundle if any new revision changes what its signer may not, or says it
    belongs to a case its record does not."""
    new = {key: [r for r in revisions if r.id not in known]
           for key, revisions in records.items()}
    new = {key: revisions for key, revisions in new.items() if revisions}
    if not new:
        return
    world = RecordWorld(session, records, new, vouched.grants)
    wrong_case = [(key, r) for key, revisions in new.items() for r in revisions
                  if r.origin != MERGE_ORIGIN and world.owners(key)
                  and r.case not in world.owners(key)]
    if wrong_case:
        key, revision = wrong_case[0]
        raise Untrusted(ngettext(
            "This bundle files {count} change(s) under the wrong case, e.g. to {record}, "
            "which belongs to case {case}: a change may not hide from its case's history. "
            "Nothing was imported.",
            "This bundle files {count} change(s) under the wrong case, e.g. to {record}, "
            "which belongs to case {case}: a change may not hide from its case's history. "
            "Nothing was imported.", len(wrong_case)).format(
                count=len(wrong_case), record=_record(revision),
                case=sorted(world.owners(key))[0][:8]))
    free = {keys.own_key} | keys.escrow
    installs = {key: c.install_id for key, c in keys.contacts.items()} | vouched.installs
    outside: dict[str, list[RecordKey]] = defaultdict(list)
    for key, revisions in new.items():
        signers = {vouched.signer.get(r.id) for r in revisions}
        for signer in {s for s in signers if s is not None} - free:
            install = installs.get(signer)
            if not may_change(world, key, install, world.granted(signer, free)):
                outside[signer].append(key)
    if outside:
        signer, keys_out = next(iter(outside.items()))
        count = sum(len(v) for v in outside.values())
        named = "; ".join(world.describe(key) for key in sorted(keys_out)[:NAMED])
        if count > NAMED:
            named = _("{records} and {more} more").format(records=named, more=count - NAMED)
        raise Untrusted(ngettext(
            "{signer} changed {count} record(s) they did not create and were not sent: "
            "{records}. Nothing was imported.",
            "{signer} changed {count} record(s) they did not create and were not sent: "
            "{records}. Nothing was imported.", count).format(
                signer=keys.name(signer), count=count, records=named))


class RecordWorld:
    """What the store and the bundle together say about the records a bundle changes:
    the cases each belongs to and who created what."""

    def __init__(self, session: Session, records: dict[RecordKey, list[Rev]],
                 new: dict[RecordKey, list[Rev]], carried: list[Grant]) -> None:
        self.session = session
        self.carried = carried
        self.records = records
        self.new = new
        self._rows = self._local_rows(list(new))
        self._person_cases = self._cases_of_persons()
        self._source_cases = self._cases_of_sources()
        self._owners: dict[RecordKey, set[str]] = {}
        self._creators: dict[RecordKey, set[str]] = {}
        self._grants: dict[str, set[str]] = {}
        self._local_roots: dict[RecordKey, set[str]] | None = None

    def _local_rows(self, keys: list[RecordKey]) -> dict[RecordKey, dict]:
        """The columns that tie each record to a case, as this install holds it."""
        rows: dict[RecordKey, dict] = {}
        by_table: dict[str, list[str]] = defaultdict(list)
        for table, record in keys:
            by_table[table].append(record)
        for table, records in by_table.items():
            model = SHARED_TABLES[table]
            columns = [c for c in ("case_id", "person_id", "source_id", "person_a",
                                   "person_b") if c in table_of(model).columns]
            if not columns:
                continue
            for row in rows_where_in(
                    self.session, f"SELECT id, {', '.join(columns)} FROM {table} WHERE id IN "
                    "({marks})", records):
                rows[(table, row[0])] = dict(zip(columns, row[1:], strict=True))
        return rows

    def _values(self, key: RecordKey, column: str) -> set[str]:
        """The record's `column` here and in every new revision of it."""
        values = {r.fields.get(column) for r in self.new.get(key, ()) if not r.deleted}
        values.add(self._rows.get(key, {}).get(column))
        if not values - {None}:  # a tombstone of a record not held here: its history says
            values |= {r.fields.get(column) for r in self.records.get(key, ())}
        values.discard(None)
        return {v for v in values if isinstance(v, str)}

    def _cases_of_persons(self) -> dict[str, set[str]]:
        persons: set[str] = set()
        for key in self.new:
            if key[0] == "persons":
                persons.add(key[1])
            elif key[0] in _PERSON_COLUMN:
                persons |= self._values(key, "person_id")
            elif key[0] == "match_decisions":
                persons |= self._values(key, "person_a") | self._values(key, "person_b")
        found: dict[str, set[str]] = defaultdict(set)
        for (table, record), revisions in self.records.items():
            if table == "cases":
                for revision in revisions:
                    person = revision.fields.get("person_id")
                    if person in persons:
                        found[person].add(record)
        for case_id, person in rows_where_in(
                self.session, "SELECT id, person_id FROM cases WHERE person_id IN ({marks})",
                persons):
            found[person].add(case_id)
        return found

    def _cases_of_sources(self) -> dict[str, set[str]]:
        sources = {record for table, record in self.new if table == "sources"}
        found: dict[str, set[str]] = defaultdict(set)
        if not sources:
            return found
        for (table, _record), revisions in self.records.items():
            if table == "case_sources":
                for revision in revisions:
                    case = revision.fields.get("case_id")
                    if revision.fields.get("source_id") in sources and case is not None:
                        found[revision.fields["source_id"]].add(case)
        for part in chunks(sources):
            for case_id, source in self.session.exec(select(CaseSource.case_id,
                                                            CaseSource.source_id)
                                                     .where(col(CaseSource.source_id).in_(part))):
                found[source].add(case_id)
        return found

    def owners(self, key: RecordKey) -> set[str]:
        """The cases the record belongs to, before the bundle and after it."""
        if key not in self._owners:
            table, record = key
            if table == "cases":
                owners = {record}
            elif table in _CASE_COLUMN:
                owners = self._values(key, "case_id")
            elif table in _PERSON_COLUMN:
                owners = set().union(*(self._person_cases.get(p, set())
                                       for p in self._values(key, "person_id")))
            elif table == "persons":
                owners = set(self._person_cases.get(record, set()))
            elif table == "match_decisions":
                persons = self._values(key, "person_a") | self._values(key, "person_b")
                owners = set().union(*(self._person_cases.get(p, set()) for p in persons))
            elif table == "sources":
                owners = set(self._source_cases.get(record, set()))
            else:
                owners = set()
            owners.discard(None)
            self._owners[key] = owners
        return self._owners[key]

    def creators(self, key: RecordKey) -> set[str]:
        """The installs that made the record's first revision: as held here if it is,
        else as the bundle has it."""
        if key not in self._creators:
            if self._local_roots is None:
                self._local_roots = self._roots_here()
            local = self._local_roots.get(key)
            if local is None and key not in self._held:
                local = {r.origin for r in self.records.get(key, ()) if not r.parents}
            self._creators[key] = local or set()
        return self._creators[key]

    def _roots_here(self) -> dict[RecordKey, set[str]]:
        wanted = {("cases", case) for key in self.new for case in self.owners(key)}
        wanted |= {key for key in self.new if not self.owners(key)}
        roots: dict[RecordKey, set[str]] = defaultdict(set)
        self._held: set[RecordKey] = set()
        by_table: dict[str, list[str]] = defaultdict(list)
        for table, record in wanted:
            by_table[table].append(record)
        for table, records in by_table.items():
            for record, parents, origin in rows_where_in(
                    self.session, "SELECT record_id, parents, origin FROM revisions WHERE "
                    "table_name = ? AND record_id IN ({marks})", records, (table,)):
                self._held.add((table, record))
                if parents == "[]":
                    roots[(table, record)].add(origin)
        return roots

    def granted(self, signer: str, granters: Iterable[str]) -> set[str]:
        """The items this install or the office granted to `signer` ("table:record")."""
        if signer not in self._grants:
            granters = sorted(granters)
            marks = ", ".join(f":g{i}" for i in range(len(granters)))
            rows = self.session.connection().execute(text(
                "SELECT table_name, record_id FROM scope_grants WHERE grantee = :s AND "
                f"granter IN ({marks})"),
                {"s": signer} | {f"g{i}": g for i, g in enumerate(granters)})
            self._grants[signer] = {f"{t}:{r}" for t, r in rows} | {
                item for grant in self.carried
                if grant.granter in granters and signer in grant.grantees
                for item in grant.items}
        return self._grants[signer]

    def describe(self, key: RecordKey) -> str:
        owners = sorted(self.owners(key))
        if owners and key[0] != "cases":
            return _("{record} {id} of case {case}").format(
                record=record_label(key[0]), id=key[1][:8], case=owners[0][:8])
        return f"{record_label(key[0])} {key[1][:8]}"


# -- purges ---------------------------------------------------------------------------------


def may_change(world: RecordWorld, key: RecordKey, install: str | None, granted: set[str]) -> bool:
    """Whether the install `install`, granted `granted`, may change the record."""
    owners = world.owners(key)
    if owners:
        return all(install in world.creators(("cases", case)) or f"cases:{case}" in granted
                   for case in owners)
    return install in world.creators(key) or f"{key[0]}:{key[1]}" in granted
