"""Long polls of one server process, woken by one watcher instead of one query loop each.

``Watcher.wait(org_id, since, ...)`` parks a request until the organisation's sequence
passes ``since``. While any request waits, one task per process reads the sequences of the
organisations waited on in a single query every ``interval`` seconds and wakes the waiters
whose organisation moved. The sequence is read from the database, so a change pushed through
any server process wakes the waiters of every process; nothing is shared in memory.

Use from the event loop of the process (the FastAPI app keeps one watcher in its state).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import anyio.to_thread
from sqlalchemy import select

from medspa_server.db import Database
from medspa_server.models import OrgCounter

log = logging.getLogger(__name__)
DISCONNECT_CHECK_S = 1.0
"""How often a parked request checks that its device is still connected."""


@dataclass(eq=False)
class _Waiter:
    org_id: str
    since: int
    latest: int
    woken: asyncio.Event = field(default_factory=asyncio.Event)


class Watcher:
    def __init__(self, database: Database, interval_s: float) -> None:
        self.database = database
        self.interval_s = interval_s
        self._waiters: dict[str, set[_Waiter]] = {}
        self._task: asyncio.Task[None] | None = None
        self.reads = 0
        """Counter reads so far (tests and the benchmark look at it)."""

    async def wait(
        self,
        org_id: str,
        since: int,
        latest: int,
        timeout_s: float,
        disconnected: Callable[[], Awaitable[bool]],
    ) -> int:
        """The organisation's sequence once it passes ``since``, or the last one seen when
        ``timeout_s`` runs out or the client goes away. ``latest`` is the sequence the
        caller already read."""
        if latest > since:
            return latest
        waiter = _Waiter(org_id, since, latest)
        self._waiters.setdefault(org_id, set()).add(waiter)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._watch())
        deadline = time.monotonic() + timeout_s
        try:
            while not waiter.woken.is_set():
                left = deadline - time.monotonic()
                if left <= 0 or await disconnected():
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(waiter.woken.wait(), min(left, DISCONNECT_CHECK_S))
        finally:
            waiting = self._waiters.get(org_id)
            if waiting is not None:
                waiting.discard(waiter)
                if not waiting:
                    del self._waiters[org_id]
        return waiter.latest

    async def _watch(self) -> None:
        try:
            while self._waiters:
                await asyncio.sleep(self.interval_s)
                if not self._waiters:
                    break
                orgs = list(self._waiters)
                try:
                    latest = await anyio.to_thread.run_sync(_sequences, self.database, orgs)
                except Exception:  # the database is away: waiters time out, devices retry
                    log.warning("Long polls could not read the sync sequence", exc_info=True)
                    continue
                self.reads += 1
                for org_id, value in latest.items():
                    for waiter in self._waiters.get(org_id, ()):
                        waiter.latest = max(waiter.latest, value)
                        if value > waiter.since:
                            waiter.woken.set()
        finally:
            self._task = None


def _sequences(database: Database, org_ids: list[str]) -> dict[str, int]:
    query = select(OrgCounter.org_id, OrgCounter.value).where(OrgCounter.org_id.in_(org_ids))
    with database.lookup() as conn:
        return {org_id: value for org_id, value in conn.execute(query)}
