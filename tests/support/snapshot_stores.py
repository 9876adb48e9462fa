"""Stores for the screen snapshots, built once per test session with fixed inputs: fixed
keys, install ids and record ids, and every change at a fixed time, so that whatever a
screen shows (fingerprints, contact keys, short case ids, history) is the same on every
run and every machine.

- `seeded`: this desk's store with the two seed cases, a note, and one contact.
- `with_duplicate`: the same with a third case whose person may be Qalymbek Shahman.
- `before_import`: the seeded store after a local change the colleague's bundle
  contradicts; `bundle` is that bundle, not yet imported.
- `merged`: the same after the bundle was imported: one conflict waits in the inbox.
"""

from __future__ import annotations

import base64
import hashlib
import random
import shutil
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from caseworker.cases.case_write import add_note, create_case
from caseworker.core.authoring import Author
from caseworker.exchange.bundle_export import export_bundle
from caseworker.exchange.bundle_import import apply_bundle, open_bundle, read_bundle_file
from caseworker.exchange.install_keys import add_contact, own_keys
from caseworker.opening.unlocking import open_store
from storage.meta_values import set_meta
from storage.store import Store
from storage.tables import Case
from tests.conftest import PASSPHRASE
from tests.support.case_factory import NOW, seed_draft, simple_draft
from tests.support.record_edits import edit

USER = "volunteer"  # the app's Config(user=...) in the snapshot tests
COLLEAGUE = "Almaty office"  # the colleague's install, as this desk knows it
THIS_DESK = "Shymkent desk"  # this desk, as the colleague knows it
SEED = 20261122


@dataclass(frozen=True)
class SnapshotStores:
    seeded: Path
    with_duplicate: Path
    before_import: Path
    bundle: Path
    merged: Path
    # a third install's contact key, typed into the add-contact dialog
    stranger_key: str


def build(template: Path, folder: Path) -> SnapshotStores:
    with pytest.MonkeyPatch.context() as patch:
        # every random record id (cases, people, events, revisions, bundle ids) comes from
        # one seeded generator instead, in the order this function makes them
        generator = random.Random(SEED)
        patch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=generator.getrandbits(128),
                                                        version=4))
        return _build(template, folder)


def _build(template: Path, folder: Path) -> SnapshotStores:
    desk = _install(template, folder / "seeded", "desk")
    colleague = _install(template, folder / "colleague", "colleague")
    stranger = _install(template, folder / "stranger", "stranger")
    stranger_key = _contact_key(stranger)
    stranger.close()

    created = _at(USER, days=-2)
    qalymbek = create_case(desk, seed_draft("qalymbek-shahman"), created)
    create_case(desk, seed_draft("yerzhanat-abai"), created)
    add_note(desk, qalymbek, "Called Atajurt: his lawyer has not been allowed to see him "
             "since the transfer. Ask the UN office to raise it.", _at(USER, days=-1))
    add_contact(desk, COLLEAGUE, _contact_key(colleague), created)
    add_contact(colleague, THIS_DESK, _contact_key(desk), _at("dana", days=-2))
    # the colleague has both cases from an earlier bundle
    _send(desk, COLLEAGUE, folder / "first.cwb", _at(USER, days=-1))
    _receive(colleague, folder / "first.cwb", _at("dana", days=-1))
    desk.close()

    with_duplicate = _copy(folder / "seeded", folder / "with_duplicate")
    create_case(with_duplicate, simple_draft("Kalymbek Shakhman", birth="1984",
                                             situation="detained"), _at(USER, hours=-5))
    with_duplicate.close()

    # both sides change the same field: the route as each heard it
    before = _copy(folder / "seeded", folder / "before_import")
    edit(before, Case, qalymbek, _at(USER, hours=-3), route="Urumqi -> Bangkok -> Tashkent")
    before.close()
    edit(colleague, Case, qalymbek, _at("dana", hours=-2),
         route="Xinjiang -> Bangkok -> Almaty -> Tashkent, by air")
    create_case(colleague, simple_draft("Kaster Musakhanuly", situation="detained"),
                _at("dana", hours=-2))
    bundle = folder / "from-almaty.cwb"
    _send(colleague, THIS_DESK, bundle, _at("dana", hours=-1))
    colleague.close()

    merged = _copy(folder / "before_import", folder / "merged")
    _receive(merged, bundle, _at(USER, minutes=-30))
    merged.close()
    return SnapshotStores(folder / "seeded", folder / "with_duplicate",
                          folder / "before_import", bundle, folder / "merged", stranger_key)


def _at(name: str, **delta: float) -> Author:
    return Author(name, NOW + timedelta(**delta))


def _install(template: Path, target: Path, label: str) -> Store:
    """A copy of the template store with its own fixed install id and keys."""
    shutil.copytree(template, target)
    store = open_store(target, PASSPHRASE)
    digest = hashlib.sha256(f"caseworker snapshot install {label}".encode()).digest()
    with store.write() as session:
        set_meta(session, "install_id", digest[:16].hex())
        set_meta(session, "keys.age_identity", _age_identity(digest))
        set_meta(session, "keys.signing_seed",
                 base64.b64encode(hashlib.sha256(digest + b"signing").digest()).decode())
        set_meta(session, "keys.signing_key_id", base64.b64encode(digest[16:24]).decode())
    return store


def _copy(source: Path, target: Path) -> Store:
    shutil.copytree(source, target)
    return open_store(target, PASSPHRASE)


def _contact_key(store: Store) -> str:
    with store.read() as session:
        return own_keys(session).contact_key


def _send(store: Store, to: str, out: Path, author: Author) -> None:
    export_bundle(store, out, author, to=[to])


def _receive(store: Store, path: Path, author: Author) -> None:
    apply_bundle(store, open_bundle(store, read_bundle_file(path)), author)


# -- an age identity from fixed bytes --------------------------------------------------
# age writes an X25519 identity as Bech32 (BIP 173) with the prefix AGE-SECRET-KEY-;
# pyrage reads only that form, so the fixed bytes are encoded here.

_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _age_identity(secret: bytes) -> str:
    return _bech32("age-secret-key-", secret).upper()


def _bech32(prefix: str, data: bytes) -> str:
    words, acc, bits = [], 0, 0
    for byte in data:
        acc, bits = acc << 8 | byte, bits + 8
        while bits >= 5:
            bits -= 5
            words.append(acc >> bits & 31)
    if bits:
        words.append(acc << (5 - bits) & 31)
    expanded = [ord(c) >> 5 for c in prefix] + [0] + [ord(c) & 31 for c in prefix]
    check = _polymod(expanded + words + [0] * 6) ^ 1
    words += [check >> 5 * (5 - i) & 31 for i in range(6)]
    return prefix + "1" + "".join(_BECH32[word] for word in words)


def _polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i, g in enumerate(generator):
            check ^= g if top >> i & 1 else 0
    return check
