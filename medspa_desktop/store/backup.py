"""Encrypted backup of a data directory, and a restore that verifies before it replaces.

A backup is one SQLCipher file keyed with the data directory's database key (the key in
the OS keyring; for demo data the one in ``demo.key``). It holds a consistent online copy
of ``clinic.db`` plus two tables: ``medspa_backup_info`` (format, time, schema revision)
and ``medspa_backup_blob`` (every blob file exactly as stored, still AES-GCM encrypted).
SQLCipher authenticates every page, so a damaged or altered byte anywhere in the file is
found by the integrity check before a restore touches the data directory.

NOTE: a backup opens only with the key of the data directory that made it. Restoring on
another computer needs that key too, so keep a copy of it somewhere safe.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from medspa_desktop.store import keys
from medspa_desktop.store.blobs import BlobMissingError, BlobStore, fsync_dir
from medspa_desktop.store.database import BLOB_DIR, DB_FILE, Store
from medspa_desktop.store.engine import check_integrity, connect_raw, copy_database
from medspa_desktop.store.errors import IntegrityCheckError, StoreError, WrongKeyError
from medspa_desktop.store.migrate import check_known_revision

FORMAT = "1"


class BackupError(StoreError):
    pass


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: dt.datetime
    schema_revision: str
    blob_count: int
    size_bytes: int


@dataclass(frozen=True)
class RestoreResult:
    backup: BackupInfo
    previous_database: Path | None
    """Where the database that was replaced now lies (renamed, never deleted), if any."""


def backup(store: Store, out: Path) -> BackupInfo:
    """Write an encrypted backup of ``store`` (database and blobs) to the new file ``out``.

    Runs while the app keeps working: the database copy is one consistent snapshot. The
    file appears under its name only when complete, and is then read back and verified.
    Not on the GUI thread.
    """
    if out.exists():
        raise BackupError(f"{out} already exists; choose another file name for the backup.")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        raw = store.engine.raw_connection()
        try:
            copy_database(raw.driver_connection, partial, store.db_key)
        finally:
            raw.close()
        with closing(connect_raw(partial, store.db_key)) as conn:
            _add_blobs_and_info(conn, store.blobs)
            conn.execute("PRAGMA journal_mode = DELETE")
        _fsync(partial)
        os.replace(partial, out)
        fsync_dir(out.parent)
    except BaseException:
        for leftover in (partial, *_companions(partial)):
            leftover.unlink(missing_ok=True)
        raise
    return read_backup_info(out, store.db_key)


def _add_blobs_and_info(conn: Any, blobs: BlobStore) -> None:
    conn.execute("BEGIN")
    conn.execute("CREATE TABLE medspa_backup_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("CREATE TABLE medspa_backup_blob (sha TEXT PRIMARY KEY, sealed BLOB NOT NULL)")
    count = 0
    for sha in blobs.shas():
        try:
            sealed = blobs.sealed(sha)
        except BlobMissingError:
            continue  # erased for privacy since the listing: it stays out of the backup
        conn.execute("INSERT INTO medspa_backup_blob VALUES (?, ?)", (sha, sealed))
        count += 1
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    info = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "schema_revision": revision,
        "blob_count": str(count),
    }
    conn.executemany("INSERT INTO medspa_backup_info VALUES (?, ?)", info.items())
    conn.execute("COMMIT")


def read_backup_info(backup_file: Path, key: bytes) -> BackupInfo:
    """Open and fully verify a backup without changing it; raise :class:`BackupError`."""
    where = f"The backup file {backup_file.name}"
    if not backup_file.is_file():
        raise BackupError(f"{where} does not exist. Check the path and try again.")
    try:
        with closing(connect_raw(backup_file, key, read_only=True)) as conn:
            check_integrity(conn)
            info = dict(conn.execute("SELECT key, value FROM medspa_backup_info").fetchall())
    except WrongKeyError:
        raise BackupError(
            f"{where} cannot be opened with this data folder's key: it belongs to another "
            "data folder or is damaged. Nothing was replaced."
        ) from None
    except IntegrityCheckError as err:
        raise BackupError(
            f"{where} is damaged and cannot be used. Nothing was replaced. Use another backup."
        ) from err
    except sqlcipher.DatabaseError as err:  # no info table: some other SQLCipher file
        raise BackupError(f"{where} is not a MedSpa Desktop backup. Nothing was replaced.") from err
    if info.get("format") != FORMAT:
        raise BackupError(f"{where} has an unknown format; use a newer MedSpa Desktop.")
    check_known_revision(info["schema_revision"], where)
    return BackupInfo(
        path=backup_file,
        created_at=dt.datetime.fromisoformat(info["created_at"]),
        schema_revision=info["schema_revision"],
        blob_count=int(info["blob_count"]),
        size_bytes=backup_file.stat().st_size,
    )


def restore(data_dir: Path, backup_file: Path, *, key: bytes) -> RestoreResult:
    """Replace the database of ``data_dir`` by the one in ``backup_file`` and add its blobs.

    The backup is verified first; the current database is renamed aside, never deleted.
    Close every Store of ``data_dir`` before calling. Not on the GUI thread.
    """
    info = read_backup_info(backup_file, key)
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=data_dir, prefix=".restore-"))
    try:
        staged = staging / DB_FILE
        _stage_database(backup_file, staged, key)
        blobs = BlobStore(data_dir / BLOB_DIR, keys.derive_key(key, "blobs"))
        _restore_blobs(backup_file, key, blobs)
        previous = _set_aside(data_dir / DB_FILE)
        os.replace(staged, data_dir / DB_FILE)
        fsync_dir(data_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreResult(backup=info, previous_database=previous)


def _stage_database(backup_file: Path, staged: Path, key: bytes) -> None:
    with closing(connect_raw(backup_file, key, read_only=True)) as source:
        copy_database(source, staged, key)
    with closing(connect_raw(staged, key)) as conn:
        conn.execute("DROP TABLE medspa_backup_blob")
        conn.execute("DROP TABLE medspa_backup_info")
        conn.execute("VACUUM")
        conn.execute("PRAGMA journal_mode = DELETE")
        check_integrity(conn)
    _fsync(staged)


def _restore_blobs(backup_file: Path, key: bytes, blobs: BlobStore) -> None:
    with closing(connect_raw(backup_file, key, read_only=True)) as conn:
        for sha, sealed in conn.execute("SELECT sha, sealed FROM medspa_backup_blob"):
            try:
                blobs.put_sealed(sha, sealed)
            except StoreError as err:
                raise BackupError(
                    f"A stored file in the backup {backup_file.name} is damaged ({err}); the "
                    "database was not replaced. Use another backup."
                ) from err


def _set_aside(db: Path) -> Path | None:
    """Rename the current database (with its WAL, which may hold its newest pages)."""
    if not db.exists():
        return None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = db.with_name(f"{db.name}.before-restore-{stamp}")
    for companion, moved in zip(_companions(db), _companions(aside), strict=True):
        if companion.exists():
            os.replace(companion, moved)
    os.replace(db, aside)
    return aside


def _companions(db: Path) -> tuple[Path, Path]:
    """SQLite's WAL and shared-memory files that belong to ``db``."""
    return db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")


def _fsync(path: Path) -> None:
    with path.open("rb+") as file:
        os.fsync(file.fileno())
