"""Exponential back-off with jitter, for retrying sync and probing an unreachable server.

Public API: ``Backoff``. Not thread-safe: each user keeps its own, on one thread or under its
own lock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Waits that double after each failure up to ``cap_s``, each one a random point in the
    upper half of its range ("equal jitter"): devices that failed together (the server
    restarted) spread out instead of all coming back in the same second."""

    base_s: float = 5.0
    cap_s: float = 300.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def next_delay(self) -> float:
        """Seconds to wait after one more failure."""
        ceiling = min(self.cap_s, self.base_s * 2 ** min(self.failures, 32))
        self.failures += 1
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)

    def reset(self) -> None:
        """After a success: the next failure waits the shortest time again."""
        self.failures = 0
