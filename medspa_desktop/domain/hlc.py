"""Hybrid logical clock (Kulkarni et al.), encoded as a sortable string.

Encoding: ``"{wall_ms:013d}:{counter:05d}:{node}"``. Comparing two encoded values as
strings orders them by wall time, then counter, then node id.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_COUNTER = 99_999


class ClockSkewError(Exception):
    """A remote timestamp is too far ahead of this device's clock."""


@dataclass(frozen=True, order=True)
class Timestamp:
    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall_ms:013d}:{self.counter:05d}:{self.node}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        wall, counter, node = text.split(":", 2)
        return cls(int(wall), int(counter), node)


class HybridLogicalClock:
    """Monotonic timestamps for one device. Thread-safe.

    ``persisted`` is the last timestamp saved to disk; it makes the clock survive restarts
    even when the wall clock has gone backwards in between.
    """

    def __init__(
        self,
        node: str,
        *,
        persisted: str | None = None,
        wall_clock: Callable[[], int] = lambda: time.time_ns() // 1_000_000,
        max_drift_ms: int = 5 * 60 * 1000,
    ) -> None:
        self.node = node
        self._wall = wall_clock
        self._max_drift_ms = max_drift_ms
        self._lock = threading.Lock()
        last = Timestamp.decode(persisted) if persisted else Timestamp(0, 0, node)
        self._last = Timestamp(last.wall_ms, last.counter, node)

    @property
    def last(self) -> str:
        return self._last.encode()

    def now(self) -> str:
        """A timestamp later than every one this clock has issued or seen."""
        with self._lock:
            wall = self._wall()
            if wall > self._last.wall_ms:
                self._last = Timestamp(wall, 0, self.node)
            else:
                self._last = self._bump(self._last.wall_ms, self._last.counter)
            return self._last.encode()

    def physical_now(self) -> str:
        """This device's wall clock now, encoded like a timestamp but not merged with what
        the clock has issued or seen: what a server compares with its own clock, so a clock
        that was fast and has been put right is accepted again at once."""
        return Timestamp(self._wall(), 0, self.node).encode()

    def observe(self, remote: str) -> str:
        """Merge a timestamp received from elsewhere; refuses one far ahead of our clock."""
        other = Timestamp.decode(remote)
        with self._lock:
            wall = self._wall()
            if other.wall_ms - wall > self._max_drift_ms:
                raise ClockSkewError(
                    f"A timestamp is {(other.wall_ms - wall) // 60000} minutes ahead of this "
                    "device's clock. Check this computer's date, time and time zone settings."
                )
            return self._merge(other, wall)

    def observe_server(self, remote: str) -> int:
        """Merge the server's timestamp, never refusing it; returns how many milliseconds the
        server's wall clock is ahead of this device's (negative when it is behind).

        The server is the reference clock: a device clock that is behind merges forward, so
        everything stamped here afterwards orders after what the server has seen.
        """
        other = Timestamp.decode(remote)
        with self._lock:
            wall = self._wall()
            self._merge(other, wall)
            return other.wall_ms - wall

    def _merge(self, other: Timestamp, wall: int) -> str:
        top = max(wall, self._last.wall_ms, other.wall_ms)
        if top == self._last.wall_ms == other.wall_ms:
            counter = max(self._last.counter, other.counter)
            self._last = self._bump(top, counter)
        elif top == self._last.wall_ms:
            self._last = self._bump(top, self._last.counter)
        elif top == other.wall_ms:
            self._last = self._bump(top, other.counter)
        else:
            self._last = Timestamp(top, 0, self.node)
        return self._last.encode()

    def _bump(self, wall_ms: int, counter: int) -> Timestamp:
        if counter >= MAX_COUNTER:
            return Timestamp(wall_ms + 1, 0, self.node)
        return Timestamp(wall_ms, counter + 1, self.node)
