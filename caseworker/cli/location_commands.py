"""`locations search`, `locations show` and `locations changes`.

Handlers import the store's code when they run, so that building the parser stays fast."""

from __future__ import annotations

import sys

from caseworker.cli.arguments import Commands, actions, command, json_option, limit
from caseworker.cli.output import print_json, print_lines
from caseworker.core.i18n import _
from caseworker.core.vocab import SITUATIONS

NO_PLACES = "no places found"


def register(commands: Commands) -> None:
    locations = actions(commands, "locations", _("find places: facilities, crossings, airports, "
                        "courts, offices"))
    search = command(locations, "search", search_locations,
                     _("places matching a name in any script or spelling, best first"))
    search.add_argument("query", metavar="QUERY")
    json_option(search)
    search.add_argument("--limit", type=limit, default=10, metavar="N",
                        help=_("at most N places (1-500, default 10)"))
    place = command(locations, "show", show_location, _("one place in full, with its cases"))
    place.add_argument("id", metavar="ID", help=_("place id, e.g. KZ-DET-ZHARKENT-IVS"))
    json_option(place)
    changes = command(locations, "changes", show_gazetteer_changes,
                      _("what the last gazetteer upgrade changed, your corrections kept"))
    json_option(changes)


def search_locations(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.places.place_search import search_places

    with unlocked_store(args, on_desk=True) as (store, _config), store.read() as session:
        hits = search_places(session, args.query, args.limit)
    rows = [{"id": hit.id, "name": hit.short_name, "matched_name": hit.matched_name,
             "type": hit.type, "country": hit.country,
             "distance_to_border_km": hit.border.km if hit.border else None,
             "nearest_crossing": hit.border.crossing_name if hit.border else None,
             "closed": hit.closed, "score": hit.score} for hit in hits]
    if not rows:
        # Said on stderr so a script reading the JSON still gets a valid (empty) list.
        sys.stderr.write(f"caseworker: {NO_PLACES} for that search.\n")
    if args.json:
        print_json(rows)
    else:
        print_lines([f"{hit.id:<26} {hit.short_name:<36} {hit.country}  "
                     f"{hit.border.describe() if hit.border else ''}".rstrip() for hit in hits])
    return 0


def show_location(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.places.place_records import load_place, place_to_json

    with unlocked_store(args, on_desk=True) as (store, _config), store.read() as session:
        detail = load_place(session, args.id.strip())
    data = place_to_json(detail)
    if args.json:
        print_json(data)
        return 0
    lines = [f"{data['short_name']}  ({data['type_label']}, {data['country']})"]
    lines += [f"  {lang}: {name}" for lang, name in data["names"].items()]
    if data["aliases"]:
        lines.append("  also: " + "; ".join(data["aliases"]))
    if detail.border is not None:
        lines.append(f"  {detail.border.describe()}")
    lines += [f"  case: {c['id'][:8]}  {c['display_name']}  "
              f"({SITUATIONS.get(c['situation'], c['situation'])})"
              for c in data["cases"]]
    print_lines(lines)
    return 0


def show_gazetteer_changes(args) -> int:
    # deferred: loads the database code
    from caseworker.cli.unlocked import unlocked_store
    from caseworker.places.gazetteer import gazetteer_changes

    with unlocked_store(args, on_desk=True) as (store, _config), store.read() as session:
        version, lines = gazetteer_changes(session)
    if args.json:
        print_json({"gazetteer_version": version, "changes": lines})
    elif version is None:
        print_lines(["No gazetteer upgrade recorded in this store."])
    else:
        print_lines([f"Gazetteer version {version}:", *(f"  {line}" for line in lines)])
    return 0
