"""The office's inbox of intakes sealed at desks: each imported once, offered with the
persons on file who may be the same person, and decided as a new case or the same
person (docs/architecture.md §11)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from caseworker.core.user_errors import UserError
from caseworker.desk import inbox_import
from caseworker.desk.inbox_import import import_folder
from caseworker.desk.inbox_queue import accept, attach, intake_to_json, pending_intakes
from caseworker.exchange.erasure import purge, records_of_case
from caseworker.exchange.install_keys import add_contact
from caseworker.matching.match_decisions import decisions_about
from storage.tables import Case, InboxIntake, Revision
from tests.support.bundle_helpers import receive, send
from tests.support.case_factory import add_case, author, seed_draft, simple_draft
from tests.support.desk_helpers import desk_and_office
from tests.support.inbox_helpers import FERGANA_SPELLING, OTHERS, RFA_SPELLING, folder_of, seal
from tests.support.install_helpers import contact_key, new_install
from tests.support.store_helpers import fingerprint


@pytest.fixture
def installs(tmp_path, template_store):
    desk, office, outbox = desk_and_office(template_store, tmp_path / "installs")
    yield desk, office, outbox
    desk.close()
    office.close()


def _pending(office) -> list[dict]:
    with office.read() as session:
        return [intake_to_json(session, row) for row in pending_intakes(session)]


def _person(office, case_id: str) -> str:
    with office.read() as session:
        return session.exec(select(Case.person_id).where(Case.id == case_id)).one()


def test_a_person_on_file_in_another_spelling_is_offered_once_with_reasons(installs):
    desk, office, outbox = installs
    on_file = add_case(office, seed_draft("qalymbek-shahman"))  # RFA's spelling
    seal(desk, FERGANA_SPELLING)

    outcomes = import_folder(office, outbox, author())
    assert [o.outcome for o in outcomes] == ["imported"]
    [pending] = _pending(office)
    assert pending["intake"] == outcomes[0].case_id and pending["display_name"]
    [candidate] = pending["candidates"]
    assert candidate["case_id"] == on_file and candidate["score"] >= 75
    assert any(FERGANA_SPELLING in reason and RFA_SPELLING in reason
               for reason in candidate["reasons"]), candidate["reasons"]


def test_the_import_reports_each_file_as_it_starts_it(installs):
    desk, office, outbox = installs
    sealed = [seal(desk, name, minutes=n) for n, name in enumerate(OTHERS[:2])]
    (outbox / ".partial").write_bytes(b"a desk's temp file")
    heard = []
    import_folder(office, outbox, author(), progress=lambda *report: heard.append(report))
    names = sorted(s.path.name for s in sealed)
    assert heard == [(0, 2, names[0]), (1, 2, names[1])]


def test_a_candidate_purged_after_the_import_leaves_nothing_in_the_inbox(installs):
    desk, office, outbox = installs
    on_file = add_case(office, seed_draft("qalymbek-shahman"))
    seal(desk, FERGANA_SPELLING)
    import_folder(office, outbox, author())
    with office.read() as session:
        keys = records_of_case(session, on_file)
    purge(office, keys, author(), on_file)

    [pending] = _pending(office)
    assert pending["candidates"] == []
    assert RFA_SPELLING not in repr(fingerprint(office)["intake_inbox"])


def test_two_reports_of_one_person_are_offered_to_each_other_in_any_order(installs,
                                                                           tmp_path):
    desk, office, _ = installs
    first, second = seal(desk, RFA_SPELLING), seal(desk, FERGANA_SPELLING, "Dana")
    # The later one alone first, then both: the earlier is offered the later one too.
    import_folder(office, folder_of([second.path], tmp_path / "a"), author())
    import_folder(office, folder_of([first.path, second.path], tmp_path / "b"), author())
    pending = _pending(office)
    assert len(pending) == 2
    for row in pending:
        [candidate] = row["candidates"]
        assert candidate["case_id"] == next(r["intake"] for r in pending if r is not row)
        assert candidate["reasons"]


def test_ten_intakes_by_two_volunteers_arrive_with_their_authors(installs):
    desk, office, outbox = installs
    volunteers = {name: ("Aigerim" if n % 2 else "Dana") for n, name in enumerate(OTHERS)}
    for n, (name, volunteer) in enumerate(volunteers.items()):
        seal(desk, name, volunteer, minutes=n)

    outcomes = import_folder(office, outbox, author("office clerk"))
    assert [o.outcome for o in outcomes] == ["imported"] * 10
    pending = _pending(office)
    assert sorted(r["sequence"] for r in pending) == list(range(1, 11))
    assert [r["candidates"] for r in pending] == [[]] * 10  # ten different people
    with office.read() as session:
        for row in pending:
            authors = set(session.exec(select(Revision.author).where(
                Revision.case_id == row["intake"])))
            assert authors == {volunteers[row["display_name"]]} == {row["volunteer"]}


def test_any_order_and_any_number_of_runs_import_each_intake_once(installs, tmp_path):
    desk, office, outbox = installs
    sealed = [seal(desk, name, minutes=n) for n, name in enumerate(OTHERS[:4])]
    import_folder(office, folder_of([s.path for s in sealed[2:]], tmp_path / "late"),
                  author())
    import_folder(office, outbox, author())
    after_one_run = fingerprint(office)
    again = import_folder(office, outbox, author())
    assert [o.outcome for o in again] == ["already"] * 4
    assert fingerprint(office) == after_one_run
    with office.read() as session:
        rows = session.exec(select(InboxIntake)).all()
        cases = session.exec(select(Case.id)).all()
    assert sorted(r.sequence for r in rows) == [1, 2, 3, 4]
    assert sorted(cases) == sorted(r.case_id for r in rows)


def test_an_import_cut_off_before_its_inbox_row_is_finished_by_the_next_run(installs,
                                                                            monkeypatch):
    desk, office, outbox = installs
    seal(desk, OTHERS[0])

    def cut_off(*_args):
        raise KeyboardInterrupt  # as if killed once the case was imported

    monkeypatch.setattr(inbox_import, "_inbox_row", cut_off)
    with pytest.raises(KeyboardInterrupt):
        import_folder(office, outbox, author())
    monkeypatch.undo()
    [outcome] = import_folder(office, outbox, author())
    assert outcome.outcome == "imported"
    with office.read() as session:
        assert session.exec(select(Case.id)).all() == [outcome.case_id]
        assert session.exec(select(InboxIntake.case_id)).all() == [outcome.case_id]


def test_a_tampered_or_foreign_file_is_refused_and_changes_nothing(installs, tmp_path,
                                                                   template_store):
    desk, office, _ = installs
    good = seal(desk, OTHERS[0]).path
    tampered = bytearray(good.read_bytes())
    tampered[len(tampered) // 2] ^= 0x01
    folder = tmp_path / "arrived"
    folder.mkdir()
    (folder / good.name).write_bytes(bytes(tampered))
    (folder / "notes.txt").write_text("not a bundle")
    stranger = new_install(template_store, tmp_path / "stranger")  # not a contact
    colleague = new_install(template_store, tmp_path / "colleague")
    add_contact(office, "colleague", contact_key(colleague), author())
    for sender, names in ((stranger, ["Kaster Musakhanuly"]),
                          (colleague, ["Murager Alimuly", "Kaisha Akan"])):
        add_contact(sender, "office", contact_key(office), author())
        for name in names:
            add_case(sender, simple_draft(name))
        send(sender, "office", folder).rename(folder / f"from-{len(names)}.cwb")
        sender.close()
    before = fingerprint(office)

    outcomes = {o.file: o for o in import_folder(office, folder, author())}
    assert {o.outcome for o in outcomes.values()} == {"refused"} and len(outcomes) == 4
    assert "damaged or altered" in outcomes[good.name].reason
    assert "not a bundle" in outcomes["notes.txt"].reason
    assert "not among your contacts" in outcomes["from-1.cwb"].reason
    assert "keys add-contact" in outcomes["from-1.cwb"].reason
    assert "2 cases" in outcomes["from-2.cwb"].reason
    assert fingerprint(office) == before


def test_a_bundle_of_an_intake_case_from_a_colleague_is_left_to_bundle_import(
        installs, tmp_path, template_store):
    desk, office, outbox = installs
    seal(desk, OTHERS[0])
    [outcome] = import_folder(office, outbox, author())
    colleague = new_install(template_store, tmp_path / "colleague")
    add_contact(office, "colleague", contact_key(colleague), author())
    add_contact(colleague, "office", contact_key(office), author())
    add_contact(colleague, "front desk", contact_key(desk), author())
    receive(colleague, send(office, "colleague", tmp_path, cases=[outcome.case_id]))
    folder = tmp_path / "back"
    folder.mkdir()
    send(colleague, "office", folder, cases=[outcome.case_id])
    colleague.close()
    before = fingerprint(office)
    [refused] = import_folder(office, folder, author())
    assert refused.outcome == "refused" and "already in the inbox" in refused.reason
    assert fingerprint(office) == before


def test_accept_records_the_candidates_as_different_persons(installs):
    desk, office, outbox = installs
    on_file = add_case(office, seed_draft("qalymbek-shahman"))
    seal(desk, FERGANA_SPELLING)
    [outcome] = import_folder(office, outbox, author())

    accept(office, outcome.case_id[:8], author("Saule"))
    with office.read() as session:
        decided = decisions_about(session, _person(office, outcome.case_id))
        row = session.get(InboxIntake, outcome.case_id)
    assert {p: d.decision for p, d in decided.items()} == {_person(office, on_file):
                                                           "different"}
    assert decided[_person(office, on_file)].changed_by == "Saule"
    assert row.state == "accepted" and row.decided_by == "Saule" and _pending(office) == []
    with pytest.raises(UserError, match="accepted already"):
        accept(office, outcome.case_id, author())


def test_attach_records_the_same_person_and_keeps_the_intake_case(installs):
    desk, office, outbox = installs
    on_file = add_case(office, seed_draft("qalymbek-shahman"))
    seal(desk, FERGANA_SPELLING)
    [outcome] = import_folder(office, outbox, author())

    row = attach(office, outcome.case_id, on_file[:8], author("Saule"))
    assert row.state == "attached" and row.same_as == on_file
    with office.read() as session:
        decided = decisions_about(session, _person(office, on_file))
        assert session.get(Case, outcome.case_id) is not None
    same = decided[_person(office, outcome.case_id)]
    assert same.decision == "same" and same.changed_by == "Saule"


def test_a_decision_about_no_such_intake_or_case_changes_nothing(installs):
    desk, office, outbox = installs
    seal(desk, OTHERS[0])
    [outcome] = import_folder(office, outbox, author())
    before = fingerprint(office)
    for call, words in [(lambda: accept(office, "abc", author()), "INTAKE"),
                        (lambda: accept(office, "ffffffff", author()), "INTAKE"),
                        # a LIKE wildcard is no id: it matched the one intake there is
                        (lambda: accept(office, "%%%%%%", author()), "INTAKE"),
                        (lambda: attach(office, outcome.case_id, "ffffffff", author()), "CASE"),
                        (lambda: attach(office, outcome.case_id, outcome.case_id, author()),
                         "own case")]:
        with pytest.raises(UserError, match=words):
            call()
    assert fingerprint(office) == before
    assert json.loads(json.dumps(_pending(office)))[0]["intake"] == outcome.case_id


def _colleague(office, tmp_path, template_store):
    """A caseworker's install the office trusts: a contact like a desk, whose laptop
    may be seized with its passphrase."""
    colleague = new_install(template_store, tmp_path / "colleague")
    add_contact(office, "colleague", contact_key(colleague), author())
    add_contact(colleague, "office", contact_key(office), author())
    return colleague


def test_a_contact_cannot_change_a_case_on_file_through_the_inbox(installs, tmp_path,
                                                                  template_store):
    """The inbox takes bundles without a preview: a one-case bundle that edits a case the
    office holds is not a sealed intake, whoever signed it."""
    _, office, _ = installs
    case_id = add_case(office, simple_draft("Yerzhanat Abai"))
    colleague = _colleague(office, tmp_path, template_store)
    receive(colleague, send(office, "colleague", tmp_path, cases=[case_id]))
    from caseworker.cases import case_write

    case_write.add_note(colleague, case_id, "moved to another cell", author())
    folder = tmp_path / "forged"
    folder.mkdir()
    send(colleague, "office", folder, cases=[case_id])
    colleague.close()
    before = fingerprint(office)
    [refused] = import_folder(office, folder, author())
    assert refused.outcome == "refused" and "already on file" in refused.reason
    assert fingerprint(office) == before and not _pending(office)


def test_a_contact_cannot_erase_records_through_the_inbox(installs, tmp_path,
                                                          template_store):
    _, office, _ = installs
    colleague = _colleague(office, tmp_path, template_store)
    case_id = add_case(colleague, seed_draft("qalymbek-shahman"))
    with colleague.read() as session:
        event = next(r for t, r in records_of_case(session, case_id) if t == "events")
        keys = records_of_case(session, case_id, "event", event)
    purge(colleague, keys, author(), case_id)  # an event erased from its own new case
    folder = tmp_path / "erasing"
    folder.mkdir()
    send(colleague, "office", folder, cases=[case_id])
    colleague.close()
    before = fingerprint(office)
    [refused] = import_folder(office, folder, author())
    assert refused.outcome == "refused" and "erases records" in refused.reason
    assert fingerprint(office) == before
