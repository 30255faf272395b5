"""Alembic revisions: every path to head gives exactly the models' schema, after a backup."""

from __future__ import annotations

import hashlib
import secrets

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.orm import Session

from medspa_desktop.store import ddl
from medspa_desktop.store.database import DB_FILE, open_store
from medspa_desktop.store.engine import check_integrity, connect_raw, create_store_engine
from medspa_desktop.store.migrate import BACKUP_DIR, MigrationError, script_directory, upgrade
from medspa_desktop.store.models import Base
from medspa_desktop.store.search import search_clients

REGENERATE = "python -m medspa_desktop.store.migrations.autogen --initial (or -m for a new one)"
EARLIER_REVISIONS = [
    "base",
    *reversed([s.revision for s in script_directory().walk_revisions()][1:]),
]


@pytest.fixture
def engine(tmp_path):
    engine = create_store_engine(tmp_path / DB_FILE, secrets.token_bytes(32))
    yield engine
    engine.dispose()


def _differences(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": ddl.include_name, "compare_type": True}
        )
        return compare_metadata(context, Base.metadata)


def _triggers(engine):
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in rows}


def test_upgrade_from_an_empty_database_gives_exactly_the_models(engine):
    upgrade(engine, "head")

    assert _differences(engine) == [], f"models and migrations differ: run {REGENERATE}"
    assert _triggers(engine) >= set(ddl.TRIGGERS)


@pytest.mark.parametrize("start", EARLIER_REVISIONS)
def test_upgrade_from_every_earlier_revision_reaches_head(engine, start):
    if start != "base":
        upgrade(engine, start)

    upgrade(engine, "head")

    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == (
            script_directory().get_current_head(),
        )
    assert _differences(engine) == [], f"models and migrations differ: run {REGENERATE}"
    assert _triggers(engine) >= set(ddl.TRIGGERS), "a revision dropped a hand-made trigger"


def test_clients_from_before_the_search_revision_become_searchable(engine, insert_raw_client):
    upgrade(engine, "0001")
    with engine.begin() as conn:
        insert_raw_client(
            conn, id="c1", first_name="Olivia", last_name="Smith", phone="+15551234567"
        )

    upgrade(engine, "head")

    with engine.connect() as conn, Session(bind=conn) as session:
        assert search_clients(session, "ol smi") == ["c1"]
        assert search_clients(session, "555 123") == ["c1"]


def test_an_upgrade_backs_the_database_up_first_encrypted(tmp_path, insert_raw_client):
    data_dir, key = tmp_path / "data", secrets.token_bytes(32)
    data_dir.mkdir()
    engine = create_store_engine(data_dir / DB_FILE, key)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        insert_raw_client(
            conn, id="c1", first_name="Olivia", last_name="Smith", phone="+15551234567"
        )
    engine.dispose()

    open_store(data_dir, key=key).close()

    [backup] = (data_dir / BACKUP_DIR).iterdir()
    assert "before-upgrade-from-0001" in backup.name
    conn = connect_raw(backup, key)
    try:
        check_integrity(conn)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert conn.execute("SELECT first_name FROM client").fetchall() == [("Olivia",)]
    finally:
        conn.close()
    assert b"Olivia" not in backup.read_bytes()


def test_a_new_database_and_a_current_one_take_no_backup(tmp_path):
    data_dir, key = tmp_path / "data", secrets.token_bytes(32)
    open_store(data_dir, key=key).close()
    open_store(data_dir, key=key).close()

    assert not (data_dir / BACKUP_DIR).exists()


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path):
    data_dir, key = tmp_path / "data", secrets.token_bytes(32)
    open_store(data_dir, key=key).close()
    conn = connect_raw(data_dir / DB_FILE, key)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = hashlib.sha256((data_dir / DB_FILE).read_bytes()).digest()

    with pytest.raises(MigrationError, match="newer version of MedSpa Desktop"):
        open_store(data_dir, key=key)

    assert hashlib.sha256((data_dir / DB_FILE).read_bytes()).digest() == before
    assert not (data_dir / BACKUP_DIR).exists()
