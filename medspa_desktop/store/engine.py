"""SQLAlchemy engine on SQLCipher; the raw key goes in through the connection factory.

NOTE: the key is never part of the URL, a log line or an exception message.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from medspa_desktop.store.errors import IntegrityCheckError, WrongKeyError

log = logging.getLogger(__name__)

KEY_BYTES = 32
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 10000",
)


def connect_raw(path: Path, key: bytes, *, check: bool = True) -> Any:
    """Open one DB-API connection to an encrypted file with ``key`` (32 raw bytes).

    Raises :class:`WrongKeyError` when the key does not open the file. Any thread.
    """
    if len(key) != KEY_BYTES:
        raise ValueError("The database key must be 32 bytes")
    conn = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        if check:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for pragma in PRAGMAS:
            conn.execute(pragma)
    except sqlcipher.DatabaseError as err:
        conn.close()
        raise WrongKeyError(
            f"The clinic database {path.name} could not be opened with the key from the keyring: "
            "the key is wrong or the file is damaged. Nothing was changed. Restore the key "
            "to the keyring or restore the database from a backup ('medspa restore')."
        ) from err
    return conn


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
        conn.exec_driver_sql("BEGIN")

    return engine


def check_integrity(engine: Engine) -> None:
    """Run SQLCipher's HMAC page check and SQLite's quick_check; raise if either fails."""
    with engine.connect() as conn:
        cipher = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
        quick = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check")]
    if cipher:
        raise IntegrityCheckError(
            f"The encrypted database failed its integrity check ({len(cipher)} damaged "
            "pages). Restore it from the latest backup with 'medspa restore'."
        )
    if quick != ["ok"]:
        raise IntegrityCheckError(
            "The database structure is damaged (" + "; ".join(quick[:3]) + "). "
            "Restore it from the latest backup with 'medspa restore'."
        )
