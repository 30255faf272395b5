"""The device's sync bookkeeping: cursor, snapshot position, outcome of the last sync.

Everything lives in ``sync_state`` (engine bookkeeping) and ``local_setting`` (the server
address, the device's organisation and location), so it survives restarts and is written in
the same transaction as the rows it describes.

Public API:

- ``get``/``put``/``drop`` (``sync_state``) and ``get_setting``/``put_setting``
  (``local_setting``) on a Core connection; ``read(store, key)`` for one value.
- ``SnapshotPosition``: where a first sync's snapshot resumes.
- ``record_outcome(store, ...)``: the last attempt, success and error.
- ``SyncStatus`` and ``read_status(store)``: what the status bar shows. Any thread.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.dialects.sqlite import insert

from medspa_desktop.store.database import HLC_STATE_KEY, Store
from medspa_desktop.store.models import Appointment, LocalSetting, OutboxMutation, SyncState
from medspa_desktop.sync.local import write_transaction

CURSOR = "sync.cursor"
"""Last server sequence applied here; absent until the first sync's snapshot is complete."""
SNAPSHOT = "sync.snapshot"
LAST_APPLIED = "sync.last_applied"
"""The highest of this device's mutation numbers the server says it has processed."""
UPLOAD = "sync.upload"
"""The next entity whose rows the first device of a new organisation still has to queue."""
VERIFIED_CURSOR = "sync.verified_cursor"
MISMATCHES = "sync.mismatches"
"""JSON list of readable lines: tables that still differed from the server's at that cursor."""
LAST_ATTEMPT = "sync.last_attempt"
LAST_SUCCESS = "sync.last_success"
LAST_ERROR = "sync.last_error"
ONLINE = "sync.online"

SERVER_URL = "server_url"
ORG_ID = "org_id"
LOCATION_ID = "location_id"

PENDING = "pending"
CONFLICT_STATUS = "conflict"


def get(conn: Connection, key: str) -> str | None:
    return conn.scalar(select(SyncState.value).where(SyncState.key == key))


def put(conn: Connection, key: str, value: str) -> None:
    stmt = insert(SyncState).values(key=key, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def drop(conn: Connection, key: str) -> None:
    conn.execute(delete(SyncState).where(SyncState.key == key))


def get_setting(conn: Connection, key: str) -> str | None:
    return conn.scalar(select(LocalSetting.value).where(LocalSetting.key == key))


def put_setting(conn: Connection, key: str, value: str) -> None:
    stmt = insert(LocalSetting).values(key=key, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def keep_clock(conn: Connection, store: Store) -> None:
    """Persist the device's HLC in the caller's transaction: with a page it merged in, so a
    process killed before the sync's end restarts no earlier than what it stored."""
    # NOTE: ``Store.save_clock`` runs only when a sync or the app ends normally. A slow
    # device killed after a pull restarted behind the edits it had pulled, and its next
    # edit of the same field silently lost to the older one.
    put(conn, HLC_STATE_KEY, store.clock.last)


def read(store: Store, key: str) -> str | None:
    """One ``sync_state`` value, read outside any write transaction."""
    with store.engine.connect() as conn:
        return get(conn, key)


def cursor_of(conn: Connection) -> int | None:
    value = get(conn, CURSOR)
    return int(value) if value is not None else None


@dataclass(frozen=True)
class SnapshotPosition:
    """Where the first sync's snapshot continues: ``pin`` None until the server pinned it."""

    pin: int | None
    entity: str
    after: int

    def encode(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def decode(cls, text: str) -> SnapshotPosition:
        return cls(**json.loads(text))


def record_outcome(store: Store, *, error: str | None, online: bool) -> None:
    """Note when this sync ran, whether it succeeded, and its error (never a secret)."""
    now = dt.datetime.now(dt.UTC).isoformat()
    with write_transaction(store) as conn:
        put(conn, LAST_ATTEMPT, now)
        put(conn, ONLINE, "1" if online else "0")
        put(conn, LAST_ERROR, error or "")
        if error is None:
            put(conn, LAST_SUCCESS, now)


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar and the Sync panel show."""

    enrolled: bool
    server_url: str | None
    online: bool | None
    """None until a sync was tried."""
    pending: int
    oldest_pending_age: dt.timedelta | None
    last_success: dt.datetime | None
    last_error: str
    conflicts: int
    """Appointments in status ``conflict``, waiting for the front desk to resolve them."""
    first_sync_done: bool


def read_status(store: Store, *, now: dt.datetime | None = None) -> SyncStatus:
    """The device's sync status from the database alone (no network). Any thread."""
    now = now or dt.datetime.now(dt.UTC)
    with store.session_factory() as session:
        pending, oldest = session.execute(
            select(func.count(), func.min(OutboxMutation.created_at)).where(
                OutboxMutation.status == PENDING
            )
        ).one()
        conflicts = session.scalar(
            select(func.count())
            .select_from(Appointment)
            .where(Appointment.status == CONFLICT_STATUS, Appointment.deleted.is_(False))
        )
        conn = session.connection()
        online, success = get(conn, ONLINE), get(conn, LAST_SUCCESS)
        server_url, last_error = get_setting(conn, SERVER_URL), get(conn, LAST_ERROR)
        first_done = get(conn, CURSOR) is not None
    return SyncStatus(
        enrolled=server_url is not None,
        server_url=server_url,
        online=None if online is None else online == "1",
        pending=pending,
        oldest_pending_age=now - oldest if oldest else None,
        last_success=dt.datetime.fromisoformat(success) if success else None,
        last_error=last_error or "",
        conflicts=conflicts or 0,
        first_sync_done=first_done,
    )
