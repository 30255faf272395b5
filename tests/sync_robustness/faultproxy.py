"""A fault-injecting HTTP proxy: a real TCP server on loopback between devices and the sync
server, which breaks chosen exchanges the way networks and load balancers do.

Each exchange is one HTTP/1.1 request on its own connection: the proxy reads the request,
forwards it with ``Connection: close`` and relays the server's answer, so the device's client
sees every connection end after one answer (as behind many proxies). An armed ``Rule`` breaks
the ``nth`` request whose path starts with ``path``:

- ``DROP_REQUEST``: the connection is closed before anything reaches the server.
- ``DROP_RESPONSE``: the server processes (and commits) the request; its answer is lost.
- ``TRUNCATE``: half the answer's body, then the connection closes.
- ``TRUNCATE_FRAMED``: half the body under a ``Content-Length`` that matches it (a broken
  gateway): a complete-looking answer that is not the server's.
- ``ERROR_BEFORE``: 503 from the proxy; the server never sees the request.
- ``ERROR_AFTER``: the server commits, the proxy answers 502 instead (a gateway timeout).
- ``DELAY``: the answer is held back ``seconds`` after the server committed.
- ``RESTART``: the server is killed (SIGKILL) once the request reached it, and started again
  (``restart`` callback, which returns the new address); the connection is closed.
- ``RESTART_BETWEEN``: the server is stopped and started again before this request is
  forwarded to it (a restart between two requests of one sync).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

HEAD_END = b"\r\n\r\n"
TIMEOUT_S = 120


class Fault(StrEnum):
    DROP_REQUEST = "drop_request"
    DROP_RESPONSE = "drop_response"
    TRUNCATE = "truncate"
    TRUNCATE_FRAMED = "truncate_framed"
    ERROR_BEFORE = "error_before"
    ERROR_AFTER = "error_after"
    DELAY = "delay"
    RESTART = "restart"
    RESTART_BETWEEN = "restart_between"


BREAKING = (
    Fault.DROP_REQUEST,
    Fault.DROP_RESPONSE,
    Fault.TRUNCATE,
    Fault.TRUNCATE_FRAMED,
    Fault.ERROR_BEFORE,
    Fault.ERROR_AFTER,
)
"""The faults after which the device's sync fails (and the next one must make up for it)."""


@dataclass
class Rule:
    fault: Fault
    path: str
    nth: int = 1
    seconds: float = 0.0
    seen: int = 0
    fired: bool = False


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    fault: Fault | None
    status: int | None
    """The server's status code (None when the server never answered)."""


class FaultProxy:
    """``FaultProxy(upstream_url, restart=...)``; devices use ``proxy.url``. Thread-safe."""

    def __init__(self, upstream_url: str, *, restart: Callable[[bool], str] | None = None):
        self._upstream = _address(upstream_url)
        self._restart = restart
        self._rules: list[Rule] = []
        self._lock = threading.Lock()
        self.exchanges: list[Exchange] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._closed = False
        threading.Thread(target=self._accept, name="fault-proxy", daemon=True).start()

    def arm(self, fault: Fault, path: str, *, nth: int = 1, seconds: float = 0.0) -> Rule:
        rule = Rule(fault, path, nth, seconds)
        with self._lock:
            self._rules.append(rule)
        return rule

    def disarm(self) -> None:
        with self._lock:
            self._rules.clear()

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            client.settimeout(TIMEOUT_S)
            request = _read_request(client)
            if request is None:
                return
            head, body = request
            method, path = head.split(b" ", 2)[:2]
            rule = self._match(path.decode())
            fault = rule.fault if rule else None
            status = None
            try:
                status = self._exchange(client, head, body, rule)
            except OSError:
                pass  # the device gave up (a timeout) or the server went away
            finally:
                with self._lock:
                    self.exchanges.append(Exchange(method.decode(), path.decode(), fault, status))

    def _match(self, path: str) -> Rule | None:
        """The rule this request breaks, if any; every armed rule counts the request."""
        found = None
        with self._lock:
            for rule in self._rules:
                if not rule.fired and path.startswith(rule.path):
                    rule.seen += 1
                    if rule.seen == rule.nth and found is None:
                        rule.fired = True
                        found = rule
        return found

    def _exchange(self, client: socket.socket, head: bytes, body: bytes, rule: Rule | None):
        fault = rule.fault if rule else None
        if fault is Fault.DROP_REQUEST:
            return None
        if fault is Fault.ERROR_BEFORE:
            client.sendall(_plain_answer(503, b"Service Unavailable"))
            return None
        if fault is Fault.RESTART_BETWEEN:
            self._restarted(kill=False)
        answer = self._forward(head, body, kill_after_sending=fault is Fault.RESTART)
        if answer is None:
            return None
        status = int(answer.split(b" ", 2)[1])
        if fault is Fault.DROP_RESPONSE:
            return status
        if fault is Fault.ERROR_AFTER:
            client.sendall(_plain_answer(502, b"Bad Gateway"))
            return status
        if fault is Fault.DELAY:
            time.sleep(rule.seconds if rule else 0)
        if fault in (Fault.TRUNCATE, Fault.TRUNCATE_FRAMED):
            answer = _truncated(answer, framed=fault is Fault.TRUNCATE_FRAMED)
        client.sendall(answer)
        return status

    def _forward(self, head: bytes, body: bytes, *, kill_after_sending: bool) -> bytes | None:
        with socket.create_connection(self._upstream, timeout=TIMEOUT_S) as upstream:
            upstream.sendall(_closing(head) + body)
            if kill_after_sending:
                time.sleep(0.01)  # the request is in the server's hands
                self._restarted(kill=True)
                return None
            chunks = []
            while data := upstream.recv(65536):
                chunks.append(data)
        return b"".join(chunks)

    def _restarted(self, *, kill: bool) -> None:
        assert self._restart is not None, "RESTART needs a restart callback"
        self._upstream = _address(self._restart(kill))


def _address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 80


def _read_request(client: socket.socket) -> tuple[bytes, bytes] | None:
    data = b""
    while HEAD_END not in data:
        chunk = client.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, rest = data.split(HEAD_END, 1)
    length = _content_length(head)
    while len(rest) < length:
        chunk = client.recv(65536)
        if not chunk:
            return None
        rest += chunk
    return head + HEAD_END, rest[:length]


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


def _closing(head: bytes) -> bytes:
    lines = [
        line
        for line in head[: -len(HEAD_END)].split(b"\r\n")
        if line.partition(b":")[0].strip().lower() != b"connection"
    ]
    return b"\r\n".join([*lines, b"Connection: close"]) + HEAD_END


def _truncated(answer: bytes, *, framed: bool) -> bytes:
    head, body = answer.split(HEAD_END, 1)
    cut = body[: len(body) // 2]
    if not framed:
        return head + HEAD_END + cut
    lines = [
        f"content-length: {len(cut)}".encode()
        if line.partition(b":")[0].strip().lower() == b"content-length"
        else line
        for line in head.split(b"\r\n")
    ]
    return b"\r\n".join(lines) + HEAD_END + cut


def _plain_answer(status: int, reason: bytes) -> bytes:
    body = b"<html><body>" + reason + b"</body></html>"
    head = (
        f"HTTP/1.1 {status} {reason.decode()}\r\nContent-Type: text/html\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body
