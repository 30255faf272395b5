"""The device's one sync worker: syncs on a schedule, soon after local changes, when the
server pokes, and when the server is reachable again; never two syncs at once.

An APScheduler ``BackgroundScheduler`` runs two jobs on its own threads: ``sync`` (every
``interval_s``, moved by ``SyncPlan`` for debounce, back-off and pokes; paused while it runs,
so it never overlaps itself) and ``status`` (re-reads the status for the status bar). A
``ServerWatch`` thread long-polls the server while online and probes it while offline.

Public API: ``SyncWorker``. Its methods may be called from any thread; ``on_status`` (with a
``WorkerStatus``) and ``on_synced`` (with each sync's ``SyncSummary``) are called on the
worker's threads and must not block.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler

from medspa_desktop.jobs.abortable import AbortableTransport, Sockets
from medspa_desktop.jobs.backoff import Backoff
from medspa_desktop.jobs.server_watch import ServerWatch, WatchTarget
from medspa_desktop.jobs.sync_plan import SyncPlan
from medspa_desktop.jobs.sync_status import FirstSyncProgress, WorkerStatus, status_of
from medspa_desktop.store import keys
from medspa_desktop.store.database import Store
from medspa_desktop.store.errors import StoreError
from medspa_desktop.sync import state
from medspa_desktop.sync.engine import SyncSummary, sync_once
from medspa_desktop.sync.run import Progress, SyncProgress

log = logging.getLogger(__name__)

SYNC_JOB, STATUS_JOB = "sync", "status"
STATUS_EVERY_S = 15.0
PROGRESS_EVERY_S = 0.25
"""First-sync progress reaches the screen at most this often."""

SyncCall = Callable[..., SyncSummary]
"""``sync_once``'s signature: ``(store, *, progress, transport) -> SyncSummary``."""
Prepare = Callable[[Store, threading.Event, Progress], str]
"""Set-up run once on the worker before its first sync (the demo server); returns a problem
to show in the status bar, or ''. Must return soon after the event is set."""

_running: set[str] = set()
_running_guard = threading.Lock()


