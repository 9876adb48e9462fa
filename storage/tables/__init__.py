"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from storage.tables.bundles import BundleLog, Conflict
from storage.tables.cases import Case, CaseSource, Event, Note, Source
from storage.tables.checklist import ChecklistItem
from storage.tables.derived import CaseSummary
from storage.tables.desk import DeskReceipt
from storage.tables.evidence import EvidenceFile, FileContent
from storage.tables.install_meta import Meta
from storage.tables.intake_inbox import InboxIntake
from storage.tables.keys import KeyContact
from storage.tables.matching import MatchDecision, MatchKey, MatchKeyCount, MatchPerson
from storage.tables.people import Contact, Document, NameForm, Person, Relative
from storage.tables.places import Place, PlaceName
from storage.tables.purges import PurgedRecord, Redaction
from storage.tables.revisions import (
    GrantStatement,
    RecordHead,
    Revision,
    ScopeGrant,
    SignedBatch,
)
from storage.tables.risk import CaseUrgency, RiskAnswer

__all__ = [
    "BundleLog",
    "Case",
    "CaseSource",
    "CaseSummary",
    "CaseUrgency",
    "ChecklistItem",
    "Conflict",
    "Contact",
    "DeskReceipt",
    "Document",
    "Event",
    "EvidenceFile",
    "FileContent",
    "GrantStatement",
    "InboxIntake",
    "KeyContact",
    "MatchDecision",
    "MatchKey",
    "MatchKeyCount",
    "MatchPerson",
    "Meta",
    "NameForm",
    "Note",
    "Person",
    "Place",
    "PlaceName",
    "PurgedRecord",
    "RecordHead",
    "Redaction",
    "Relative",
    "Revision",
    "RiskAnswer",
    "ScopeGrant",
    "SignedBatch",
    "Source",
]
