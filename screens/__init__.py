"""Textual screens and the widgets that belong to them.

Screens talk to the app with messages and do their storage work in thread workers;
they never import `caseworker.app`.
"""
