"""Bundles from a trusted sender gone hostile: signed with a contact's real key, encrypted
to the receiver, hashes all correct, and holding whatever records the sender likes.

Everything before the records (age, the tar, the signature) has already passed, so these
reach the parts a stranger's bundle never does: the records' values, their histories,
the merge and the write. Used by the property tests and the atheris harness (fuzz/).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from caseworker.core.user_errors import AuthFailure, UserError
from caseworker.exchange.bundle_export import seal_records
from caseworker.exchange.bundle_format import HEX64
from caseworker.exchange.bundle_records import COLUMNS, encode, encode_batch
from caseworker.exchange.install_keys import own_keys
from caseworker.exchange.signed_history import BATCH_ITEMS, sign_batch
from storage.history import canonical, revision_id
from storage.meta_values import get_meta
from storage.store import Store
from tests.support.case_factory import NOW

SAID = (UserError, AuthFailure)  # what the user sees as one sentence


def contact_and_receiver(template: Path, folder: Path) -> tuple[Store, Store]:
    """A receiving install and a contact of it whose store holds the Tashkent seed case,
    both copied from the store at `template`."""
    from tests.support.case_factory import add_case, seed_draft
    from tests.support.install_helpers import new_install

    sender = new_install(template, folder / "sender")
    add_case(sender, seed_draft("qalymbek-shahman"))
    return sender, receiver_of(sender, template, folder / "receiver")


def receiver_of(sender: Store, template: Path, folder: Path) -> Store:
    """A new install, copied from the store at `template`, that knows `sender` as the
    contact "laptop"."""
    from caseworker.exchange.install_keys import add_contact
    from tests.support.case_factory import author
    from tests.support.install_helpers import contact_key, new_install

    receiver = new_install(template, folder)
    add_contact(receiver, "laptop", contact_key(sender), author())
    return receiver


# A change a contact gone hostile makes to its real revisions, as JSON so that one found
# by the property test can be kept in tests/data/fuzz_regressions/ and replayed:
#   ["field", i, name, value]   set a field of revision i
#   ["key", i, key, value]      replace a top-level key; {"record_of": j} is revision j's record
#   ["drop", i] / ["repeat", i] remove revision i / insert a copy of it before it
#   ["fields", i, fields]       replace revision i's fields whole (a deletion, or a fake one)
Action = list[Any]


def altered(revisions: list[dict[str, Any]], actions: list[Action]) -> list[dict[str, Any]]:
    """The revisions with `actions` applied in order, then hashed again."""
    revisions = [dict(r, fields=dict(r["fields"])) for r in revisions]
    for kind, at, *rest in actions:
        if not revisions:
            break
        index = at % len(revisions)
        revision = revisions[index]
        if kind == "field":
            revision["fields"][rest[0]] = rest[1]
        elif kind == "key":
            value = rest[1]
            if isinstance(value, dict) and set(value) == {"record_of"}:
                value = revisions[value["record_of"] % len(revisions)]["record"]
            revision[rest[0]] = value
        elif kind == "drop":
            revisions.pop(index)
        elif kind == "repeat":
            revisions.insert(index, dict(revision))
        else:
            revision["fields"] = rest[0]
    return rehashed(revisions)


def exported_revisions(store: Store) -> list[dict[str, Any]]:
    """Every revision in `store`, as records.jsonl lines parsed, parents first."""
    from sqlalchemy import text

    with store.read() as session:
        rows = session.connection().execute(text(
            f"SELECT {COLUMNS} FROM revisions ORDER BY seq")).all()
    return [json.loads(encode(tuple(row))) for row in rows]


def rehashed(revisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The revisions with each id recomputed from its content, and parents renamed to
    match, as a sender who altered them would. Values that cannot be hashed are left as
    they are (the importer must refuse those by itself)."""
    renamed: dict[str, str] = {}
    result = []
    for revision in revisions:
        revision = dict(revision)
        try:
            parents = [renamed.get(p, p) for p in revision["parents"]]
            new_id = revision_id(revision["table"], revision["record"], parents,
                                 canonical(revision["fields"]), revision["changed"],
                                 revision["author"], revision["origin"], revision["case"],
                                 revision["at"])
        except (KeyError, TypeError, ValueError, RecursionError):
            result.append(revision)
            continue
        renamed[str(revision.get("id"))] = new_id
        revision["parents"], revision["id"] = parents, new_id
        result.append(revision)
    return result


