"""The gazetteer on screen.

- `all_places`: PlacesScreen — search every place by any name.
- `place_view`: PlaceScreen — one place, and the cases last known to be there.
- `place_form`: PlaceFormScreen — adding a place or correcting one.
- `place_picker`: PlacePicker — the dialog that links an event to a place.
"""
