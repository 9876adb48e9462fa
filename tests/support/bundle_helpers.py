"""Moving bundles between test installs, and making bundles the app would never write."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

from caseworker.exchange import bundle_format, minisign
from caseworker.exchange.bundle_export import export_bundle
from caseworker.exchange.bundle_import import apply_bundle, open_bundle, read_bundle_file
from caseworker.exchange.install_keys import own_keys
from storage.store import Store
from tests.support.case_factory import author

_counter = iter(range(1_000_000))


def send(sender: Store, to: str, folder: Path, **options) -> Path:
    out = folder / f"bundle-{next(_counter)}.cwb"
    export_bundle(sender, out, author(), to=[to], **options)
    return out


def receive(receiver: Store, path: Path, passphrase: str | None = None):
    return apply_bundle(receiver, open_bundle(receiver, read_bundle_file(path), passphrase),
                        author())


def unpacked(receiver: Store, path: Path) -> bundle_format.Members:
    with receiver.read() as session:
        identity = own_keys(session).age_identity
    return bundle_format.unpack(bundle_format.open_with_identity(path.read_bytes(), identity))


def resealed(sender: Store, recipient_store: Store, members: list[tuple[str, bytes, str]],
             manifest: dict | None = None, *, comment: str | None = None,
             passphrase: str | None = None) -> bytes:
    """A bundle of arbitrary tar members (name, data, kind: file | symlink), with the
    manifest re-signed by `sender` under its trusted comment (or `comment`), encrypted to
    `recipient_store` (or to `passphrase`). `sender` need not be who the manifest names."""
    with sender.read() as session:
        keys = own_keys(session)
    with recipient_store.read() as session:
        recipient = own_keys(session).age_recipient
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name, data, kind in members:
            if name == bundle_format.SIGNATURE and manifest is not None:
                body = json.dumps(manifest).encode()
                said = comment or f"caseworker bundle {manifest['bundle_id']} sequence " \
                                  f"{manifest['sequence']}"
                data = minisign.sign(body, keys.signing_private, keys.key_id, said).encode()
            if name == bundle_format.MANIFEST and manifest is not None:
                data = json.dumps(manifest).encode()
            info = tarfile.TarInfo(name)
            if kind == "symlink":
                info.type, info.linkname = tarfile.SYMTYPE, data.decode()
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    if passphrase is not None:
        return bundle_format.seal_with_passphrase(buffer.getvalue(), passphrase)
    return bundle_format.seal_to(buffer.getvalue(), [recipient])


def forged(signer: Store, recipient_store: Store, good: bundle_format.Members,
           manifest: dict) -> bytes:
    """`good`'s records under `manifest`, signed with the key of `signer`, who is not the
    sender the manifest names: what someone holding another key sends in their name."""
    with signer.read() as session:
        assert own_keys(session).signing_public != manifest["sender"]["minisign_public_key"]
    return resealed(signer, recipient_store, [
        (bundle_format.MANIFEST, b"", "file"), (bundle_format.SIGNATURE, b"", "file"),
        (bundle_format.RECORDS, good.records, "file")], manifest)
