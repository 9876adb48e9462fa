"""Derived data (summaries, search indexes) is rebuilt when the code that computes it
changes. Each kind has a version in `meta`; opening a store rebuilds what is stale."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from caseworker import match_index, place_index, summaries
from storage.meta import get_meta, set_meta
from storage.store import Store
from storage.tables import Meta

# meta key -> (current version, rebuild function)
REBUILDERS: dict[str, tuple[int, Callable[[Session], None]]] = {
    "derived.place_names": (place_index.INDEX_VERSION, place_index.rebuild_place_names),
    "derived.case_summaries": (summaries.SUMMARY_VERSION, summaries.rebuild_summaries),
    "derived.match_index": (match_index.INDEX_VERSION, match_index.rebuild_match_index),
}


def forget_versions(session: Session, *kinds: str) -> None:
    """Mark these kinds of derived data stale: the next bring_up_to_date rebuilds them."""
    for kind in kinds:
        if kind not in REBUILDERS:
            raise KeyError(f"no derived data called {kind!r}")
        row = session.get(Meta, kind)
        if row is not None:
            session.delete(row)


def bring_up_to_date(store: Store) -> list[str]:
    """Rebuild every stale kind of derived data, each in one transaction. Returns the kinds."""
    with store.read() as session:
        stale = [key for key, (version, _) in REBUILDERS.items()
                 if get_meta(session, key) != str(version)]
    for key in stale:
        version, rebuild = REBUILDERS[key]
        with store.write() as session:
            rebuild(session)
            set_meta(session, key, str(version))
    return stale
