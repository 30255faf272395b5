"""HTTP connections another thread can cut, so the sync worker stops at once.

A long poll waits up to half a minute for the server's answer, and a first sync can run for
minutes; closing the app must not wait for either. ``Sockets.abort()`` shuts down every
socket made through it (a blocked read then returns at once, and the request fails as
``Offline``) and refuses new connections afterwards.

Public API: ``Sockets`` (one per worker), ``AbortableTransport(sockets)`` (one per client).
``abort`` may be called from any thread.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import typing
import weakref

import httpcore
import httpx

SocketOptions = typing.Iterable[typing.Any] | None


class _Stream(httpcore.NetworkStream):
    """A network stream whose socket ``Sockets.abort`` can shut down (TLS included)."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, timeout)

    def close(self) -> None:
        self.inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        # NOTE: wrapping detaches the plain socket, so the TLS one is what abort must cut.
        self.inner = self.inner.start_tls(ssl_context, server_hostname, timeout)
        return self

    def get_extra_info(self, info: str) -> typing.Any:
        return self.inner.get_extra_info(info)

    def cut(self) -> None:
        sock = self.inner.get_extra_info("socket")
        with contextlib.suppress(OSError):  # already closed: nothing left to cut
            sock.shutdown(socket.SHUT_RDWR)


class Sockets(httpcore.NetworkBackend):
    """The network backend of one worker: remembers open streams so they can be cut."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()
        self._streams: weakref.WeakSet[_Stream] = weakref.WeakSet()
        self._lock = threading.Lock()
        self.aborted = False

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: SocketOptions = None,
    ) -> httpcore.NetworkStream:
        stream = _Stream(
            self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        )
        with self._lock:
            if not self.aborted:
                self._streams.add(stream)
                return stream
        stream.close()
        raise httpcore.ConnectError("the sync worker is stopping")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: SocketOptions = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("sync servers are reached over TCP only")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)

    def abort(self) -> None:
        """Cut every open connection and refuse new ones. Any thread."""
        with self._lock:
            self.aborted = True
            streams = list(self._streams)
        for stream in streams:
            stream.cut()


class AbortableTransport(httpx.HTTPTransport):
    """The standard HTTP transport, connecting through ``sockets``."""

    def __init__(self, sockets: Sockets) -> None:
        super().__init__()
        # NOTE: httpx offers no public way to choose the network backend, so the pool it
        # made is replaced by an equal one that connects through ``sockets``.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=sockets
        )
