"""Every operation the crash tests interrupt, by name."""

from __future__ import annotations

from tests.support.crash_desk import SealIntake
from tests.support.crash_inbox import InboxImport
from tests.support.crash_operations import (
    AddEvent,
    BundleImport,
    GazetteerUpgrade,
    Migration,
    PassphraseChange,
    Purge,
    Rekey,
    Save,
)

OPERATIONS = {operation.name: operation for operation in (
    Save(), AddEvent(), GazetteerUpgrade(), Migration(), PassphraseChange(), Rekey(),
    Purge(), BundleImport(), SealIntake(), InboxImport())}