def records_bytes(revisions: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in revisions).encode()


def signed_bundle(sender: Store, receiver: Store, records: bytes, *, cases: int = 1,
                  revisions: int | None = None, vouch: bool = True) -> bytes:
    """A bundle file of `records`, as `sender` would seal it for `receiver`: with
    `vouch`, `sender`'s real key also signs every revision line that names its install,
    as a contact gone hostile can."""
    with sender.read() as session:
        keys = own_keys(session)
        install_id = get_meta(session, "install_id")
    with receiver.read() as session:
        theirs = own_keys(session)
    count = records.count(b"\n") if revisions is None else revisions
    if vouch:
        records = batch_lines(keys, install_id, records) + records
    return seal_records(records, keys, install_id, NOW, sequence=1,
                        recipients=[(theirs.age_recipient, theirs.signing_public)],
                        passphrase=None, cases=cases, revisions=count)[1]


def batch_lines(keys, install_id: str, records: bytes) -> bytes:
    """Signed batches, by `keys`, of the ids of the lines in `records` that name
    `install_id` as their install."""
    ids = []
    for line in records.decode("utf-8", "replace").split("\n"):
        try:
            parsed = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if isinstance(parsed, dict) and parsed.get("origin") == install_id and \
                isinstance(parsed.get("id"), str) and HEX64.match(parsed["id"]):
            ids.append(parsed["id"])
    ids = sorted(set(ids))
    return "".join(encode_batch(sign_batch(keys, install_id, "2026-11-22T12:00:00.000Z",
                                           ids[start:start + BATCH_ITEMS]))
                   for start in range(0, len(ids), BATCH_ITEMS)).encode()


def hostile_records(data: bytes) -> bytes:
    """Lines of `data` that parse as JSON objects hashed again as a sender would; the
    others kept as they are."""
    lines: list = []
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            parsed = json.loads(line)
        except (ValueError, RecursionError):
            parsed = None
        lines.append(parsed if isinstance(parsed, dict) else line)
    fixed = iter(rehashed([line for line in lines if isinstance(line, dict)]))
    return b"".join(records_bytes([next(fixed)]) if isinstance(line, dict)
                    else line.encode("utf-8", "replace") + b"\n" for line in lines)


def signed_manifest(sender: Store, receiver: Store, manifest: bytes) -> bytes:
    """A bundle of `manifest` (and no records), signed by `sender` for `receiver`."""
    from caseworker.exchange import bundle_format
    from caseworker.exchange.bundle_manifest import parse_manifest
    from caseworker.exchange.minisign import sign

    with sender.read() as session:
        keys = own_keys(session)
    with receiver.read() as session:
        recipient = own_keys(session).age_recipient
    try:  # the comment the importer expects, when the manifest is readable enough to say
        comment = parse_manifest(manifest).trusted_comment
    except SAID:
        comment = "caseworker bundle"
    signature = sign(manifest, keys.signing_private, keys.key_id, comment)
    plain = bundle_format.pack(bundle_format.Members(manifest, signature.encode(), b""), 0)
    return bundle_format.seal_to(plain, [recipient])


def feed(sender: Store, receiver: Store, data: bytes) -> None:
    """One fuzzer input. Its first byte picks what the rest is:
      0  a decrypted payload (the tar) from anyone: unpacked, manifest and records parsed;
      1  records.jsonl from `sender`, a contact gone hostile: hashed again, signed and
         sealed, then opened, planned and imported into `receiver`;
      2  a manifest from `sender`, signed with their real key, then opened.
    Raises anything but the app's own errors, which are what the user would see."""
    from caseworker.exchange import bundle_format
    from caseworker.exchange.bundle_import import apply_bundle, open_bundle, plan_import
    from caseworker.exchange.bundle_manifest import parse_manifest
    from caseworker.exchange.bundle_records import decode
    from tests.support.case_factory import author

    if not data:
        return
    kind, rest = data[0] % 3, data[1:]
    try:
        if kind == 0:
            members = bundle_format.unpack(rest)
            parse_manifest(members.manifest)
            decode(members.records)
        elif kind == 1:
            bundle = open_bundle(receiver, signed_bundle(sender, receiver,
                                                         hostile_records(rest)))
            plan_import(receiver, bundle)
            apply_bundle(receiver, bundle, author())
        else:
            open_bundle(receiver, signed_manifest(sender, receiver, rest))
    except SAID:
        pass
