"""Open a data directory: key, engine, migrations, integrity check, blob store."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from medspa_desktop.domain.hlc import HybridLogicalClock
from medspa_desktop.domain.ids import new_id
from medspa_desktop.store import keys
from medspa_desktop.store.blobs import BlobStore
from medspa_desktop.store.engine import (
    check_integrity,
    connect_raw,
    create_store_engine,
    for_writing,
)
from medspa_desktop.store.migrate import migrate
from medspa_desktop.store.models import LocalSetting, SyncState
from medspa_desktop.store.uow import UnitOfWork

log = logging.getLogger(__name__)

DB_FILE = "clinic.db"
BLOB_DIR = "blobs"
HLC_STATE_KEY = "hlc"


@dataclass
class Store:
    """An opened, keyed, migrated clinic database. Share one per process."""

    data_dir: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    clock: HybridLogicalClock
    device_id: str
    db_key: bytes = field(repr=False)
    demo: bool = False

    @property
    def path(self) -> Path:
        return self.data_dir / DB_FILE

    @cached_property
    def write_session_factory(self) -> sessionmaker[Session]:
        """Sessions whose transactions take the write lock at BEGIN (``engine.for_writing``).

        Units of work use these; ``session_factory`` sessions are for reading.
        """
        return sessionmaker(for_writing(self.engine), expire_on_commit=False)

    def uow(self) -> UnitOfWork:
        """A new unit of work; use it from one thread only."""
        return UnitOfWork(
            self.write_session_factory,
            clock=self.clock,
            device_id=self.device_id,
            audit_key=self.derived_key("audit"),
        )

    def derived_key(self, purpose: str) -> bytes:
        return keys.derive_key(self.db_key, purpose)

    @cached_property
    def blobs(self) -> BlobStore:
        """Encrypted photos, signatures and PDFs of this data directory. Any thread."""
        return BlobStore(self.data_dir / BLOB_DIR, self.derived_key("blobs"))

    def local_setting(self, key: str) -> str | None:
        with self.session_factory() as session:
            row = session.get(LocalSetting, key)
            return row.value if row else None

    def set_local_setting(self, key: str, value: str) -> None:
        with self.write_session_factory.begin() as session:
            session.merge(LocalSetting(key=key, value=value))

    def save_clock(self) -> None:
        """Persist the HLC so it stays monotonic across restarts."""
        with self.write_session_factory.begin() as session:
            session.merge(SyncState(key=HLC_STATE_KEY, value=self.clock.last))

    def close(self) -> None:
        self.save_clock()
        self.engine.dispose()


def database_exists(data_dir: Path) -> bool:
    path = data_dir / DB_FILE
    return path.exists() and path.stat().st_size > 0


def open_store(data_dir: Path, *, demo: bool = False, key: bytes | None = None) -> Store:
    """Open (creating if new) the clinic database in ``data_dir``. Not on the GUI thread.

    ``key`` overrides the key source (tests, restore). Otherwise demo data keeps its key in
    a file and real data in the OS keyring. Raises a ``StoreError`` whose message says what
    to do when the key is missing or wrong, the keyring is unusable or the file is damaged.
    An existing database is checked (page HMACs and quick_check) and, when its schema is
    older, backed up and upgraded.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    exists = database_exists(data_dir)
    if key is None:
        if demo:
            key = keys.demo_key(data_dir, database_exists=exists)
        else:
            key = keys.keyring_key(data_dir, database_exists=exists)
    engine = _open_engine(data_dir / DB_FILE, key, check=exists)
    session_factory = sessionmaker(engine, expire_on_commit=False)
    device_id, clock = _device_and_clock(sessionmaker(for_writing(engine)))
    log.info("Opened the clinic database in %s (demo: %s)", data_dir, demo)
    return Store(
        data_dir=data_dir,
        engine=engine,
        session_factory=session_factory,
        clock=clock,
        device_id=device_id,
        db_key=key,
        demo=demo,
    )


def _open_engine(path: Path, key: bytes, *, check: bool) -> Engine:
    conn = connect_raw(path, key)  # fails fast, with a clear message, on a wrong key
    try:
        if check:
            check_integrity(conn)
    finally:
        conn.close()
    engine = create_store_engine(path, key)
    try:
        migrate(engine, path, key)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _device_and_clock(
    session_factory: sessionmaker[Session],
) -> tuple[str, HybridLogicalClock]:
    with session_factory.begin() as session:
        device = session.get(LocalSetting, "device_id")
        if device is None:
            device = LocalSetting(key="device_id", value=new_id())
            session.add(device)
        hlc_row = session.scalar(select(SyncState).where(SyncState.key == HLC_STATE_KEY))
        clock = HybridLogicalClock(device.value, persisted=hlc_row.value if hlc_row else None)
        return device.value, clock
