"""Merging two versions of one record from their revision histories, field by field.

Every revision lists the fields it set (`changed`; a first revision sets them all). For
each field, the revisions that last set it in a version's history are that version's
"writers" of the field. Merging two versions takes, per field, the writers neither side
has seen overwritten:

- one writer, or several that wrote the same value: the field merges cleanly (a field
  changed on one side only takes that side's value, however old the other side is);
- lists (tags, citizenships, aliases) written differently: what either side added is
  kept and what either side removed is dropped, a set union that is no conflict;
- several writers with different values: a conflict. The history settles what the record
  shows until a person decides, never a clock: the value both sides last agreed on, or
  when there is none (the record began on both sides), the side with the longer history
  behind it, then the lower revision id. The merge revision lists the field as set by it,
  so it is not found again by later merges.

A deletion (a tombstone) wins over the versions it saw; an edit it did not see keeps the
record and is a conflict on "deleted", so no edit is ever lost to a deletion silently.

The merge is a pure function of the two histories and its revision's id is the hash of
its content, so two installs merging the same versions make the same revision and their
histories converge.

One ordered pass: revisions are placed parents first, and each carries, per field, its
latest writers (a copy of its parent's with its own fields set; at a merge, the two
parents' joined). Ancestry is a bit set per revision. A chain of thousands of revisions
costs thousands of small steps, where walking every ancestor of every revision cost
their square (docs/architecture.md §6).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from storage.history import DELETED, canonical, is_tombstone, revision_id

DELETED_FIELD = "deleted"
CREATED_FIELD = "created_at"
MERGE_AUTHOR = "merge"
MERGE_ORIGIN = "merge"


def conflict_id(merge_revision: str, field: str) -> str:
    return hashlib.sha256(f"{merge_revision}|{field}".encode()).hexdigest()[:32]


def merge_case(parent_cases: list[str | None]) -> str | None:
    """The case a merge revision is recorded in: its first parent's (by id) that has
    one, so every install making the merge records the same."""
    return next((case for case in parent_cases if case), None)


@dataclass(frozen=True)
class Rev:
    """A revision, as merging needs it. `at` is UTC ISO text, which sorts in time order."""

    id: str
    table: str
    record: str
    parents: tuple[str, ...]
    fields: Mapping
    changed: tuple[str, ...]
    author: str
    origin: str
    at: str
    case: str | None = None

    @property
    def deleted(self) -> bool:
        return is_tombstone(self.fields)

    def writes(self, name: str) -> bool:
        if not self.parents:  # a record's first revision sets every field
            return name != DELETED_FIELD or self.deleted
        return name in self.changed

    def written(self) -> Iterable[str]:
        if not self.parents:
            return [n for n in self.fields if n != DELETED_FIELD] + (
                [DELETED_FIELD] if self.deleted else [])
        return self.changed

    def value(self, name: str):
        if name == DELETED_FIELD:
            return self.deleted
        return self.fields.get(name)


@dataclass(frozen=True)
class Side:
    revision: str
    author: str
    origin: str
    at: str
    value: object


@dataclass(frozen=True)
class FieldConflict:
    field: str
    sides: tuple[Side, ...]  # by their time, oldest first, as a person reads them


@dataclass
class Merged:
    fields: dict  # the merged record, or {"deleted": True}
    conflicts: list[FieldConflict] = field(default_factory=list)


class History:
    """The revisions of one record, placed parents first, with each revision's latest
    writers per field and its ancestors as a bit set."""

    def __init__(self, revisions: Iterable[Rev] = ()) -> None:
        self.revisions: dict[str, Rev] = {}
        self._pending: list[Rev] = []
        self._index: dict[str, int] = {}
        self._bits: dict[str, int] = {}
        self._depth: dict[str, int] = {}
        self._latest: dict[str, dict[str, tuple[str, ...]]] = {}
        for revision in revisions:
            self.add(revision)

    def add(self, revision: Rev) -> None:
        if revision.id not in self.revisions:
            self.revisions[revision.id] = revision
            self._pending.append(revision)

    def __contains__(self, revision_id: str) -> bool:
        return revision_id in self.revisions

    def __len__(self) -> int:
        return len(self.revisions)

    # -- the ordered pass -------------------------------------------------------------

    def _place(self) -> None:
        """Place the revisions added since, parents first (Kahn's order)."""
        if not self._pending:
            return
        pending = {r.id: r for r in self._pending}
        self._pending = []
        waiting: dict[str, int] = {}
        children: dict[str, list[str]] = {}
        ready = []
        for revision in pending.values():
            unplaced = [p for p in set(revision.parents) if p in pending]
            waiting[revision.id] = len(unplaced)
            for parent in unplaced:
                children.setdefault(parent, []).append(revision.id)
            if not unplaced:
                ready.append(revision.id)
        ready.sort(reverse=True)
        while ready:
            current = ready.pop()
            self._place_one(pending[current])
            for child in children.get(current, ()):
                waiting[child] -= 1
                if waiting[child] == 0:
                    ready.append(child)
        if len(self._index) < len(self.revisions):  # a parent this history lacks
            for revision in pending.values():
                if revision.id not in self._index:
                    self._place_one(revision)

    def _place_one(self, revision: Rev) -> None:
        parents = [p for p in revision.parents if p in self._index]
        position = len(self._index)
        self._index[revision.id] = position
        bits = 1 << position
        for parent in parents:
            bits |= self._bits[parent]
        self._bits[revision.id] = bits
        self._depth[revision.id] = 1 + max((self._depth[p] for p in parents), default=0)
        if not parents:
            latest: dict[str, tuple[str, ...]] = {}
        elif len(parents) == 1:
            latest = dict(self._latest[parents[0]])
        else:
            latest = self._joined(parents)
        for name in revision.written():
            latest[name] = (revision.id,)
        self._latest[revision.id] = latest

    def _joined(self, heads: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The latest writers per field in the histories of `heads` together: a writer
        of one is kept unless the other head saw it overwritten."""
        heads = list(dict.fromkeys(heads))
        joined = dict(self._latest[heads[0]])
        seen = self._bits[heads[0]]
        for head in heads[1:]:
            theirs = self._latest[head]
            their_bits = self._bits[head]
            for name in joined.keys() | theirs.keys():
                ours, other = joined.get(name, ()), theirs.get(name, ())
                if ours == other:
                    continue
                kept = [w for w in ours if w in other or not their_bits >> self._index[w] & 1]
                kept += [w for w in other if w not in ours and not seen >> self._index[w] & 1]
                joined[name] = tuple(sorted(kept))
            seen |= their_bits
        return joined

    # -- ancestry ---------------------------------------------------------------------

    def descends(self, revision_id: str, ancestor: str) -> bool:
        self._place()
        return bool(self._bits[revision_id] >> self._index[ancestor] & 1)

    def depth(self, revision_id: str) -> int:
        self._place()
        return self._depth[revision_id]

    def heads(self) -> list[str]:
        """Revisions no other revision names as a parent, in id order."""
        parents = {p for r in self.revisions.values() for p in r.parents}
        return sorted(set(self.revisions) - parents)

    # -- merging ----------------------------------------------------------------------

    def writers(self, heads: Iterable[str], name: str) -> list[Rev]:
        """The latest revisions that set `name` in the histories of `heads`."""
        self._place()
        joined = self._joined(heads)
        return self._by_time(joined.get(name, ()))

    def _by_time(self, ids: Iterable[str]) -> list[Rev]:
        return sorted((self.revisions[i] for i in ids), key=lambda w: (w.at, w.id))

    def merge(self, ours: str, theirs: str) -> Merged:
        self._place()
        joined = self._joined((ours, theirs))
        names = sorted(set(joined) - {DELETED_FIELD})
        merged: dict = {}
        conflicts: list[FieldConflict] = []
        for name in names:
            value, conflict = self._settle(name, self._by_time(joined[name]))
            merged[name] = value
            if conflict:
                conflicts.append(conflict)
        tombstones = [w for w in self._by_time(joined.get(DELETED_FIELD, ())) if w.deleted]
        if not tombstones:
            return Merged(merged, conflicts)
        unseen_edits = {w: self.revisions[w] for name in [*names, DELETED_FIELD]
                        for w in joined.get(name, ())
                        if not self.revisions[w].deleted
                        and not any(self.descends(t.id, w) for t in tombstones)}
        if not unseen_edits:
            return Merged(dict(DELETED))
        # Deleted on one side, changed on the other: keep the record until a person decides.
        sides = sorted([*tombstones, *unseen_edits.values()], key=lambda w: (w.at, w.id))
        conflicts.append(FieldConflict(DELETED_FIELD, tuple(
            Side(w.id, w.author, w.origin, w.at, w.deleted) for w in sides)))
        return Merged(merged, conflicts)

    def _settle(self, name: str, writers: list[Rev]) -> tuple[object, FieldConflict | None]:
        if name == CREATED_FIELD:  # one record added on two installs: it began at the first
            return min((w.value(name) for w in writers if w.value(name)), default=None), None
        values = {canonical(w.value(name)) for w in writers}
        if len(values) <= 1:
            return writers[-1].value(name), None
        if all(isinstance(w.value(name), list) for w in writers):
            return self._united(name, writers), None
        before = {canonical(self._before(w, name)) for w in writers}
        if len(before) == 1 and all(w.parents for w in writers):
            shown = self._before(writers[0], name)  # what both sides last agreed on
        else:
            shown = min(writers, key=lambda w: (-self._depth[w.id], w.id)).value(name)
        return shown, FieldConflict(name, tuple(
            Side(w.id, w.author, w.origin, w.at, w.value(name)) for w in writers))

    def _before(self, writer: Rev, name: str):
        """The field's value in the version `writer` changed (None for a first revision,
        and for a merge whose parents disagreed)."""
        values = {canonical(self.revisions[p].fields.get(name)) for p in writer.parents
                  if p in self.revisions}
        if len(values) != 1:
            return None
        return self.revisions[next(p for p in writer.parents
                                   if p in self.revisions)].fields.get(name)

    def _united(self, name: str, writers: list[Rev]) -> list:
        added, removed, present = set(), set(), []
        for writer in writers:
            value = [canonical(v) for v in writer.value(name)]
            before = {canonical(v) for v in (self._before(writer, name) or [])}
            added |= set(value) - before
            removed |= before - set(value)
            present += value
        kept = {v for v in present if v in added or v not in removed}
        return [json.loads(v) for v in sorted(kept)]

    def merge_revision(self, ours: str, theirs: str) -> tuple[Rev, Merged]:
        """The revision joining two versions, the same on every install that makes it."""
        merged = self.merge(ours, theirs)
        a, b = self.revisions[ours], self.revisions[theirs]
        parents = tuple(sorted((ours, theirs)))
        changed = tuple(sorted(c.field for c in merged.conflicts))
        fields_json = canonical(merged.fields)
        at = max(a.at, b.at)
        case = merge_case([self.revisions[p].case for p in parents])
        revision = Rev(
            id=revision_id(a.table, a.record, list(parents), fields_json, list(changed),
                           MERGE_AUTHOR, MERGE_ORIGIN, case, at),
            table=a.table, record=a.record, parents=parents, fields=merged.fields,
            changed=changed, author=MERGE_AUTHOR, origin=MERGE_ORIGIN, at=at, case=case)
        return revision, merged

    def advance(self, current: str | None, incoming: str) -> tuple[str, list[Rev], Merged | None]:
        """Bring the version `current` up to date with `incoming`: the new head, any merge
        revision made, and the merge itself (None for a fast-forward or no change)."""
        if current is None or self.descends(incoming, current):
            return incoming, [], None
        if self.descends(current, incoming):
            return current, [], None
        revision, merged = self.merge_revision(current, incoming)
        self.add(revision)
        return revision.id, [revision], merged

    def remade(self, revision: Rev) -> bool:
        """Whether a merge revision is the one this history makes of its parents."""
        if len(revision.parents) != 2 or not all(p in self.revisions for p in revision.parents):
            return False
        return self.merge_revision(*revision.parents)[0].id == revision.id


def conflicts_of(history: History, revision: Rev) -> list[FieldConflict]:
    """The conflicts a merge revision settled provisionally (none for other revisions)."""
    if len(revision.parents) != 2 or not revision.changed:
        return []
    merged = history.merge(*revision.parents)
    return [c for c in merged.conflicts if c.field in revision.changed]
