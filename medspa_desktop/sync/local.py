"""Local write transactions of the sync engine (SQLAlchemy Core, BEGIN IMMEDIATE).

Public API: ``write_transaction(store, *, foreign_keys=True)``. Call from the sync worker
thread (or any thread but the GUI's): it waits for the database write lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from medspa_desktop.store.database import Store
from medspa_desktop.store.engine import BULK_CACHE_SIZE, CACHE_SIZE, for_writing


@contextmanager
def write_transaction(store: Store, *, foreign_keys: bool = True) -> Iterator[Connection]:
    """A connection inside one write transaction, committed when the block ends normally.

    ``foreign_keys=False`` (for pulled pages) turns foreign-key enforcement off on that
    connection for this one transaction: pulled pages arrive in server order, so a child row
    can come before its parent. The engine checks the references once the pull has caught
    up. The connection also gets a bigger page cache for the transaction.
    """
    with for_writing(store.engine).connect() as conn:
        if not foreign_keys:
            _set_foreign_keys(conn, on=False)
        try:
            with conn.begin():
                yield conn
        finally:
            if not foreign_keys:
                _restore_foreign_keys(conn)


def _set_foreign_keys(conn: Connection, *, on: bool) -> None:
    # NOTE: SQLite ignores PRAGMA foreign_keys inside a transaction, and SQLAlchemy would
    # open one on the first statement; so the pragma goes to the DB-API connection (which
    # runs in autocommit mode) before BEGIN and after COMMIT. A pulled page also gets a
    # bigger page cache, given back (and its memory freed) afterwards.
    raw = conn.connection.dbapi_connection
    raw.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")  # type: ignore[union-attr]
    raw.execute(CACHE_SIZE if on else BULK_CACHE_SIZE)  # type: ignore[union-attr]


def _restore_foreign_keys(conn: Connection) -> None:
    try:
        _set_foreign_keys(conn, on=True)
    except Exception:
        # A pooled connection must never go back with enforcement off: drop it instead.
        conn.invalidate()
        raise
