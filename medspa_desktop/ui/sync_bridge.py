"""The sync worker as the window sees it: Qt signals on the GUI thread.

The worker (``jobs.sync_worker``) runs on its own threads and reports through callbacks; the
bridge turns them into ``status_changed`` and ``synced`` signals, tells the worker about every
change saved here (through the application-wide ``OpHub``), and, after a sync that received
records, announces a change of every kind so each view reloads what it shows.

Public API: ``SyncBridge``. GUI thread, except ``_from_worker_*`` (worker threads).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from medspa_desktop.jobs.sync_status import WorkerStatus
from medspa_desktop.jobs.sync_worker import Prepare, SyncWorker
from medspa_desktop.sync.engine import SyncSummary
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import AppSession

EVERYTHING = OpChanges(frozenset(Changed))


class SyncBridge(QObject):
    """Owns the device's sync worker once ``start()`` ran; ``stop()`` before it goes away."""

    status_changed = Signal(object)
    """A ``WorkerStatus``."""
    synced = Signal(object)
    """A ``SyncSummary``, after every sync."""

    def __init__(self, session: AppSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.status: WorkerStatus | None = None
        self.worker: SyncWorker | None = None
        self.status_changed.connect(self._keep)
        self.synced.connect(self._announce)
        session.hub.changed.connect(self._on_changes)

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self, *, prepare: Prepare | None = None, **options: Any) -> None:
        """Start the worker (``options`` go to ``SyncWorker``, for tests)."""
        if self.worker is not None:
            return
        self.worker = SyncWorker(
            self.session.store,
            on_status=self._from_worker_status,
            on_synced=self._from_worker_summary,
            prepare=prepare,
            **options,
        )
        self.worker.start()

    def stop(self) -> None:
        """Stop the worker and wait for its threads (a running sync is cut short)."""
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.stop()

    def sync_now(self) -> None:
        if self.worker is not None:
            self.worker.sync_now()

    def _from_worker_status(self, status: WorkerStatus) -> None:
        # NOTE: emitted on a worker thread; Qt queues it to the receivers' (GUI) thread.
        self.status_changed.emit(status)

    def _from_worker_summary(self, summary: SyncSummary) -> None:
        self.synced.emit(summary)

    def _keep(self, status: WorkerStatus) -> None:
        self.status = status

    def _announce(self, summary: SyncSummary) -> None:
        if summary.pulled:
            self.session.hub.changed.emit(
                OpChanges(EVERYTHING.kinds, initiator=self)  # marked so it is not pushed back
            )

    def _on_changes(self, changes: OpChanges) -> None:
        if self.worker is not None and changes.kinds and changes.initiator is not self:
            self.worker.note_local_change()
