"""No network, ever; and a crash never prints case data to the terminal."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap

import pytest

from caseworker.core.offline import NetworkRefused, forbid_network, is_loopback_literal, refuse
from tests.support.paths import ROOT


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_the_guard_refuses_connections_and_lookups_but_not_local_pipes():
    done = _run("""
        import socket
        from caseworker.core.offline import NetworkRefused, forbid_network
        forbid_network()
        a, b = socket.socketpair()          # asyncio needs this: still allowed
        a.send(b"x"); assert b.recv(1) == b"x"
        for attempt in (lambda: socket.create_connection(("127.0.0.1", 9)),
                        lambda: socket.socket().connect(("localhost", 9)),
                        lambda: socket.getaddrinfo("example.org", 443),
                        lambda: socket.gethostbyname("example.org"),
                        lambda: socket.gethostbyname_ex("example.org"),
                        lambda: socket.gethostbyaddr("127.0.0.1")):
            try:
                attempt()
            except NetworkRefused:
                continue
            raise SystemExit("a network attempt got through")
        print("refused")
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "refused"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.3.2.1", "::1", b"127.0.0.1"])
def test_a_loopback_address_written_out_is_allowed(host):
    assert is_loopback_literal((host, 9))


@pytest.mark.parametrize("host", [
    "localhost", "LOCALHOST", "ip6-localhost",             # names: the socket looks them up
    "0.0.0.0", "", "::", "<broadcast>",                    # every interface, or all hosts
    "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.1.1",  # private and link-local
    "8.8.8.8", "2001:4860:4860::8888", "fe80::1",          # public and link-local IPv6
    "::ffff:127.0.0.1", "::1%lo", "127.1", "0x7f.0.0.1", "2130706433", "0177.0.0.1",
    " 127.0.0.1", "127.0.0.1.", b"\xff", None, 127,
])
def test_every_other_address_is_refused(host):
    assert not is_loopback_literal((host, 9))


def test_addresses_that_are_not_a_host_and_port_are_refused():
    assert not is_loopback_literal("127.0.0.1")
    assert not is_loopback_literal(())
    assert not is_loopback_literal(None)


# Refused addresses that stay on this machine even if the guard let them through.
_LOCAL_BUT_REFUSED = ("localhost", "0.0.0.0", "127.1", "::ffff:127.0.0.1")


@pytest.fixture
def refusing():
    """The real guard's refusal for the length of one test (the suite's recorder would
    count these deliberate attempts as failures)."""
    previous = forbid_network(refuse)
    yield
    forbid_network(previous)


def _socket_for(host: str, kind: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.socket(family, kind)


@pytest.mark.parametrize("host", _LOCAL_BUT_REFUSED)
def test_connect_connect_ex_sendto_sendmsg_and_bind_refuse_other_addresses(host, refusing):
    attempts = {
        "connect": lambda s: s.connect((host, 9)),
        "connect_ex": lambda s: s.connect_ex((host, 9)),
        "bind": lambda s: s.bind((host, 0)),
    }
    for name, attempt in attempts.items():
        with _socket_for(host, socket.SOCK_STREAM) as sock, \
                pytest.raises(NetworkRefused, match=name):
            attempt(sock)
    datagrams = {
        "sendto": lambda s: s.sendto(b"x", (host, 9)),
        "sendto with flags": lambda s: s.sendto(b"x", 0, (host, 9)),
        "sendmsg": lambda s: s.sendmsg([b"x"], [], 0, (host, 9)),
    }
    for attempt in datagrams.values():
        with _socket_for(host, socket.SOCK_DGRAM) as sock, pytest.raises(NetworkRefused):
            attempt(sock)


def test_opening_a_connection_is_refused_as_such_even_to_a_loopback_address(refusing):
    """create_connection would reach the lookup guard anyway; refused before it, the
    message says what was tried."""
    with pytest.raises(NetworkRefused, match="open a connection"):
        socket.create_connection(("127.0.0.1", 9))


def _ipv6_loopback_works() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.parametrize("host", [
    "127.0.0.1",
    pytest.param("::1", marks=pytest.mark.skipif(not _ipv6_loopback_works(),
                                                 reason="no IPv6 loopback here")),
])
def test_a_literal_loopback_address_binds_connects_and_sends(host, refusing):
    with _socket_for(host, socket.SOCK_STREAM) as listener:
        listener.bind((host, 0))
        listener.listen()
        port = listener.getsockname()[1]
        for connect in (socket.socket.connect, socket.socket.connect_ex):
            with _socket_for(host, socket.SOCK_STREAM) as client:
                assert connect(client, (host, port)) in (None, 0)
                accepted, _ = listener.accept()
                with accepted:
                    client.sendall(b"x")
                    assert accepted.recv(1) == b"x"
    with _socket_for(host, socket.SOCK_DGRAM) as receiver, \
            _socket_for(host, socket.SOCK_DGRAM) as sender:
        receiver.bind((host, 0))
        sender.sendto(b"y", receiver.getsockname())
        sender.sendmsg([b"z"], [], 0, receiver.getsockname())
        assert receiver.recv(1) == b"y" and receiver.recv(1) == b"z"


def test_the_guard_installs_where_a_socket_method_is_missing():
    """Windows sockets have no sendmsg; the guard must still install."""
    done = _run("""
        import socket
        from caseworker.core import offline
        offline._ADDRESS_AT["sendmsg_on_no_system"] = lambda args: None
        offline.forbid_network()
        assert not hasattr(socket.socket, "sendmsg_on_no_system")
        try:
            socket.socket().connect(("localhost", 9))
        except offline.NetworkRefused:
            print("installed")
    """)
    assert done.stdout.strip() == "installed", done.stderr


def test_asyncio_starts_where_socketpair_is_built_from_loopback_tcp():
    """Windows has no native socket pair: socket.socketpair() binds a TCP listener on
    127.0.0.1 and connects to it, and asyncio calls that as its loop starts. Here the
    standard library is made to take that same path by hiding the native one."""
    done = _run("""
        import _socket, importlib, socket
        del _socket.socketpair
        importlib.reload(socket)           # now socket.socketpair is the Windows one
        from caseworker.core.offline import NetworkRefused, forbid_network
        forbid_network()
        a, b = socket.socketpair()
        assert a.family == socket.AF_INET, a.family
        a.close(); b.close()

        import asyncio
        async def first_tick():
            await asyncio.sleep(0)
            return "started"
        print(asyncio.run(first_tick()))
        try:
            socket.socket().connect(("localhost", 9))
        except NetworkRefused:
            print("localhost refused")
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["started", "localhost refused"]


def test_the_command_line_installs_the_guard():
    done = _run("""
        import socket
        from caseworker.cli import main
        try:
            main.main(["status", "--data-dir", "/nonexistent-dir"])
        except SystemExit:
            pass
        try:
            socket.create_connection(("127.0.0.1", 9))
        except OSError as exc:
            print(type(exc).__name__)
    """)
    assert done.stdout.strip() == "NetworkRefused", done.stderr


def test_a_crash_in_the_app_prints_no_case_data(tmp_path):
    done = _run(f"""
        from pathlib import Path
        from caseworker.app import CaseworkerApp
        from caseworker.core.config import Config

        class Crashing(CaseworkerApp):
            def on_mount(self):
                super().on_mount()
                person = "CANARY Yerzhanat Abai"
                raise ValueError(person)

        Crashing(Path({str(tmp_path)!r}), Config(user="v")).run(headless=True)
    """)
    output = done.stdout + done.stderr
    assert "internal error (ValueError)" in output
    assert "CANARY" not in output and "Traceback" not in output
