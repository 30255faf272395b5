"""One sync run's shared context: store, client, counts, warnings, progress reports.

Public API: ``SyncRun``, ``SyncProgress``, ``Progress``. Used by the push, pull, snapshot,
file and verify steps on the sync worker thread.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from medspa_desktop.store.database import Store
from medspa_desktop.sync.apply import AppliedPage
from medspa_desktop.sync.client import SyncClient
from medspa_desktop.sync.protocol import MAX_CLOCK_AHEAD_MS, MAX_PAGE, MAX_PUSH_BATCH

PUSH_BATCH_ENV = "MEDSPA_SYNC_PUSH_BATCH"
PAGE_ROWS_ENV = "MEDSPA_SYNC_PAGE_ROWS"
"""Optional smaller push batches and pull/snapshot pages (a whole number, capped by the
protocol's limits): for a very slow link, and for the crash tests, which kill the process
between many small pages. Unset means the protocol's limits."""


def size_from_env(name: str, largest: int) -> int:
    """The positive whole number in ``$name``, at most ``largest``; ``largest`` when unset."""
    text = os.environ.get(name, "").strip()
    return min(int(text), largest) if text.isdigit() and int(text) > 0 else largest


@dataclass(frozen=True)
class SyncProgress:
    """What a sync is doing, for a progress bar: ``done`` of ``total`` steps (None: unknown)."""

    stage: str
    """``upload``, ``push``, ``files``, ``snapshot``, ``pull`` or ``verify``."""
    done: int
    total: int | None
    entity: str = ""
    rows: int = 0
    """Rows received so far in this run."""


Progress = Callable[[SyncProgress], None]


@dataclass
class SyncRun:
    store: Store
    client: SyncClient
    progress: Progress | None = None
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: int = 0
    first_sync: bool = False
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    """Tables pulled rows went into: their references are checked once the pull caught up."""
    push_batch: int = field(default_factory=lambda: size_from_env(PUSH_BATCH_ENV, MAX_PUSH_BATCH))
    page_rows: int = field(default_factory=lambda: size_from_env(PAGE_ROWS_ENV, MAX_PAGE))

    def observe(self, server_hlc: str) -> None:
        """Merge the server's clock into this device's HLC; warn once if ours is far behind."""
        ahead_ms = self.store.clock.observe_server(server_hlc)
        if ahead_ms > MAX_CLOCK_AHEAD_MS and not any("clock" in w for w in self.warnings):
            self.warnings.append(
                f"This device's clock is about {ahead_ms // 60_000} minutes behind the "
                "server's. Sync still orders changes correctly, but times entered and shown "
                "here may be off: check this computer's date, time and time zone settings."
            )

    def note_applied(self, page: AppliedPage) -> None:
        self.pulled += page.rows
        self.touched |= page.tables
        for entity in sorted(page.unknown_entities):
            warning = (
                f"The server sent {entity} records this version of MedSpa Desktop cannot "
                "store; update the app to see them."
            )
            if warning not in self.warnings:
                self.warnings.append(warning)

    def report(self, stage: str, done: int, total: int | None, entity: str = "") -> None:
        if self.progress:
            self.progress(SyncProgress(stage, done, total, entity, self.pulled))
