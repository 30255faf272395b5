"""When the sync worker runs next: the schedule, debounce and back-off, without threads.

Public API: ``SyncPlan``. The worker holds one and calls it under its own lock; every method
takes ``now`` so tests can drive it without waiting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from medspa_desktop.jobs.backoff import Backoff


def _seconds(value: float) -> dt.timedelta:
    return dt.timedelta(seconds=value)


@dataclass
class SyncPlan:
    """Each method returns when the next sync should run (None: leave the schedule alone,
    because a sync is running and ``end`` will take the request into account)."""

    interval_s: float = 30.0
    debounce_s: float = 2.0
    max_delay_s: float = 10.0
    """A steady stream of changes still syncs this long after its first change."""
    backoff: Backoff = field(default_factory=Backoff)
    running: bool = False
    stopped: bool = False
    retry_at: dt.datetime | None = None
    """Set while backing off after a failed sync."""
    _burst_started: dt.datetime | None = None
    _soon: dt.datetime | None = None
    _urgent: dt.datetime | None = None

    def begin(self) -> None:
        """A sync starts: it covers every change saved and every poke made before now."""
        self.running = True
        self._burst_started = self._soon = self._urgent = None

    def end(self, now: dt.datetime, *, ok: bool) -> dt.datetime:
        """A sync ended; the next one runs after the interval, the back-off, or sooner if
        something asked for it meanwhile."""
        self.running = False
        if ok:
            self.backoff.reset()
            self.retry_at = None
            planned = now + _seconds(self.interval_s)
        else:
            self.retry_at = now + _seconds(self.backoff.next_delay())
            planned = self.retry_at
        wanted = [planned]
        if self._soon is not None:
            wanted.append(max(self._soon, self.retry_at or self._soon))
        if self._urgent is not None:
            wanted.append(self._urgent)
        self._soon = self._urgent = None
        return min(wanted)

    def local_change(self, now: dt.datetime) -> dt.datetime | None:
        """A change was saved: sync ``debounce_s`` after the last change of a burst, but
        never during a back-off."""
        if self._burst_started is None:
            self._burst_started = now
        at = min(now + _seconds(self.debounce_s), self._burst_started + _seconds(self.max_delay_s))
        if self.retry_at is not None and self.retry_at > at:
            at = self.retry_at
        if self.running:
            self._soon = at
            return None
        return at

    def now(self, now: dt.datetime, *, forget_backoff: bool) -> dt.datetime | None:
        """Sync at once; ``forget_backoff`` when the reason to back off has gone (the server
        answers again, a person asked)."""
        if forget_backoff:
            self.backoff.reset()
            self.retry_at = None
        if self.running:
            self._urgent = now
            return None
        return now
