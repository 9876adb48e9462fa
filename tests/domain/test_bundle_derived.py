"""What an import derives from a bundle (summaries, urgency, the person match index) in one
pass over all its cases is what the sender derived saving them one at a time."""

from __future__ import annotations

import pytest

from tests.support.bundle_helpers import receive, send
from tests.support.case_factory import add_case, seed_draft, simple_draft
from tests.support.install_helpers import introduce, new_install

# Per table: the query giving its rows without what says when or in which order they were
# written on one install (assessed_at, the summaries' rowid, match_people's numbers).
DERIVED = {
    "case_summaries": "SELECT case_id, status, situation, display_name, place, place_id, "
                      "search_text, updated_at FROM case_summaries",
    "case_urgency": "SELECT case_id, is_open, case_updated_at, level_rank, score, "
                    "critical_from, next_due, next_item_id, next_action, next_verified, gaps, "
                    "rules_version FROM case_urgency",
    "match_people": "SELECT person_id, case_id, display_name, profile FROM match_people",
    "match_keys": "SELECT p.person_id, k.key FROM match_keys k "
                  "JOIN match_people p ON p.num = k.num",
    "match_key_counts": "SELECT key, count FROM match_key_counts",
}


def _derived(store) -> dict[str, list[tuple]]:
    with store.engine.connect() as connection:
        # The full-text index holds what the summaries say (its text is theirs).
        connection.exec_driver_sql(
            "INSERT INTO case_search (case_search) VALUES ('integrity-check')")
        return {table: sorted(tuple(row) for row in connection.exec_driver_sql(query))
                for table, query in DERIVED.items()}


@pytest.fixture
def pair(tmp_path, template_store):
    stores = {name: new_install(template_store, tmp_path / name)
              for name in ("aigerim", "office")}
    introduce(stores)
    yield stores
    for store in stores.values():
        store.close()


def test_an_import_derives_what_saving_each_case_did(pair, tmp_path) -> None:
    sender, office = pair["aigerim"], pair["office"]
    for name in ("qalymbek-shahman", "yerzhanat-abai"):
        add_case(sender, seed_draft(name))
    for names in (("Nurlan Bekov", "Нұрлан Беков"), ("Nurlan Bekov",), ("努尔兰 别克",),
                  ("Aigerim Omarova",)):
        add_case(sender, simple_draft(*names, birth="1990"))
    plan = receive(office, send(sender, "office", tmp_path))
    assert len(plan.cases("added")) == 6
    derived = _derived(office)
    assert all(derived[table] for table in DERIVED)
    assert derived == _derived(sender)
