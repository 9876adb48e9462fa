"""Who a bundle is encrypted to: the contacts chosen, the office's escrow key beside them,
and no one else; a one-off bundle to a passphrase is readable by the passphrase alone."""

from __future__ import annotations

import json

import pytest

from caseworker.exchange import bundle_format
from caseworker.exchange.bundle_export import export_bundle
from caseworker.exchange.bundle_manifest import parse_manifest
from caseworker.exchange.install_keys import add_contact, own_keys
from tests.support.bundle_helpers import unpacked
from tests.support.case_factory import add_case, author, seed_draft
from tests.support.install_helpers import contact_key, new_install

ONE_OFF = "copper meadow quietly harbour ninety"


@pytest.fixture
def laptop(tmp_path, template_store):
    """A laptop with a case, its office as escrow contact and a colleague as a plain one."""
    stores = {name: new_install(template_store, tmp_path / name)
              for name in ("laptop", "office", "colleague")}
    add_contact(stores["laptop"], "office", contact_key(stores["office"]), author(),
                escrow=True)
    add_contact(stores["laptop"], "colleague", contact_key(stores["colleague"]), author())
    add_case(stores["laptop"], seed_draft("qalymbek-shahman"))
    yield stores
    for store in stores.values():
        store.close()


def fingerprint_of(store) -> str:
    with store.read() as session:
        return own_keys(session).fingerprint


def test_a_bundle_to_a_colleague_is_also_for_the_office_and_for_no_one_else(laptop, tmp_path):
    out = tmp_path / "to-colleague.cwb"
    exported = export_bundle(laptop["laptop"], out, author(), to=["colleague"])
    assert sorted(exported.recipients) == ["colleague", "office"]
    manifest = parse_manifest(unpacked(laptop["colleague"], out).manifest)
    assert set(manifest.recipients) == {fingerprint_of(laptop[n])
                                        for n in ("laptop", "colleague", "office")}


def test_a_bundle_to_the_office_does_not_go_to_the_colleague(laptop, tmp_path):
    out = tmp_path / "to-office.cwb"
    assert export_bundle(laptop["laptop"], out, author(), to=["office"]).recipients == (
        "office",)


def test_a_passphrase_bundle_is_for_the_passphrase_only(laptop, tmp_path):
    out = tmp_path / "one-off.cwb"
    exported = export_bundle(laptop["laptop"], out, author(), passphrase=ONE_OFF)
    assert exported.recipients == ()
    plain = bundle_format.open_with_passphrase(out.read_bytes(), ONE_OFF)
    manifest = json.loads(bundle_format.unpack(plain).manifest)
    assert manifest["passphrase"] is True and manifest["recipients"] == []
