"""Caseworker never opens a network connection. This makes that a property of the process:
any attempt to reach an internet address, or to resolve a host name, raises instead."""

from __future__ import annotations

import socket
from collections.abc import Callable

NETWORK_FAMILIES = (socket.AF_INET, socket.AF_INET6)


class NetworkRefused(OSError):
    """Raised in place of any network connection."""


def refuse(what: str) -> None:
    raise NetworkRefused(f"Caseworker works offline and refused to {what}.")


# Called with a description of each attempt; it must raise. Tests swap in a recorder.
_on_attempt: Callable[[str], None] = refuse
_installed = False


def forbid_network(on_attempt: Callable[[str], None] = refuse) -> Callable[[str], None]:
    """Guard socket connections and host-name lookups for the rest of the process.

    Unix-domain sockets stay allowed: asyncio's event loop uses a socket pair internally.
    Returns the previous handler so a caller can put it back.
    """
    global _on_attempt, _installed
    previous, _on_attempt = _on_attempt, on_attempt
    if not _installed:
        _install()
        _installed = True
    return previous


def _install() -> None:
    def guarded(name: str):
        original = getattr(socket.socket, name)

        def method(self, *args, **kwargs):
            if self.family in NETWORK_FAMILIES:
                _on_attempt(f"{name} an internet socket")
            return original(self, *args, **kwargs)

        return method

    for name in ("connect", "connect_ex", "sendto"):
        setattr(socket.socket, name, guarded(name))

    original_getaddrinfo = socket.getaddrinfo
    original_create_connection = socket.create_connection

    def getaddrinfo(*args, **kwargs):
        _on_attempt("look up a host name")
        return original_getaddrinfo(*args, **kwargs)

    def create_connection(*args, **kwargs):
        _on_attempt("open a connection")
        return original_create_connection(*args, **kwargs)

    socket.getaddrinfo = getaddrinfo
    socket.create_connection = create_connection
