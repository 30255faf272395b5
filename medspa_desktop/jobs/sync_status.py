"""What the sync worker reports: a frozen snapshot of this device's sync state.

Public API: ``WorkerStatus``, ``FirstSyncProgress``, ``status_of(sync_status, ...)``. Made on
the worker's threads, read on any thread (the UI shows it on the GUI thread).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from medspa_desktop.sync.run import SyncProgress
from medspa_desktop.sync.state import SyncStatus

STAGE_WORDS = {
    "upload": "preparing this clinic's records",
    "push": "sending changes",
    "snapshot": "receiving the clinic's records",
    "pull": "receiving changes",
    "files": "syncing photos and consent files",
    "verify": "checking",
}


@dataclass(frozen=True)
class FirstSyncProgress:
    """How far the first sync got: ``done`` of ``total`` steps (tables or changes)."""

    stage: str
    done: int
    total: int | None
    rows: int = 0
    """Records received so far."""

    @classmethod
    def of(cls, progress: SyncProgress) -> FirstSyncProgress:
        return cls(progress.stage, progress.done, progress.total, progress.rows)

    def activity(self) -> str:
        """'sending changes', 'receiving the clinic's records' ..."""
        return STAGE_WORDS.get(self.stage, self.stage)

    def counts(self) -> str:
        """'3,000 of 230,970 changes', '15 of 44 tables', '2 of 9 files', or '' when the total
        is unknown."""
        unit = {"push": "changes", "files": "files"}.get(self.stage, "tables")
        return f"{self.done:,} of {self.total:,} {unit}" if self.total else ""

    def describe(self) -> str:
        """'First sync: sending changes, 3,000 of 230,970 changes, 12 records received'."""
        parts = [f"First sync: {self.activity()}", self.counts()]
        if self.rows:
            parts.append(f"{self.rows:,} records received")
        return ", ".join(filter(None, parts))


@dataclass(frozen=True)
class WorkerStatus:
    """This device's sync state as the status bar and the Sync panel show it."""

    enrolled: bool
    server_url: str | None
    online: bool | None
    """None until a sync was tried."""
    pending: int
    oldest_pending_at: dt.datetime | None
    last_success: dt.datetime | None
    last_error: str
    conflicts: int
    first_sync_done: bool
    syncing: bool = False
    progress: FirstSyncProgress | None = None
    """Set while a first sync runs."""
    next_attempt: dt.datetime | None = None
    """When the worker tries again after a failure (None: on its usual schedule)."""
    note: str = ""
    """A problem of the worker's own set-up (the demo server did not start, ...)."""

    def oldest_pending_age(self, now: dt.datetime) -> dt.timedelta | None:
        return now - self.oldest_pending_at if self.oldest_pending_at else None


def status_of(
    state: SyncStatus,
    *,
    read_at: dt.datetime,
    syncing: bool = False,
    progress: FirstSyncProgress | None = None,
    next_attempt: dt.datetime | None = None,
    note: str = "",
) -> WorkerStatus:
    """The worker's status from what ``sync.state.read_status`` read at ``read_at``."""
    age = state.oldest_pending_age
    return WorkerStatus(
        enrolled=state.enrolled,
        server_url=state.server_url,
        online=state.online,
        pending=state.pending,
        oldest_pending_at=read_at - age if age is not None else None,
        last_success=state.last_success,
        last_error=state.last_error,
        conflicts=state.conflicts,
        first_sync_done=state.first_sync_done,
        syncing=syncing,
        progress=progress,
        next_attempt=next_attempt,
        note=note,
    )
