"""Derived data (summaries, search indexes) is rebuilt when the code that computes it
changes. Each kind has a version in `meta`; opening a store rebuilds what is stale."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from caseworker.cases import summaries
from caseworker.matching import person_index as match_index
from caseworker.places import place_index
from caseworker.risk import urgency
from storage.meta_values import get_meta, set_meta
from storage.store import Store

# meta key -> (current version, or a function giving it; rebuild function)
REBUILDERS: dict[str, tuple[int | Callable[[], str], Callable[[Session], None]]] = {
    "derived.place_names": (place_index.INDEX_VERSION, place_index.rebuild_place_names),
    "derived.case_summaries": (summaries.SUMMARY_VERSION, summaries.rebuild_summaries),
    "derived.match_index": (match_index.INDEX_VERSION, match_index.rebuild_match_index),
    # After the summaries: urgency reads the places events were linked to.
    "derived.case_urgency": (urgency.urgency_version, urgency.rebuild_urgency),
}


def _version(kind: str) -> str:
    version = REBUILDERS[kind][0]
    return str(version() if callable(version) else version)


def bring_up_to_date(store: Store) -> list[str]:
    """Rebuild every stale kind of derived data, each in one transaction. Returns the kinds."""
    with store.read() as session:
        stale = [key for key in REBUILDERS if get_meta(session, key) != _version(key)]
    for key in stale:
        with store.write() as session:
            REBUILDERS[key][1](session)
            set_meta(session, key, _version(key))
    return stale
