"""What F1 says a desk is, above the keys of every desk screen."""

from __future__ import annotations

from caseworker.core.i18n import N_

DESK_ABOUT = N_(
    "This computer is an intake desk. Each intake is sealed for the office the moment it "
    "is saved: encrypted to the office only and written to the outbox folder. The desk "
    "keeps a receipt (number, time, volunteer, the visitor's reference) and nothing the "
    "visitor said; it cannot open what it sealed, and it has no list of cases.")


class AtTheDesk:
    """Mixed into each desk screen: the app's help shows `help_about` above the keys."""

    help_about = DESK_ABOUT
