"""Bring the clinic database to the newest schema on open, after an encrypted backup.

Revisions live in ``store/migrations`` (see its docstring for how to write or regenerate
one). Alembic always runs on our own keyed connection, never on a URL.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, inspect

from medspa_desktop.store.engine import copy_database, for_writing
from medspa_desktop.store.errors import StoreError

log = logging.getLogger(__name__)

SCRIPT_LOCATION = Path(__file__).with_name("migrations")
BACKUP_DIR = "backups"


class MigrationError(StoreError):
    pass


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configuration for our revisions; ``connection`` is the one they run on."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def check_known_revision(revision: str | None, where: str) -> None:
    """Refuse a schema this version of the app does not know (made by a newer version)."""
    if revision is None:
        return
    try:
        script_directory().get_revision(revision)
    except CommandError:
        raise MigrationError(
            f"{where} was written by a newer version of MedSpa Desktop (schema {revision}). "
            "Nothing was changed. Install the latest version of MedSpa Desktop and try again."
        ) from None


def migrate(engine: Engine, path: Path, key: bytes) -> Path | None:
    """Upgrade the database at ``path`` to head; returns the backup taken first, if any.

    A brand-new empty database gets the schema without a backup; an existing one is first
    copied, still encrypted with ``key``, into ``<data-dir>/backups/``. Not on the GUI thread.
    """
    head = script_directory().get_current_head()
    with engine.connect() as conn:
        current = current_revision(conn)
        has_tables = bool(inspect(conn).get_table_names())
    if current == head:
        return None
    check_known_revision(current, f"The clinic database in {path.parent}")
    if current is None and has_tables:
        raise MigrationError(
            f"The clinic database in {path.parent} has tables but no schema version, so it "
            "cannot be upgraded safely; nothing was changed. It was probably made by a "
            "development build: restore a backup, or for demo data delete the folder."
        )
    backup = _backup_before_upgrade(engine, path, key, current) if current else None
    log.info("Upgrading the database schema from %s to %s", current, head)
    upgrade(engine, "head")
    return backup


def upgrade(engine: Engine, revision: str) -> None:
    """Run the revisions up to ``revision`` in one transaction.

    Foreign keys are off meanwhile and checked before commit: batch mode rebuilds tables by
    copy-and-rename, which SQLite only allows safely that way (its "12-step" recipe).
    """
    with for_writing(engine).connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        # NOTE: the pragma is a no-op inside a transaction, so it goes in before BEGIN.
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                command.upgrade(alembic_config(conn), revision)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise MigrationError(
                        f"The schema upgrade would leave {len(broken)} broken references "
                        f"(first in table {broken[0][0]}), so it was undone. Contact support."
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def _backup_before_upgrade(engine: Engine, path: Path, key: bytes, current: str) -> Path:
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{path.stem}-before-upgrade-from-{current}-{stamp}.db"
    raw = engine.raw_connection()
    try:
        copy_database(raw.driver_connection, target, key)
    finally:
        raw.close()
    log.info("Backed up the database to %s before upgrading it", target.name)
    return target
