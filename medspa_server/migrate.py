"""Bring the server database to the newest schema (``medspa-server migrate`` and ``serve``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from medspa_server.db import Database

SCRIPT_LOCATION = Path(__file__).with_name("migrations")
# Any fixed number: PostgreSQL advisory lock that makes concurrent `serve` starts migrate
# one after the other instead of racing on the same DDL.
_MIGRATION_LOCK = 0x6D656473


def migrate(database: Database) -> str | None:
    """Upgrade to head; returns the revision the database was at before (None when new)."""
    with database.writer_connection() as conn, conn.begin():
        if database.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        before = MigrationContext.configure(conn).get_current_revision()
        config = Config()
        config.set_main_option("script_location", str(SCRIPT_LOCATION))
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return before


def head_revision() -> str | None:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    return ScriptDirectory.from_config(config).get_current_head()
