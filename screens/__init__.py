"""Textual screens and the widgets that belong to them.

Screens talk to the app with messages and do their storage work in thread workers;
they never import `caseworker.app`. A worker hands its result back as a past-tense message
its screen handles, and a failure it did not catch as WorkFailed (see `base.messages`).
"""
