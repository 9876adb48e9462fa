"""`file add | list | export | purge`: evidence files kept on a case, inside the store
(docs/architecture.md §13).

Handlers import the store's code when they run, so that building the parser stays fast."""

from __future__ import annotations

import sys
from pathlib import Path

from caseworker.cli.arguments import Commands, actions, command, json_option
from caseworker.cli.output import confirm, print_json, print_lines, show_progress
from caseworker.core.file_input import read_capped
from caseworker.core.i18n import _
from caseworker.core.user_errors import UserError
from caseworker.evidence.media_types import size_text

MAX_NOTE_FILE = 400_000  # bytes: the longest note a form takes, in any script


def register(commands: Commands) -> None:
    files = actions(commands, "file", _("photos, scans, recordings kept on a case, encrypted "
                                      "in the store"))
    add = command(files, "add", add_file, _("keep a file on a case: read into the store, with "
                                          "its SHA-256, who added it and when"))
    add.add_argument("case", metavar="CASE", help=_("the case: its id, the start of it, or a "
                                                  "name that finds one case"))
    add.add_argument("path", metavar="PATH", help=_("the file to keep"))
    about = add.add_mutually_exclusive_group()
    about.add_argument("--event", metavar="ID", help=_("the event of the case it shows"))
    about.add_argument("--source", metavar="ID", help=_("the source of the case it came with"))
    add.add_argument("--note-file", metavar="F", help=_("a text file whose words go with it"))
    json_option(add)
    listing = command(files, "list", list_files, _("a case's files and their chain of custody"))
    listing.add_argument("case", metavar="CASE", help=_("the case: its id, the start of it, or "
                                                      "a name that finds one case"))
    json_option(listing)
    export = command(files, "export", export_file, _("write a file's original out, checked "
                                                   "against its SHA-256"))
    export.add_argument("file", metavar="FILE_ID", help=_("the file's id, or its first six or "
                                                        "more characters"))
    export.add_argument("--out", required=True, metavar="PATH", help=_("the new file to write"))
    export.add_argument("--clean", action="store_true",
                        help=_("a copy to publish: a JPEG's or PNG's metadata (GPS position, "
                             "phone, time) removed, the picture unchanged"))
    json_option(export)
    purge = command(files, "purge", purge_file, _("erase a file here and, through bundles, "
                                                "wherever its record went"))
    purge.add_argument("file", metavar="FILE_ID", help=_("the file's id, or its first six or "
                                                       "more characters"))
    purge.add_argument("--yes", action="store_true", help=_("do not ask to confirm"))
    json_option(purge)


def add_file(args) -> int:
    # deferred: loads the database code
    from caseworker.cases.case_read import resolve_case_id
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.evidence.attaching import attach_file

    note = _note(Path(args.note_file)) if args.note_file else ""
    with unlocked_store(args) as (store, config):
        with store.read() as session:
            case_id = resolve_case_id(session, args.case)
        added = attach_file(store, case_id, Path(args.path), author(config), args.event,
                            args.source, note, _progress("Reading"))
    _end_progress()
    if args.json:
        print_json({"id": added.id, "case_id": case_id, "name": added.name,
                    "media_type": added.media_type, "size": added.size,
                    "sha256": added.sha256, "already_held": added.already_held})
    else:
        print_lines([f"Kept {added.name} ({size_text(added.size)}, {added.media_type}) on case "
                     f"{case_id[:8]} as file {added.id[:8]}; SHA-256 {added.sha256}.",
                     *(["The same bytes were in the store already: they are kept once."]
                       if added.already_held else [])])
    return 0


def list_files(args) -> int:
    # deferred: loads the database code
    from caseworker.cases.case_read import resolve_case_id
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.evidence.file_records import file_to_json, files_of_case

    with unlocked_store(args) as (store, _config), store.read() as session:
        case_id = resolve_case_id(session, args.case)
        rows = [file_to_json(info) for info in files_of_case(session, case_id)]
    if args.json:
        print_json(rows)
        return 0
    lines = []
    for row in rows:
        here = "" if row["contents_here"] else "  (record only: contents not on this install)"
        lines += [f"{row['id'][:8]}  {row['name']}  {size_text(row['size'])}  {row['media_type']}"
                  f"{here}",
                  f"    added by {row['added_by']} at {row['added_at'][:16].replace('T', ' ')}"
                  f" UTC; SHA-256 {row['sha256']}"]
    print_lines(lines or ["The case has no files."])
    return 0


def export_file(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.evidence.exporting import export_file as write_out

    with unlocked_store(args) as (store, _config):
        done = write_out(store, args.file, Path(args.out), _progress("Writing"), args.clean)
    _end_progress()
    if args.json:
        print_json({"file": str(done.path), "size": done.size, "sha256": done.sha256,
                    "removed": list(done.removed)})
    else:
        print_lines([f"Wrote {done.path.name} ({size_text(done.size)}); the original's SHA-256 "
                     "matches the one recorded when it was added.",
                     *([("Removed: " + ", ".join(done.removed) + ".") if done.removed
                        else "The photo held no metadata to remove."] if args.clean
                       else [])])
    sys.stderr.write("This copy is outside the encrypted store: delete it when it has "
                     "served.\n")
    return 0


def purge_file(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import author, unlocked_store
    from caseworker.evidence.file_records import find_file
    from caseworker.evidence.purging import purge_file as purge

    with unlocked_store(args) as (store, config):
        with store.read() as session:
            record = find_file(session, args.file).record
        if not args.yes:
            confirm(f"Erase file {record.id[:8]} of case {record.case_id[:8]}, its contents "
                    "and every revision of its record, here and wherever bundles take it? "
                    "This cannot be undone.",
                    "a purge cannot be undone: pass --yes to confirm.", "nothing was purged.")
        done = purge(store, record.id, author(config))
    if args.json:
        print_json({"file": record.id, "redaction": done.redaction})
    else:
        sys.stderr.write("Purged. The history keeps only that a file was purged, by whom and "
                         "when; the next bundle carries the purge to the office and "
                         "contacts.\n")
    return 0


def _note(path: Path) -> str:
    try:
        return read_capped(path, MAX_NOTE_FILE, "note").decode("utf-8")
    except UnicodeDecodeError:
        raise UserError("--note-file is not UTF-8 text.") from None


def _progress(what: str):
    if not sys.stderr.isatty():
        return None
    return lambda done, total: show_progress(done >> 20, total >> 20, f"{what} (MiB)")


def _end_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\n")
