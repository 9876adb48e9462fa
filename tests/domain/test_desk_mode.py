"""Making an intake desk and what it refuses (docs/architecture.md §11)."""

from __future__ import annotations

import pytest

from caseworker.core.user_errors import UserError
from caseworker.desk.desk_mode import (
    DeskRefusal,
    desk_settings,
    is_desk,
    make_desk,
    refuse_on_desk,
)
from caseworker.exchange.install_keys import list_contacts
from tests.support.case_factory import author
from tests.support.install_helpers import contact_key, new_install
from tests.support.store_helpers import fingerprint


@pytest.fixture
def office(tmp_path, template_store):
    store = new_install(template_store, tmp_path / "office")
    yield store
    store.close()


def test_a_desk_records_its_mode_outbox_and_recipients(store, office, tmp_path,
                                                       template_store):
    caseworker = new_install(template_store, tmp_path / "caseworker")
    make_desk(store, contact_key(office), tmp_path, author(), (contact_key(caseworker),))
    caseworker.close()
    with store.read() as session:
        assert is_desk(session) and desk_settings(session).outbox == tmp_path
        contacts = [(c.name, c.escrow) for c in list_contacts(session)]
        with pytest.raises(DeskRefusal, match="'case list' is not available"):
            refuse_on_desk(session, "case list")
    assert contacts == [("caseworker 1", False), ("office", True)]


def test_an_ordinary_install_refuses_nothing_and_has_no_desk(store):
    with store.read() as session:
        assert not is_desk(session)
        refuse_on_desk(session, "case list")
        with pytest.raises(DeskRefusal, match="not an intake desk"):
            desk_settings(session)


@pytest.mark.parametrize(("keys", "outbox", "words"), [
    (("age1nope", ()), "here", "--office: A contact key"),
    ((None, ("age1nope",)), "here", "--caseworker: A contact key"),
    ((None, (None,)), "here", "twice"),
    ((None, ()), "missing", "--outbox: the folder"),
    (("own", ()), "here", "this desk's own key"),
])
def test_bad_desk_settings_are_one_sentence_and_write_nothing(store, office, tmp_path, keys,
                                                              outbox, words):
    own = contact_key(store)
    given = {None: contact_key(office), "own": own}
    office_key = given.get(keys[0], keys[0])
    caseworkers = tuple(given.get(k, k) for k in keys[1])
    before = fingerprint(store)
    folder = tmp_path if outbox == "here" else tmp_path / "missing"
    with pytest.raises(UserError, match=words):
        make_desk(store, office_key, folder, author(), caseworkers)
    assert fingerprint(store) == before


def test_only_a_new_store_becomes_a_desk(store, office, tmp_path):
    make_desk(store, contact_key(office), tmp_path, author())
    with pytest.raises(UserError, match="Only a new store"):
        make_desk(store, contact_key(office), tmp_path, author())
