"""Database engines: SQLite (WAL, busy timeout, immediate write transactions) or PostgreSQL.

Every piece of state several server processes share lives here, so any number of processes
can serve one database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session

from medspa_server.wire import json_text

SQLITE_BUSY_TIMEOUT_MS = 15_000
WORKER_THREADS = 16
"""Threads of a server process that run database work (``app.py`` sets the limit). The
pool keeps a connection for each, so connections are reused, never opened and closed per
request (an overflow connection is closed when it is returned: opening one cost PostgreSQL
a new backend and a no-op poll six times its CPU; on SQLite, with the default pool of 5,
a tenth of a no-op poll went to opening connections and setting their pragmas)."""
_ENGINE: dict[str, Any] = {
    "pool_size": WORKER_THREADS + 4,
    "max_overflow": 10,
    "json_serializer": json_text,
}
CONNECT_TIMEOUT_S = 10
_WRITE_OPTION = "medspa_write"
_SINGLE_STATEMENT_OPTION = "medspa_single_statement"


class Database:
    """One engine per process; ``read()`` and ``write()`` hand out sessions. Any thread."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _create_engine(url)
        self._writer = self.engine.execution_options(**{_WRITE_OPTION: True})
        self._lookup = (
            self.engine.execution_options(isolation_level="AUTOCOMMIT")
            if self.dialect == "postgresql"
            else self.engine.execution_options(**{_SINGLE_STATEMENT_OPTION: True})
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def read(self) -> Session:
        """A session for queries; it sees one consistent snapshot until it ends."""
        return Session(self.engine, expire_on_commit=False)

    def write(self) -> Session:
        """A session for a write transaction. On SQLite it takes the write lock at its first
        statement, so a read-then-write never fails on a snapshot another process moved."""
        return Session(self._writer, expire_on_commit=False)

    def lookup(self) -> Connection:
        """A connection for one consistent single-statement read. It runs in autocommit (a
        single statement sees one snapshot by itself): no BEGIN and ROLLBACK around it."""
        return self._lookup.connect()

    def writer_connection(self) -> Connection:
        return self._writer.connect()

    def dispose(self) -> None:
        self.engine.dispose()


def _create_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **_ENGINE)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        # NOTE: no pool_pre_ping: it was a third of a no-op poll (a round trip per
        # checkout). If PostgreSQL restarts, the first statement on a dead connection fails;
        # SQLAlchemy then discards every pooled connection, so each server process answers
        # one request with an error (the device retries) and reconnects.
        # A database host that stops answering fails a new connection after 10 s, not
        # after the system's TCP time-out of minutes.
        engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S}, **_ENGINE)
    if engine.dialect.name == "sqlite":
        # An INSERT executed with a list of rows goes out as multi-row VALUES statements
        # (SQLAlchemy's "insertmanyvalues", compiled once and cached), not a statement per
        # row. Not on PostgreSQL: psycopg parses each huge statement again (its statement
        # cache stops at 4 KB), so its own pipelined executemany is twice as fast there.
        engine.dialect.use_insertmanyvalues_wo_returning = True
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # NOTE: pysqlite's own transaction handling starts transactions late (at the first
    # INSERT/UPDATE), so reads before it would run outside the transaction; we switch it off
    # and emit BEGIN ourselves in _sqlite_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(_SINGLE_STATEMENT_OPTION, False):
        return  # pysqlite's own handling is off: the statement runs in autocommit
    immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
