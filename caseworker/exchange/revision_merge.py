"""Merging two versions of one record from their revision histories, field by field.

Every revision lists the fields it set (`changed`; a first revision sets them all). For
each field, the revisions that last set it in a version's history are that version's
"writers" of the field. Merging two versions takes, per field, the writers neither side
has seen overwritten:

- one writer, or several that wrote the same value: the field merges cleanly (a field
  changed on one side only takes that side's value, however old the other side is);
- several writers with different values: a conflict. The record shows the value of the
  latest change until a person settles it, and the merge revision lists the field as
  set by it, so it is not found again by later merges.

A deletion (a tombstone) wins over the versions it saw; an edit it did not see keeps the
record and is a conflict on "deleted", so no edit is ever lost to a deletion silently.

The merge is a pure function of the two histories and its revision's id is the hash of
its content, so two installs merging the same versions make the same revision and their
histories converge. Records are small and few revisions long: plain sets suffice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from storage.history import DELETED, canonical, revision_id

DELETED_FIELD = "deleted"
CREATED_FIELD = "created_at"
MERGE_AUTHOR = "merge"


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
        return self.fields.get(DELETED_FIELD) is True

    def writes(self, name: str) -> bool:
        if not self.parents:  # a record's first revision sets every field
            return name != DELETED_FIELD or self.deleted
        return name in self.changed

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
    sides: tuple[Side, ...]  # oldest change first; the last is what the record shows


@dataclass
class Merged:
    fields: dict  # the merged record, or {"deleted": True}
    conflicts: list[FieldConflict] = field(default_factory=list)


class History:
    """The revisions of one record, with ancestry queries."""

    def __init__(self, revisions: Iterable[Rev] = ()) -> None:
        self.revisions: dict[str, Rev] = {}
        self._ancestors: dict[str, frozenset[str]] = {}
        for revision in revisions:
            self.add(revision)

    def add(self, revision: Rev) -> None:
        self.revisions.setdefault(revision.id, revision)

    def __contains__(self, revision_id: str) -> bool:
        return revision_id in self.revisions

    def ancestors(self, revision_id: str) -> frozenset[str]:
        """The revision and every revision before it (iteratively: histories can be long)."""
        known = self._ancestors.get(revision_id)
        if known is not None:
            return known
        seen: set[str] = set()
        stack = [revision_id]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            cached = self._ancestors.get(current)
            if cached is not None:
                seen |= cached
                continue
            seen.add(current)
            stack.extend(self.revisions[current].parents)
        result = frozenset(seen)
        self._ancestors[revision_id] = result
        return result

    def heads(self) -> list[str]:
        """Revisions no other revision names as a parent, in id order."""
        parents = {p for r in self.revisions.values() for p in r.parents}
        return sorted(set(self.revisions) - parents)

    def descends(self, revision_id: str, ancestor: str) -> bool:
        return ancestor in self.ancestors(revision_id)

    # -- merging ----------------------------------------------------------------------

    def writers(self, heads: Iterable[str], name: str) -> list[Rev]:
        """The latest revisions that set `name` in the histories of `heads`."""
        seen: frozenset[str] = frozenset().union(*(self.ancestors(h) for h in heads))
        candidates = [self.revisions[r] for r in seen if self.revisions[r].writes(name)]
        latest = [w for w in candidates
                  if not any(w.id != other.id and w.id in self.ancestors(other.id)
                             for other in candidates)]
        return sorted(latest, key=lambda w: (w.at, w.id))

    def merge(self, ours: str, theirs: str) -> Merged:
        heads = (ours, theirs)
        seen = self.ancestors(ours) | self.ancestors(theirs)
        names = sorted({n for r in seen for n in self.revisions[r].fields} - {DELETED_FIELD})
        merged: dict = {}
        conflicts: list[FieldConflict] = []
        for name in names:
            value, conflict = _settle(name, self.writers(heads, name))
            merged[name] = value
            if conflict:
                conflicts.append(conflict)
        tombstones = [w for w in self.writers(heads, DELETED_FIELD) if w.deleted]
        if not tombstones:
            return Merged(merged, conflicts)
        unseen_edits = {w.id: w for name in [*names, DELETED_FIELD]
                        for w in self.writers(heads, name)
                        if not w.deleted and not any(w.id in self.ancestors(t.id)
                                                     for t in tombstones)}
        if not unseen_edits:
            return Merged(dict(DELETED))
        # Deleted on one side, changed on the other: keep the record until a person decides.
        sides = sorted([*tombstones, *unseen_edits.values()], key=lambda w: (w.at, w.id))
        conflicts.append(FieldConflict(DELETED_FIELD, tuple(
            Side(w.id, w.author, w.origin, w.at, w.deleted) for w in sides)))
        return Merged(merged, conflicts)

    def merge_revision(self, ours: str, theirs: str) -> tuple[Rev, Merged]:
        """The revision joining two versions, the same on every install that makes it."""
        merged = self.merge(ours, theirs)
        a, b = self.revisions[ours], self.revisions[theirs]
        parents = tuple(sorted((ours, theirs)))
        changed = tuple(sorted(c.field for c in merged.conflicts))
        fields_json = canonical(merged.fields)
        at = max(a.at, b.at)
        revision = Rev(
            id=revision_id(a.table, a.record, list(parents), fields_json, MERGE_AUTHOR, at),
            table=a.table, record=a.record, parents=parents, fields=merged.fields,
            changed=changed, author=MERGE_AUTHOR, origin=MERGE_AUTHOR, at=at,
            case=a.case or b.case)
        return revision, merged

    def advance(self, current: str | None, incoming: str) -> tuple[str, list[Rev], Merged | None]:
        """Bring the version `current` up to date with `incoming`: the new head, any merge
        revision made, and the merge itself (None for a fast-forward or no change)."""
        if current is None or current in self.ancestors(incoming):
            return incoming, [], None
        if incoming in self.ancestors(current):
            return current, [], None
        revision, merged = self.merge_revision(current, incoming)
        self.add(revision)
        return revision.id, [revision], merged


def _settle(name: str, writers: list[Rev]) -> tuple[object, FieldConflict | None]:
    if name == CREATED_FIELD:  # one record added on two installs: it began at the first
        return min((w.value(name) for w in writers if w.value(name)), default=None), None
    values = {canonical(w.value(name)) for w in writers}
    shown = writers[-1].value(name)  # the latest change
    if len(values) <= 1:
        return shown, None
    return shown, FieldConflict(name, tuple(
        Side(w.id, w.author, w.origin, w.at, w.value(name)) for w in writers))


def conflicts_of(history: History, revision: Rev) -> list[FieldConflict]:
    """The conflicts a merge revision settled provisionally (none for other revisions)."""
    if len(revision.parents) != 2 or not revision.changed:
        return []
    merged = history.merge(*revision.parents)
    return [c for c in merged.conflicts if c.field in revision.changed]
