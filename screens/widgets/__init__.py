"""Widgets shared by several screens: form parts, the header, the place finder."""
