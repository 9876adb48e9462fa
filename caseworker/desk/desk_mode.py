"""Whether this install is an intake desk, where its sealed intakes go, and making one
(docs/architecture.md §11).

The mode is a row of `meta`; the office and the caseworkers it names are contacts. A
command that would read cases asks `refuse_on_desk` first and is answered with one
sentence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from caseworker.core.authoring import Author
from caseworker.core.user_errors import UserError
from caseworker.exchange.install_keys import fingerprint, own_keys, parse_contact_key
from storage.meta_values import get_meta, set_meta
from storage.store import Store
from storage.tables import KeyContact

MODE_KEY = "desk.mode"
OUTBOX_KEY = "desk.outbox"
DESK = "desk"
OFFICE_NAME = "office"


class DeskRefusal(UserError):
    """A command this kind of install does not offer (exit code 2, nothing read)."""


@dataclass(frozen=True)
class DeskSettings:
    outbox: Path


def is_desk(session: Session) -> bool:
    return get_meta(session, MODE_KEY) == DESK


def desk_settings(session: Session) -> DeskSettings:
    """The desk's settings; refused on an install that is not a desk."""
    outbox = get_meta(session, OUTBOX_KEY)
    if not is_desk(session) or outbox is None:
        raise DeskRefusal("This install is not an intake desk; intakes and receipts exist "
                          "only on a desk set up with 'caseworker init --desk'.")
    return DeskSettings(Path(outbox))


def refuse_on_desk(session: Session, command: str) -> None:
    if is_desk(session):
        raise DeskRefusal(f"This is an intake desk, which keeps no cases: '{command}' is not "
                          "available here; intakes are sealed for the office.")


def check_outbox(outbox: Path) -> Path:
    """The outbox as an absolute folder that exists, or one sentence naming the option."""
    folder = outbox.expanduser().absolute()
    if not folder.is_dir():
        raise UserError(f"--outbox: the folder {folder} does not exist.")
    return folder


def parse_desk_keys(office_key: str,
                    caseworker_keys: tuple[str, ...]) -> list[tuple[str, str]]:
    """(age recipient, signing key) of the office, then of each caseworker, or one
    sentence naming the option that is wrong."""
    keys = [("--office", office_key)] + [("--caseworker", k) for k in caseworker_keys]
    parsed = []
    for option, text in keys:
        try:
            parsed.append(parse_contact_key(text))
        except UserError as exc:
            raise UserError(f"{option}: {exc}") from None
    if len({recipient for recipient, _ in parsed}) != len(parsed):
        raise UserError("--caseworker: the same key is given twice.")
    return parsed


def make_desk(store: Store, office_key: str, outbox: Path, author: Author,
              caseworker_keys: tuple[str, ...] = ()) -> None:
    """Turn a new, empty store into a desk: the mode, the outbox and the contacts sealed
    intakes are encrypted to, in one transaction. `office_key` is the office's contact
    key; `caseworker_keys` those of the caseworkers the office names."""
    folder = check_outbox(outbox)
    parsed = parse_desk_keys(office_key, caseworker_keys)
    with store.write() as session:
        if get_meta(session, MODE_KEY) is not None or session.exec(select(KeyContact)).first():
            raise UserError("Only a new store can become an intake desk.")
        own = own_keys(session).age_recipient
        for number, (recipient, signing) in enumerate(parsed):
            if recipient == own:
                raise UserError("--office: that is this desk's own key.")
            session.add(KeyContact(
                name=OFFICE_NAME if number == 0 else f"caseworker {number}",
                age_recipient=recipient, signing_key=signing,
                fingerprint=fingerprint(recipient, signing), escrow=number == 0,
                added_at=author.now, added_by=author.name))
        set_meta(session, OUTBOX_KEY, str(folder))
        set_meta(session, MODE_KEY, DESK)
