"""Helpers the tests share: stores and installs, seed cases, UI and CLI drivers, hostile
bundles, crash workers."""