class SyncWorker:
    """Exactly one per data folder in a process; ``start()`` once, ``stop()`` once."""

    def __init__(
        self,
        store: Store,
        *,
        on_status: Callable[[WorkerStatus], None],
        on_synced: Callable[[SyncSummary], None] | None = None,
        plan: SyncPlan | None = None,
        sync: SyncCall = sync_once,
        prepare: Prepare | None = None,
        long_poll_s: float = 25.0,
        probes: Backoff | None = None,
    ) -> None:
        self.store = store
        self._on_status = on_status
        self._on_synced = on_synced
        self._sync = sync
        self._prepare = prepare
        self._plan = plan or SyncPlan()
        self._sockets = Sockets()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._publish_lock = threading.Lock()
        self._progress: FirstSyncProgress | None = None
        self._progress_at = 0.0
        self._note = ""
        self._credentials: tuple[str, str] | None = None
        self._target: WatchTarget | None = None
        self._scheduler = _scheduler()
        self._watch = ServerWatch(
            target=lambda: self._target,
            clock=store.clock,
            sockets=self._sockets,
            on_change=self.poke,
            on_reachable=self.server_reachable,
            long_poll_s=long_poll_s,
            probes=probes,
        )

    def start(self) -> None:
        """Start the scheduler and the server watch; the first sync runs at once."""
        with _running_guard:
            if self._key in _running:
                raise RuntimeError(f"A sync worker already runs for {self.store.data_dir}")
            _running.add(self._key)
        interval, now = self._plan.interval_s, _now()
        self._scheduler.add_job(
            self._run, "interval", seconds=interval, id=SYNC_JOB, next_run_time=now
        )
        self._scheduler.add_job(
            self.publish, "interval", seconds=STATUS_EVERY_S, id=STATUS_JOB, next_run_time=now
        )
        self._scheduler.start()
        self._watch.start()

    def stop(self) -> None:
        """Cut open connections, let a running sync end, join every thread. Not from the
        worker's own threads."""
        with self._lock:
            if self._plan.stopped:
                return
            self._plan.stopped = True
        self._stopping.set()
        self._watch.stop()  # also cuts the connection of a running sync
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        with _running_guard:
            _running.discard(self._key)

    @property
    def _key(self) -> str:
        return str(self.store.data_dir.resolve())

    # ---- triggers ------------------------------------------------------------------------

    def note_local_change(self) -> None:
        """A change was saved here: sync soon (debounced, and not during back-off)."""
        with self._lock:
            self._reschedule(SYNC_JOB, self._plan.local_change(_now()))
            self._reschedule(STATUS_JOB, _now())  # the pending count went up

    def sync_now(self) -> None:
        """Sync at once, back-off forgotten (someone asked, the device was just enrolled)."""
        with self._lock:
            self._credentials = None  # an enrolment brings a new token
            self._reschedule(SYNC_JOB, self._plan.now(_now(), forget_backoff=True))

    def poke(self) -> None:
        """The server has changes for this device (the long poll answered)."""
        with self._lock:
            self._reschedule(SYNC_JOB, self._plan.now(_now(), forget_backoff=False))

    def server_reachable(self) -> None:
        """The server answers again after being unreachable: sync now, back-off forgotten."""
        with self._lock:
            self._reschedule(SYNC_JOB, self._plan.now(_now(), forget_backoff=True))

    def _reschedule(self, job: str, at: dt.datetime | None) -> None:
        # Caller holds self._lock. None: a sync runs and picks the request up when it ends.
        if at is not None and not self._plan.stopped and self._scheduler.running:
            self._scheduler.modify_job(job, next_run_time=at)

    # ---- one run -------------------------------------------------------------------------

    def _run(self) -> None:
        with self._lock:
            if self._plan.stopped:
                return
            self._plan.begin()
            self._scheduler.pause_job(SYNC_JOB)  # triggers meanwhile are applied at the end
        summary = None
        try:
            self.publish()
            summary = self._attempt()
        except Exception:
            log.exception("A sync failed unexpectedly; it is tried again later")
            summary = SyncSummary(errors=("Sync failed unexpectedly; see the log file.",))
        finally:
            self._progress = None
            with self._lock:
                at = self._plan.end(_now(), ok=summary is None or summary.ok)
                self._reschedule(SYNC_JOB, at)
        self.publish()
        self._watch.wake()
        if summary is not None and self._on_synced is not None:
            self._on_synced(summary)

    def _attempt(self) -> SyncSummary | None:
        """Set up once, then sync if enrolled; None when there is nothing to sync with."""
        prepare, self._prepare = self._prepare, None
        if prepare is not None:
            self._note = prepare(self.store, self._stopping, self._report_progress)
        if not self.store.local_setting(state.SERVER_URL) or self._stopping.is_set():
            return None
        transport = AbortableTransport(self._sockets)
        return self._sync(self.store, progress=self._report_progress, transport=transport)

    def _report_progress(self, progress: SyncProgress) -> None:
        self._progress = FirstSyncProgress.of(progress)
        moment = time.monotonic()
        if moment - self._progress_at >= PROGRESS_EVERY_S:
            self._progress_at = moment
            self.publish()

    # ---- status --------------------------------------------------------------------------

    def publish(self) -> WorkerStatus:
        """Read the status from the database and hand it to ``on_status``. Worker threads."""
        with self._publish_lock:
            read_at = _now()
            current = state.read_status(self.store, now=read_at)
            status = status_of(
                current,
                read_at=read_at,
                syncing=self._plan.running,
                progress=None if current.first_sync_done else self._progress,
                next_attempt=self._plan.retry_at,
                note=self._note,
            )
            self._target = self._watch_target(status)
            self._on_status(status)
            return status

    def _watch_target(self, status: WorkerStatus) -> WatchTarget | None:
        """What the server watch listens to; None before enrolment and the first sync."""
        url = status.server_url
        if not status.enrolled or not url or not status.first_sync_done:
            return None
        if self._credentials is None or self._credentials[0] != url:
            try:
                token = keys.device_token(self.store.data_dir, demo=self.store.demo)
            except StoreError:  # no usable keyring: sync itself reports why
                return None
            if not token:
                return None
            self._credentials = (url, token)
        cursor = int(state.read(self.store, state.CURSOR) or 0)
        return WatchTarget(url, self._credentials[1], cursor, online=status.online is not False)


def _scheduler() -> BackgroundScheduler:
    # Two threads: the sync job and the status job; each job never overlaps itself.
    return BackgroundScheduler(
        executors={"default": {"type": "threadpool", "max_workers": 2}},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone=dt.UTC,
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
