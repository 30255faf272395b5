"""SQLAlchemy engine on SQLCipher; the raw key goes in through the connection factory.

NOTE: the key is never part of the URL, a log line or an exception message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from medspa_desktop.store.errors import IntegrityCheckError, WrongKeyError

KEY_BYTES = 32
CACHE_SIZE = "PRAGMA cache_size = -16000"
BULK_CACHE_SIZE = "PRAGMA cache_size = -65536"
"""For a connection storing big pulled pages (sync/local.py): a transaction of 6,000 rows
across ten indexes fits its changed pages in 64 MB instead of spilling them early."""
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 10000",
    CACHE_SIZE,
)
"""Applied to every connection. ``cache_size`` is 16 MB: each page read from disk costs a
decryption, so a larger page cache is the cheapest speed-up SQLCipher has."""
IMMEDIATE = "medspa_begin_immediate"
"""Execution option: begin transactions with BEGIN IMMEDIATE (see :func:`for_writing`)."""
READ_ONLY_PRAGMAS = ("PRAGMA temp_store = MEMORY", "PRAGMA query_only = ON")


def connect_raw(path: Path, key: bytes, *, check: bool = True, read_only: bool = False) -> Any:
    """Open one DB-API connection to an encrypted file with ``key`` (32 raw bytes).

    ``read_only`` opens an existing file without changing it (backups being verified).
    Raises :class:`WrongKeyError` when the key does not open the file. Any thread.
    """
    target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    conn = sqlcipher.connect(target, uri=read_only, check_same_thread=False, isolation_level=None)
    try:
        _apply_key(conn, key)
        if check:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for pragma in READ_ONLY_PRAGMAS if read_only else PRAGMAS:
            conn.execute(pragma)
    except sqlcipher.DatabaseError as err:
        conn.close()
        # NOTE: a wrong key fails on page 1 (SQLITE_NOTADB); a right key meeting a damaged
        # page while reading the schema reports corruption instead.
        if getattr(err, "sqlite_errorname", "") == "SQLITE_CORRUPT":
            raise IntegrityCheckError(_damaged(f"{path.name}: {err}")) from err
        raise WrongKeyError(
            f"The database file {path.name} in {path.parent} could not be opened with its "
            "key: the key is wrong (for example the keyring entry was replaced) or the file "
            "is damaged. Nothing was changed. Put the right key back into the keyring or "
            "restore the database from a backup ('medspa restore')."
        ) from err
    except BaseException:
        conn.close()
        raise
    return conn


def _apply_key(conn: Any, key: bytes) -> None:
    # NOTE: the key goes in as a raw-key literal on the connection only; the statement is
    # never logged and the key never appears in a URL or an exception message.
    if len(key) != KEY_BYTES:
        raise ValueError("The database key must be 32 bytes")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")


def copy_database(source: Any, target: Path, key: bytes) -> None:
    """Write a consistent encrypted copy of the open DB-API connection ``source`` to the new
    file ``target``, keyed with ``key``. Uses SQLite's online backup API, so the copy is one
    snapshot even while other connections write. Any thread.
    """
    copy = sqlcipher.connect(str(target), check_same_thread=False, isolation_level=None)
    try:
        _apply_key(copy, key)
        source.backup(copy)
        # A rollback-journal header makes the copy one self-contained file (no -wal needed).
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()


def create_store_engine(path: Path, key: bytes) -> Engine:
    """An engine whose every pooled connection is keyed and configured. Any thread."""

    def creator() -> Any:
        return connect_raw(path, key, check=False)

    engine = create_engine(
        "sqlite+pysqlite://",
        creator=creator,
        module=sqlcipher,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )

    # NOTE: the DB-API driver's own transaction handling is off (isolation_level=None);
    # SQLAlchemy emits BEGIN itself so that SAVEPOINT and rollback work as documented.
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def for_writing(engine: Engine) -> Engine:
    """The same engine (and pool), but each transaction takes the write lock at BEGIN.

    NOTE: a deferred transaction that reads and then writes fails at once with "database is
    locked" when another thread (sync worker, scheduled job) committed in between; waiting
    for the lock at BEGIN (up to busy_timeout) avoids that. Reads stay deferred, so they
    never wait for a writer, not even one held open by the same thread.
    """
    return engine.execution_options(**{IMMEDIATE: True})


def check_integrity(conn: Any) -> None:
    """Run SQLCipher's page HMAC check and SQLite's quick_check on a DB-API connection from
    :func:`connect_raw`; raise :class:`IntegrityCheckError` if either finds damage."""
    try:
        cipher = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check")]
        quick = [] if cipher else [r[0] for r in conn.execute("PRAGMA quick_check")]
    except sqlcipher.DatabaseError as err:
        raise IntegrityCheckError(_damaged(f"{type(err).__name__}: {err}")) from err
    if cipher:
        raise IntegrityCheckError(_damaged(f"{len(cipher)} damaged encrypted pages"))
    if quick != ["ok"]:
        raise IntegrityCheckError(_damaged("; ".join(quick[:3])))


def _damaged(detail: str) -> str:
    return (
        f"The clinic database failed its integrity check ({detail}), so it was not opened "
        "and nothing was changed. Restore it from the latest backup with 'medspa restore'."
    )
