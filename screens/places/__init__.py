"""The gazetteer on screen: every place, one place, adding or correcting one, and the
picker that links an event to a place.
"""
