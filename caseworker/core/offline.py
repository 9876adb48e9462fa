"""Caseworker never opens a network connection. This makes that a property of the process:
any attempt to reach an internet address, or to resolve a host name, raises instead.

One door stays open, because the standard library walks through it: where the platform has
no native socket pair (Windows), `socket.socketpair()` binds a TCP listener on 127.0.0.1
and connects to it, and asyncio calls that when its event loop starts. So an internet
socket may bind, connect or send to a loopback address written as a literal (127.0.0.0/8,
::1). Nothing else passes: not 0.0.0.0, not a private or public address, and not a name
such as "localhost", which the socket would look up itself.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

NETWORK_FAMILIES = (socket.AF_INET, socket.AF_INET6)
IPV6_LOOPBACK = ipaddress.IPv6Address("::1")


class NetworkRefused(OSError):
    """Raised in place of any network connection."""


def refuse(what: str) -> None:
    raise NetworkRefused(f"Caseworker works offline and refused to {what}.")


# Called with a description of each attempt; it must raise. Tests swap in a recorder.
_on_attempt: Callable[[str], None] = refuse
_installed = False


def forbid_network(on_attempt: Callable[[str], None] = refuse) -> Callable[[str], None]:
    """Guard socket connections and host-name lookups for the rest of the process.

    Unix-domain sockets stay allowed (asyncio's socket pair on Linux and macOS), and so do
    internet sockets that only reach a literal loopback address (its socket pair on
    Windows). Returns the previous handler so a caller can put it back.
    """
    global _on_attempt, _installed
    previous, _on_attempt = _on_attempt, on_attempt
    if not _installed:
        _install()
        _installed = True
    return previous


def is_loopback_literal(address: object) -> bool:
    """True only for an (host, port, ...) address whose host is a loopback IP literal."""
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if isinstance(host, bytes):
        try:
            host = host.decode("ascii")
        except UnicodeDecodeError:
            return False
    # A scope ("::1%eth0") names an interface; refuse rather than reason about it.
    if not isinstance(host, str) or "%" in host:
        return False
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False  # a host name, or an address in a spelling only the OS would read
    if isinstance(ip, ipaddress.IPv6Address):
        # Exactly ::1: Python 3.13 also calls ::ffff:127.0.0.1 loopback, 3.11 does not.
        return ip == IPV6_LOOPBACK
    return ip.is_loopback


# Where each guarded method takes its address: the last of `sendto`'s arguments, the
# fourth of `sendmsg`'s (absent on a connected socket, whose connect was checked).
_ADDRESS_AT: dict[str, Callable[[tuple], object]] = {
    "bind": lambda args: args[0] if args else None,
    "connect": lambda args: args[0] if args else None,
    "connect_ex": lambda args: args[0] if args else None,
    "sendto": lambda args: args[-1] if len(args) >= 2 else None,
    "sendmsg": lambda args: args[3] if len(args) >= 4 else ...,
}


def _install() -> None:
    def guarded(name: str, address_of: Callable[[tuple], object]):
        original = getattr(socket.socket, name)

        def method(self, *args, **kwargs):
            if self.family in NETWORK_FAMILIES:
                address = address_of(args)
                if address is not ... and not is_loopback_literal(address):
                    _on_attempt(f"{name} an internet socket")
            return original(self, *args, **kwargs)

        return method

    for name, address_of in _ADDRESS_AT.items():
        if hasattr(socket.socket, name):  # Windows sockets have no sendmsg
            setattr(socket.socket, name, guarded(name, address_of))

    def refused(what: str, original: Callable) -> Callable:
        def function(*args, **kwargs):
            _on_attempt(what)
            return original(*args, **kwargs)

        return function

    # Every name lookup, and the helper that starts with one (even for a literal address).
    socket.create_connection = refused("open a connection", socket.create_connection)
    for lookup in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
                   "getnameinfo"):
        setattr(socket, lookup, refused("look up a host name", getattr(socket, lookup)))
