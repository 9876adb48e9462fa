"""The office imports a folder of intakes sealed at desks into its inbox
(docs/architecture.md §11).

Each file is opened and checked as `bundle import` opens any bundle: nothing else decides
whom to trust. Each file stands alone: one that is not a sealed intake, or fails a check,
is reported in one sentence and changes nothing, and the others are imported."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from caseworker.core.authoring import Author
from caseworker.core.user_errors import AuthFailure, UserError
from caseworker.exchange import bundle_format
from caseworker.exchange.bundle_import import (
    OWN_INSTALL,
    OpenedBundle,
    UnknownSender,
    apply_bundle,
    open_bundle,
    read_bundle_file,
)
from caseworker.exchange.install_keys import own_keys
from caseworker.matching.candidates import Candidate, candidates_for_person
from storage.store import Store
from storage.tables import BundleLog, Case, InboxIntake

PENDING = "pending"


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file: imported, already (imported before) or refused."""

    file: str
    outcome: str
    case_id: str | None = None
    reason: str = ""  # refused: one sentence, naming no case data


def import_folder(store: Store, folder: Path, author: Author,
                  progress: Callable[[int, int, str], None] | None = None
                  ) -> list[FileOutcome]:
    """Every sealed intake in `folder` imported once into the store and its inbox, in
    the order of the files' names (any order gives the same store). `progress` hears
    (files done, files in all, the file's name) before each file: the app's bar."""
    if not folder.is_dir():
        raise UserError(f"There is no folder {folder}.")
    with store.read() as session:
        seen = set(session.exec(select(InboxIntake.bundle_sha256)))
        own = own_keys(session).fingerprint
    # A dot file is not a sealed intake: the desk's temp files (storage/atomic.py)
    # start with a dot, and so do folders' own files (.DS_Store).
    paths = [path for path in sorted(folder.iterdir())
             if not path.name.startswith(".") and path.is_file()]
    outcomes = []
    for done, path in enumerate(paths):
        if progress is not None:
            progress(done, len(paths), path.name)
        try:
            outcomes.append(_import_file(store, path, author, seen, own))
        except (UserError, AuthFailure) as exc:
            outcomes.append(FileOutcome(path.name, "refused", reason=str(exc)))
    return outcomes


def _import_file(store: Store, path: Path, author: Author, seen: set[str],
                 own: str) -> FileOutcome:
    """One file imported into the store and the inbox; `own` is this install's
    fingerprint, under which the desk numbers the bundles it seals for it."""
    data = read_bundle_file(path)
    digest = hashlib.sha256(data).hexdigest()
    if digest in seen:  # the same file again: not even decrypted
        return _already(store, path.name, digest)
    if bundle_format.needs_passphrase(data):
        raise UserError("It was sent with a passphrase; a desk seals intakes to the "
                        "office's key.")
    try:
        opened = open_bundle(store, data, now=author.now)
    except UnknownSender as unknown:
        # No --trust-as here: a desk is added once, its fingerprint compared by voice.
        raise AuthFailure(f"It is signed by a key that is not among your contacts "
                          f"(fingerprint {unknown.fingerprint}); compare it with the desk's "
                          "by voice and add the desk with 'caseworker keys add-contact'."
                          ) from None
    del data
    case_id = _intake_case(opened)
    with store.read() as session:
        held = session.exec(select(InboxIntake).where(
            (InboxIntake.bundle_id == opened.manifest.bundle_id)
            | (InboxIntake.case_id == case_id))).first()
        if held is not None and held.bundle_id == opened.manifest.bundle_id:
            return FileOutcome(path.name, "already", held.case_id)
        if held is not None:
            raise UserError("It changes an intake already in the inbox rather than sealing "
                            "a new one; import it with 'bundle import'.")
        _only_a_new_intake(session, opened, case_id)
    # The case first, in the import's own transaction, then its inbox row: a crash
    # between the two leaves an imported case without a row, which the next run adds
    # (importing a bundle held already changes nothing).
    apply_bundle(store, opened, author)
    with store.write() as session:
        if session.get(InboxIntake, case_id) is not None:  # another import got there first
            return FileOutcome(path.name, "already", case_id)
        row = _inbox_row(session, opened, case_id, digest, author, own)
        session.add(row)
        _offer_to_pending(session, row)
    seen.add(digest)
    return FileOutcome(path.name, "imported", case_id)


