"""`keys show | list | add-contact | remove`: public keys and contacts for bundles."""

from __future__ import annotations

from caseworker.cli.output import print_json, print_lines
from caseworker.cli.unlocked import author, unlocked_store
from caseworker.exchange.install_keys import add_contact, list_contacts, own_keys, remove_contact


def show(args) -> int:
    with unlocked_store(args) as (store, _), store.read() as session:
        keys = own_keys(session)
        data = {"contact_key": keys.contact_key, "age_recipient": keys.age_recipient,
                "minisign_public_key": keys.signing_public, "fingerprint": keys.fingerprint}
    if args.json:
        print_json(data)
    else:
        print_lines([f"Fingerprint: {data['fingerprint']}  (read it to your contact)",
                     "Contact key (give this line to your contacts):", data["contact_key"]])
    return 0


def list_keys(args) -> int:
    with unlocked_store(args) as (store, _), store.read() as session:
        rows = [{"name": c.name, "fingerprint": c.fingerprint, "escrow": c.escrow,
                 "age_recipient": c.age_recipient, "minisign_public_key": c.signing_key,
                 "added_at": c.added_at.isoformat(), "added_by": c.added_by}
                for c in list_contacts(session)]
    if args.json:
        print_json(rows)
    else:
        print_lines([f"{r['fingerprint']}  {r['name']}" + ("  (office escrow)" if r["escrow"]
                                                          else "") for r in rows]
                    or ["No contacts yet: add one with 'caseworker keys add-contact'."])
    return 0


def add(args) -> int:
    with unlocked_store(args) as (store, config):
        contact = add_contact(store, args.name, args.pubkey, author(config), args.escrow)
    print_lines([f"Added {contact.name}, fingerprint {contact.fingerprint}.",
                 "Compare the fingerprint with them by voice before sending anything."])
    return 0


def remove(args) -> int:
    with unlocked_store(args) as (store, _):
        remove_contact(store, args.name)
    print_lines([f"Removed {' '.join(args.name.split())}."])
    return 0
