"""The app's own screens: the dashboard, the first run, unlock and lock, help, and the
command palette's case finder.
"""