def _already(store: Store, name: str, digest: str) -> FileOutcome:
    with store.read() as session:
        row = session.exec(select(InboxIntake).where(
            InboxIntake.bundle_sha256 == digest)).first()
    return FileOutcome(name, "already", row.case_id if row else None)


def _intake_case(opened: OpenedBundle) -> str:
    """The one case a sealed intake carries, or one sentence saying what this is."""
    if opened.sender == OWN_INSTALL:
        raise UserError("It was written by this install, not sealed at a desk.")
    cases = sorted({record for table, record in opened.records if table == "cases"})
    if len(cases) != 1 or opened.manifest.cases != 1:
        raise UserError(f"It is a bundle of {opened.manifest.cases} cases, not one sealed "
                        "intake; import it with 'bundle import'.")
    return cases[0]


# What a sealed intake holds: one new case's own records, the clocks its events started
# and the places its events are linked to, which carry no case.
INTAKE_TABLES = frozenset({"cases", "persons", "name_forms", "events", "sources",
                           "case_sources", "notes", "documents", "relatives", "contacts",
                           "checklist_items"})


def _only_a_new_intake(session: Session, opened: OpenedBundle, case_id: str) -> None:
    """The inbox takes a bundle without a preview, so it takes only what a desk seals: a
    case new here, its own records and linked places. Anything else (a change to a case
    on file, a record of another case, a match decision or questionnaire answer, an
    erasure) could come from any contact, a colleague's seized laptop among them, and
    goes through 'bundle import', where the caseworker sees it first."""
    outside = "import it with 'bundle import', which shows what it changes first."
    if opened.redactions:
        raise UserError("It erases records, which a sealed intake never does; " + outside)
    imported = session.get(BundleLog, (opened.manifest.bundle_id, "received", opened.sender))
    if session.get(Case, case_id) is not None and imported is None:
        raise UserError("It changes a case already on file rather than sealing a new one; "
                        + outside)
    for (table, _record), revisions in opened.records.items():
        for revision in revisions:
            if table == "places" and revision.case is None:
                continue
            if table not in INTAKE_TABLES or revision.case != case_id:
                raise UserError("It holds records beyond one new intake; " + outside)


def _inbox_row(session: Session, opened: OpenedBundle, case_id: str, digest: str,
               author: Author, own: str) -> InboxIntake:
    manifest = opened.manifest
    # The author of the case's first revision: the volunteer named at the desk.
    first = min((r for r in opened.records[("cases", case_id)] if not r.parents),
                key=lambda r: r.at)
    return InboxIntake(
        case_id=case_id, bundle_id=manifest.bundle_id, bundle_sha256=digest,
        desk=opened.sender, desk_fingerprint=manifest.sender.fingerprint,
        sequence=manifest.numbers.get(own, manifest.sequence), volunteer=first.author,
        received_at=author.now, state=PENDING, candidates=_candidates(session, case_id))


def _offer_to_pending(session: Session, row: InboxIntake) -> None:
    """The new intake offered to the pending intakes it may be the same person as: two
    reports of one person get each other as candidates whichever was imported first."""
    cases = [c["case_id"] for c in json.loads(row.candidates) if c["case_id"]]
    if not cases:
        return
    for other in session.exec(select(InboxIntake).where(
            col(InboxIntake.case_id).in_(cases), InboxIntake.state == PENDING)):
        other.candidates = _candidates(session, other.case_id)
        session.add(other)


def _candidates(session: Session, case_id: str) -> str:
    """The persons on file who may be the person of this case, best first, as JSON. Ids
    and scores only: names and reasons are worded when listed (caseworker/desk/
    inbox_queue.py), so a person purged since leaves nothing of them here."""
    person_id = session.exec(select(Case.person_id).where(Case.id == case_id)).one()
    return json.dumps([{"person_id": c.person_id, "case_id": c.case_id, "score": c.score}
                       for c in candidates_for_person(session, person_id)])


def candidate_to_json(candidate: Candidate) -> dict:
    return {"person_id": candidate.person_id, "case_id": candidate.case_id,
            "display_name": candidate.display_name, "score": candidate.score,
            "reasons": list(candidate.reasons), "decision": candidate.decision}
