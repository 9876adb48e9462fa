"""Case summaries: the one row per case that lists and the dashboard read.

Every change to a case refreshes its summary in the same transaction; a new version of
this module (SUMMARY_VERSION) rebuilds them all when a store is opened.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import delete, text
from sqlmodel import Session, col, select

from caseworker.core import vocab
from caseworker.names.text_folding import searchable
from caseworker.names.writing_systems import display_name
from storage.columns import format_utc
from storage.tables import Case, CaseSummary, Event, NameForm, Place
from storage.tables.base import table_of

SUMMARY_VERSION = 6
def refresh_summaries(session: Session, case_ids: Iterable[str]) -> None:
    case_ids = list(case_ids)
    if not case_ids:
        return
    # The full-text index has no copy of the text: tell it what it indexed before.
    old = session.execute(select(text("rowid"), CaseSummary.search_text)
                          .where(col(CaseSummary.case_id).in_(case_ids))).all()
    for rowid, search_text in old:
        session.execute(text("INSERT INTO case_search (case_search, rowid, search_text) "
                             "VALUES ('delete', :rowid, :search_text)"),
                        {"rowid": rowid, "search_text": search_text})
    session.execute(delete(CaseSummary).where(col(CaseSummary.case_id).in_(case_ids)))
    cases = table_of(Case)
    rows = _insert(session, _CASES.where(cases.c.id.in_(case_ids))
                   .order_by(cases.c.updated_at))
    if rows:
        session.connection().exec_driver_sql(
            "INSERT INTO case_search (rowid, search_text) VALUES (?, ?)",
            [(row["rowid"], row["search_text"]) for row in rows])


def rebuild_summaries(session: Session) -> None:
    session.execute(delete(CaseSummary))
    _insert(session, _CASES.order_by(table_of(Case).c.updated_at))
    session.execute(text("INSERT INTO case_search (case_search) VALUES ('rebuild')"))


# The columns a summary is made of, read as plain rows: building ten thousand ORM objects
# for an import cost more than the summaries themselves.
_CASES = select(*(table_of(Case).c[name]
                  for name in ("id", "person_id", "status", "situation", "updated_at")))


def _insert(session: Session, cases_query) -> list[dict]:
    cases = session.execute(cases_query).all()
    person_ids = {case.person_id for case in cases}
    forms: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for person_id, name_text, script in session.execute(
        select(NameForm.person_id, NameForm.text, NameForm.script)
        .where(col(NameForm.person_id).in_(person_ids))
        .order_by(col(NameForm.created_at))
    ):
        forms[person_id].append((name_text, script))
    places = _last_places(session, [case.id for case in cases])
    # Each summary written gets a lower rowid than any before it, so ascending rowid is
    # "latest change first": the order the cases filter walks its index in (SQLite's
    # full-text index is fast forwards and slow backwards over prefix matches).
    lowest = session.execute(
        text("SELECT coalesce(min(rowid), 0) FROM case_summaries")).scalar_one()
    rows = []
    for offset, case in enumerate(cases, start=1):
        names = forms[case.person_id]
        place, place_id = places.get(case.id, ("", None))
        rows.append({
            "rowid": lowest - offset,
            "case_id": case.id,
            "status": case.status,
            "situation": case.situation,
            "display_name": display_name(names),
            "place": place,
            "place_id": place_id,
            "search_text": searchable(*(name for name, _ in names), place,
                                      vocab.SITUATIONS.get(case.situation, ""), case.status),
            "updated_at": case.updated_at,
        })
    for row in rows:
        row["updated_at"] = format_utc(row["updated_at"])
    # Straight to the driver: an import refreshes ten thousand summaries at once.
    statement = (f"INSERT INTO case_summaries ({', '.join(_COLUMNS)}) "
                 f"VALUES ({', '.join('?' * len(_COLUMNS))})")
    values = [tuple(row[name] for name in _COLUMNS) for row in rows]
    for start in range(0, len(values), 5000):
        session.connection().exec_driver_sql(statement, values[start:start + 5000])
    return rows


_COLUMNS = ("rowid", "case_id", "status", "situation", "display_name", "place", "place_id",
            "search_text", "updated_at")


def _last_places(session: Session, case_ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """The place of each case's latest event that names one: the gazetteer's short name
    and id when the event is linked to a place, else the text as written."""
    places: dict[str, tuple[str, str | None]] = {}
    statement = (select(Event.case_id, Event.location_text, Event.location_id, Place.short_name)
                 .outerjoin(Place, col(Place.id) == Event.location_id)
                 .where(col(Event.case_id).in_(case_ids),
                        (col(Event.location_text) != "") | col(Event.location_id).is_not(None))
                 .order_by(col(Event.at)))
    for case_id, written, place_id, short_name in session.execute(statement):
        # later events overwrite earlier ones
        places[case_id] = (short_name, place_id) if short_name else (written, None)
    return places
