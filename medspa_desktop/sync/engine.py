"""One sync: upload (first device of a new organisation), push, send files, pull, fetch
files, check, verify.

Public API: ``sync_once(store, *, progress=None, transport=None) -> SyncSummary``. Call from
the one sync worker (never the GUI thread); concurrent calls for one data directory in a
process wait for each other.

Order matters: pending local changes go up before anything comes down, so the server merges
them first; pulled pages never overwrite a field that still has a pending local edit; the
tables are compared with the server only when nothing is pending and the pull caught up.
Files (photos, signatures, consent PDFs) travel after the rows that name them, and a file
that fails only warns: it never holds rows back or fails the sync.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import httpx
from sqlalchemy import func, select

from medspa_desktop.store import keys
from medspa_desktop.store.database import Store
from medspa_desktop.store.errors import StoreError
from medspa_desktop.store.models import OutboxMutation
from medspa_desktop.sync import state
from medspa_desktop.sync.apply import dangling_references
from medspa_desktop.sync.blobs_down import fetch_files
from medspa_desktop.sync.blobs_up import send_files
from medspa_desktop.sync.client import SyncClient
from medspa_desktop.sync.errors import NotEnrolled, Offline, SyncError
from medspa_desktop.sync.pull import pull_all
from medspa_desktop.sync.push import push_pending
from medspa_desktop.sync.run import Progress, SyncRun
from medspa_desktop.sync.upload import queue_initial_upload
from medspa_desktop.sync.verify import remembered_mismatches, verify_and_repair

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


@dataclass(frozen=True)
class SyncSummary:
    """What one sync did; ``errors`` and ``warnings`` are fit to show staff."""

    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    """Pushed changes the server kept in status ``conflict`` (appointments that overlap)."""
    rejected: int = 0
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    first_sync: bool = False
    """This run fetched (part of) the first-sync snapshot."""
    mismatched: tuple[str, ...] = ()
    """Tables whose counts or ledger hashes differed from the server's after the sync."""
    repaired: tuple[str, ...] = ()
    """Mismatched tables that matched again after being fetched anew."""

    @property
    def ok(self) -> bool:
        return not self.errors


def sync_once(
    store: Store,
    *,
    progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
) -> SyncSummary:
    """Run one complete sync now and return its summary; never raises for sync problems."""
    with _lock_of(store):
        try:
            server_url, token = _credentials(store)
        except (SyncError, StoreError) as err:
            return SyncSummary(errors=(str(err),))
        with SyncClient(server_url, clock=store.clock, token=token, transport=transport) as client:
            run = SyncRun(store, client, progress)
            online = True
            try:
                _sync(run)
            except SyncError as err:
                run.errors.append(str(err))
                online = not isinstance(err, Offline)
            finally:
                store.save_clock()
        state.record_outcome(store, error="\n".join(run.errors) or None, online=online)
        return _summary(run)


def _credentials(store: Store) -> tuple[str, str]:
    server_url = store.local_setting(state.SERVER_URL)
    token = keys.device_token(store.data_dir, demo=store.demo) if server_url else None
    if not server_url or not token:
        raise NotEnrolled(
            "This device is not enrolled with a sync server, so nothing was synced. A manager "
            "can enrol it in Settings, or run 'medspa enrol --server URL --code CODE'."
        )
    return server_url, token


def _sync(run: SyncRun) -> None:
    queue_initial_upload(run.store, progress=lambda *step: run.report("upload", *step))
    push_pending(run)
    send_files(run)
    cursor = pull_all(run)
    if run.touched:
        with run.store.engine.connect() as conn:
            run.errors.extend(dangling_references(conn, run.touched))
    fetch_files(run)
    if _pending(run.store) != 0:
        return
    if _worth_verifying(run, cursor):
        verify_and_repair(run, cursor)
    else:
        run.errors.extend(remembered_mismatches(run))


def _worth_verifying(run: SyncRun, cursor: int) -> bool:
    # Nothing sent or fetched since the last comparison at this cursor: the tables cannot
    # differ from then, so the comparison (a scan of every table) is skipped.
    unchanged = run.pushed == 0 and run.pulled == 0
    return not unchanged or state.read(run.store, state.VERIFIED_CURSOR) != str(cursor)


def _pending(store: Store) -> int:
    with store.engine.connect() as conn:
        count = select(func.count()).select_from(OutboxMutation)
        return conn.scalar(count.where(OutboxMutation.status == state.PENDING)) or 0


def _summary(run: SyncRun) -> SyncSummary:
    return SyncSummary(
        pushed=run.pushed,
        pulled=run.pulled,
        conflicts=run.conflicts,
        rejected=run.rejected,
        errors=tuple(run.errors),
        warnings=tuple(run.warnings),
        first_sync=run.first_sync,
        mismatched=tuple(run.mismatched),
        repaired=tuple(run.repaired),
    )


def _lock_of(store: Store) -> threading.Lock:
    key = str(store.data_dir.resolve())
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())
