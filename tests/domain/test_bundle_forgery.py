"""A bundle is who it says it is: signed by the sender's own key, with the trusted comment
that names it, a sender fingerprint that is their keys', and a manifest that says how it
was encrypted. Each is broken alone here, the rest left exactly right, so that each check
has a test of its own."""

from __future__ import annotations

import json

import pytest

from caseworker.core.i18n import use_language
from caseworker.core.user_errors import AuthFailure
from caseworker.exchange.bundle_format import MANIFEST, RECORDS, SIGNATURE
from caseworker.exchange.bundle_import import apply_bundle, open_bundle, plan_import
from caseworker.exchange.install_keys import own_keys
from tests.support.bundle_helpers import forged, resealed, send, unpacked
from tests.support.case_factory import add_case, author, seed_draft
from tests.support.install_helpers import introduce, new_install
from tests.support.store_helpers import fingerprint as store_fingerprint

ONE_OFF = "copper meadow quietly harbour ninety"


@pytest.fixture
def office(tmp_path, template_store):
    """Aigerim's laptop, the office that knows her, a stranger to both, and a good bundle
    from Aigerim to the office."""
    stores = {name: new_install(template_store, tmp_path / name)
              for name in ("aigerim", "office", "stranger")}
    introduce({"aigerim": stores["aigerim"], "office": stores["office"]})
    add_case(stores["aigerim"], seed_draft("qalymbek-shahman"))
    good = unpacked(stores["office"], send(stores["aigerim"], "office", tmp_path))
    yield stores, good
    for store in stores.values():
        store.close()


def refused(store, data: bytes, says: str, passphrase: str | None = None) -> None:
    before = store_fingerprint(store)
    with pytest.raises(AuthFailure, match=says):
        opened = open_bundle(store, data, passphrase)
        plan_import(store, opened)
        apply_bundle(store, opened, author())
    assert store_fingerprint(store) == before


def members(good, records: bytes | None = None) -> list[tuple[str, bytes, str]]:
    return [(MANIFEST, b"", "file"), (SIGNATURE, b"", "file"),
            (RECORDS, good.records if records is None else records, "file")]


def test_the_untouched_bundle_resealed_imports(office):
    """The control for every test below: resealing alone breaks nothing."""
    stores, good = office
    sealed = resealed(stores["aigerim"], stores["office"], members(good),
                      json.loads(good.manifest))
    assert apply_bundle(stores["office"], open_bundle(stores["office"], sealed), author())


def test_a_manifest_signed_with_another_key_than_its_senders_is_refused(office):
    stores, good = office
    sealed = forged(stores["stranger"], stores["office"], good, json.loads(good.manifest))
    refused(stores["office"], sealed, "signature does not match")


def test_a_signature_whose_trusted_comment_names_another_bundle_is_refused(office):
    stores, good = office
    manifest = json.loads(good.manifest)
    other = f"caseworker bundle {manifest['bundle_id']} sequence {manifest['sequence'] + 1}"
    sealed = resealed(stores["aigerim"], stores["office"], members(good), manifest,
                      comment=other)
    refused(stores["office"], sealed, "belongs to another bundle")


def test_a_sender_fingerprint_that_is_not_of_the_senders_keys_is_refused(office):
    stores, good = office
    manifest = json.loads(good.manifest)
    with stores["stranger"].read() as session:
        manifest["sender"]["fingerprint"] = own_keys(session).fingerprint
    sealed = resealed(stores["aigerim"], stores["office"], members(good), manifest)
    refused(stores["office"], sealed, "fingerprint does not match")


def test_a_passphrase_bundle_whose_manifest_says_keys_is_refused(office):
    stores, good = office
    sealed = resealed(stores["aigerim"], stores["office"], members(good),
                      json.loads(good.manifest), passphrase=ONE_OFF)
    refused(stores["office"], sealed, "does not say how it was encrypted", ONE_OFF)


def test_a_bundle_to_keys_whose_manifest_says_passphrase_is_refused(office):
    stores, good = office
    manifest = json.loads(good.manifest)
    manifest["passphrase"] = True
    sealed = resealed(stores["aigerim"], stores["office"], members(good), manifest)
    refused(stores["office"], sealed, "does not say how it was encrypted")


FORGED = {"en": "The bundle's signature does not match: it was altered, or it is not "
                   "from who it claims.",
             "ru": "Подпись пакета не совпадает: пакет изменили, или он не от того, кем "
                   "назван отправитель.",
             "kk": "Пакеттің қолтаңбасы сәйкес емес: пакет өзгертілген немесе ол өзін кім деп "
                   "атаса, содан емес."}


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_a_forged_signature_is_refused_in_the_language_shown(office, language):
    stores, good = office
    sealed = forged(stores["stranger"], stores["office"], good, json.loads(good.manifest))
    use_language(language)
    refused(stores["office"], sealed, FORGED[language].replace(".", r"\."))
