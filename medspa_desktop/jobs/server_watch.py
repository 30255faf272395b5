"""The thread that listens to the sync server between syncs.

Online, it holds a long poll (``GET /v1/wait``) open, so a change made on another device
starts a sync here within a second. Offline, it asks the server's ``/health`` now and then
(backing off) and starts a sync as soon as the server answers, instead of waiting for the
next scheduled try.

Public API: ``WatchTarget``, ``ServerWatch``. Made and stopped by ``SyncWorker``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from medspa_desktop.domain.hlc import HybridLogicalClock
from medspa_desktop.jobs.abortable import AbortableTransport, Sockets
from medspa_desktop.jobs.backoff import Backoff
from medspa_desktop.sync.client import SyncClient
from medspa_desktop.sync.errors import Offline, SyncError

log = logging.getLogger(__name__)

LONG_POLL_S = 25.0
"""Under the server's 30 s limit, and short enough for proxies that cut idle requests."""
IDLE_S = 30.0
PROBE_TIMEOUT = httpx.Timeout(5.0)


@dataclass(frozen=True)
class WatchTarget:
    """Where to listen: the server, this device's token and its pull cursor."""

    server_url: str
    token: str
    cursor: int
    online: bool


class ServerWatch:
    """Long poll when online, probe when offline; calls back on its own thread."""

    def __init__(
        self,
        *,
        target: Callable[[], WatchTarget | None],
        clock: HybridLogicalClock,
        sockets: Sockets,
        on_change: Callable[[], None],
        on_reachable: Callable[[], None],
        long_poll_s: float = LONG_POLL_S,
        probes: Backoff | None = None,
    ) -> None:
        self._target = target
        self._clock = clock
        self._sockets = sockets
        self._on_change = on_change
        self._on_reachable = on_reachable
        self._long_poll_s = long_poll_s
        self._probes = probes or Backoff(base_s=2.0, cap_s=30.0)
        self._errors = Backoff(base_s=2.0, cap_s=60.0)
        self._seen: tuple[str, int] = ("", 0)
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="medspa-sync-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Look at the target again now (a sync just ended). Any thread."""
        self._wake.set()

    def stop(self) -> None:
        """End the thread: cut its connection (and every other one made through the same
        ``Sockets``) and join it."""
        self._stopping.set()
        self._wake.set()
        self._sockets.abort()
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                target = self._target()
                if target is None:
                    self._pause(IDLE_S)
                elif target.online:
                    self._poll(target)
                else:
                    self._probe(target)
            except Exception:  # never let the watch die: sync still runs on its schedule
                log.exception("The sync server watch failed; it tries again shortly")
                self._pause(self._errors.next_delay())

    def _pause(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _poll(self, target: WatchTarget) -> None:
        url, seen = self._seen
        since = max(target.cursor, seen if url == target.server_url else 0)
        try:
            with self._client(target) as client:
                answer = client.wait(since, self._long_poll_s)
        except SyncError as err:
            if not self._stopping.is_set():
                log.info("Long poll failed (%s); trying again later", type(err).__name__)
                if isinstance(err, Offline):
                    self._on_change()  # the sync that follows notes the device is offline
                self._pause(self._errors.next_delay())
            return
        self._errors.reset()
        self._seen = (target.server_url, max(since, answer.latest))
        current = self._target()
        if answer.changed and current is not None and answer.latest > current.cursor:
            self._on_change()

    def _probe(self, target: WatchTarget) -> None:
        try:
            with httpx.Client(
                transport=AbortableTransport(self._sockets), timeout=PROBE_TIMEOUT
            ) as http:
                reachable = http.get(f"{target.server_url}/health").status_code < 500
        except httpx.HTTPError:
            reachable = False
        if self._stopping.is_set():
            return
        if not reachable:
            self._pause(self._probes.next_delay())
            return
        self._probes.reset()
        self._on_reachable()
        self._pause(IDLE_S)  # until the sync this starts tells whether it is online again

    def _client(self, target: WatchTarget) -> SyncClient:
        return SyncClient(
            target.server_url,
            clock=self._clock,
            token=target.token,
            transport=AbortableTransport(self._sockets),
        )
