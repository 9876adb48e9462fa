"""The gazetteer as people use it: shipped places, search in any script, the distance to the
China border, and which place an event was at.

- `gazetteer`: shipped_gazetteer, upgrade_gazetteer — the places shipped in the package.
- `place_keys`: name_keys, query_words — search keys for place names in any script.
- `place_index`: refresh_place_names, rebuild_place_names — the derived index over every
  name.
- `place_search`: search_places — as-you-type search, typo-tolerant.
- `border_distance`: distance_to_border — straight-line km to the nearest crossing.
- `event_places`: link_event_places, recognised_place, place_zone — the place an event was
  linked to, and the zone it implies.
- `place_records`: load_place, list_places, validate_place — reading and checking places.
"""
