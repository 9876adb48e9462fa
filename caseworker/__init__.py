"""Caseworker: offline, encrypted case management for people at risk of refoulement."""

__version__ = "0.1.0"
