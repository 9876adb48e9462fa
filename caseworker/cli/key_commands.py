"""`keys show | list | add-contact | remove`: public keys and contacts for bundles.

Handlers import the store's code when they run, so that building the parser stays fast."""

from __future__ import annotations

from caseworker.cli.arguments import Commands, actions, command, json_option
from caseworker.cli.output import print_json, print_lines
from caseworker.core.i18n import _


def register(commands: Commands) -> None:
    keys = actions(commands, "keys", _("this install's public keys, and the contacts bundles "
                   "are exchanged with"))
    json_option(command(keys, "show", show_keys,
                        _("this install's contact key and fingerprint, to give to others")))
    json_option(command(keys, "list", list_keys, _("the contacts, with fingerprints")))
    adding = command(keys, "add-contact", add_contact_key,
                     _("add a contact by the contact key they gave you (compare the fingerprint "
                     "with them by voice)"))
    adding.add_argument("name", metavar="NAME")
    adding.add_argument("pubkey", metavar="PUBKEY", help=_("their contact key: AGE:MINISIGN"))
    adding.add_argument("--escrow", action="store_true",
                        help=_("the office: every bundle is also encrypted to it"))
    removing = command(keys, "remove", remove_contact_key, _("remove a contact"))
    removing.add_argument("name", metavar="NAME")


def show_keys(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.exchange.install_keys import own_keys

    with unlocked_store(args, on_desk=True) as (store, _config), store.read() as session:
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
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.exchange.install_keys import list_contacts, missing_bundles, missing_text

    with unlocked_store(args, on_desk=True) as (store, _config), store.read() as session:
        missing = missing_bundles(session)
        rows = [{"name": c.name, "fingerprint": c.fingerprint, "escrow": c.escrow,
                 "age_recipient": c.age_recipient, "minisign_public_key": c.signing_key,
                 "added_at": c.added_at.isoformat(), "added_by": c.added_by,
                 "missing_bundles": missing.get(c.fingerprint, []),
                 "missing": missing_text(missing.get(c.fingerprint, []))}
                for c in list_contacts(session)]
    if args.json:
        print_json(rows)
    else:
        print_lines([f"{r['fingerprint']}  {r['name']}" + ("  (office escrow)" if r["escrow"]
                                                          else "")
                     + (f"  ({r['missing']})" if r["missing"] else "") for r in rows]
                    or ["No contacts yet: add one with 'caseworker keys add-contact'."])
    return 0


def add_contact_key(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.exchange.install_keys import add_contact

    with unlocked_store(args) as (store, config):
        contact = add_contact(store, args.name, args.pubkey, author(config), args.escrow)
    print_lines([f"Added {contact.name}, fingerprint {contact.fingerprint}.",
                 "Compare the fingerprint with them by voice before sending anything."])
    return 0


def remove_contact_key(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.exchange.install_keys import remove_contact

    with unlocked_store(args) as (store, _config):
        remove_contact(store, args.name)
    print_lines([f"Removed {' '.join(args.name.split())}."])
    return 0
