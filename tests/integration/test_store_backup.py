"""Encrypted backup of a running clinic database and a restore that verifies first."""

from __future__ import annotations

import hashlib
import secrets

import pytest
from sqlalchemy import select

from medspa_desktop.store.backup import BackupError, backup, read_backup_info, restore
from medspa_desktop.store.database import DB_FILE, open_store
from medspa_desktop.store.engine import connect_raw
from medspa_desktop.store.models import Client
from medspa_desktop.store.search import search_clients

PHOTO = b"photo bytes " * 1000


def _add_client(store, first, last):
    with store.uow() as uow:
        uow.session.add(Client(org_id="org", first_name=first, last_name=last))
        uow.commit()


def _names(store):
    with store.session_factory() as session:
        rows = session.execute(select(Client.first_name, Client.last_name).order_by(Client.id))
        return [tuple(row) for row in rows]


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def clinic(store):
    _add_client(store, "Olivia", "Smith")
    _add_client(store, "Oliver", "Jones")
    sha = store.blobs.put(PHOTO)
    return store, sha


def test_backup_then_restore_into_a_fresh_directory_gives_the_same_data(clinic, tmp_path):
    store, sha = clinic
    info = backup(store, tmp_path / "nightly.medspa-backup")

    result = restore(tmp_path / "restored", info.path, key=store.db_key)

    assert result.previous_database is None
    assert (info.blob_count, result.backup.schema_revision) == (1, info.schema_revision)
    restored = open_store(tmp_path / "restored", key=store.db_key)
    try:
        assert _names(restored) == _names(store)
        assert restored.blobs.get(sha) == PHOTO
        with restored.session_factory() as session:
            assert len(search_clients(session, "oli")) == 2
    finally:
        restored.close()
    conn = connect_raw(tmp_path / "restored" / DB_FILE, store.db_key)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert not {"medspa_backup_info", "medspa_backup_blob"} & tables


def test_backup_is_one_consistent_snapshot_while_the_app_writes(clinic, tmp_path):
    store, _ = clinic
    with store.engine.connect() as writer:
        writer.exec_driver_sql(
            "UPDATE client SET last_name = 'Uncommitted' WHERE first_name = 'Olivia'"
        )
        info = backup(store, tmp_path / "online.medspa-backup")
        writer.rollback()

    restore(tmp_path / "restored", info.path, key=store.db_key)
    restored = open_store(tmp_path / "restored", key=store.db_key)
    try:
        assert ("Olivia", "Smith") in _names(restored)
    finally:
        restored.close()


def test_the_backup_file_is_encrypted_and_holds_no_plaintext(clinic, tmp_path):
    store, _ = clinic
    info = backup(store, tmp_path / "b.medspa-backup")

    raw = info.path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"Olivia" not in raw and b"photo bytes" not in raw
    assert read_backup_info(info.path, store.db_key).blob_count == 1


def test_restore_over_existing_data_keeps_the_previous_database_aside(clinic, tmp_path):
    store, _ = clinic
    info = backup(store, tmp_path / "b.medspa-backup")
    _add_client(store, "Added", "Later")
    store.close()

    result = restore(store.data_dir, info.path, key=store.db_key)

    assert result.previous_database is not None and result.previous_database.exists()
    reopened = open_store(store.data_dir, key=store.db_key)
    try:
        assert ("Added", "Later") not in _names(reopened)
    finally:
        reopened.close()
    aside = connect_raw(result.previous_database, store.db_key)
    try:
        assert aside.execute("SELECT count(*) FROM client").fetchone() == (3,)
    finally:
        aside.close()


def test_a_damaged_backup_is_refused_and_nothing_is_replaced(clinic, tmp_path):
    store, _ = clinic
    info = backup(store, tmp_path / "b.medspa-backup")
    store.close()
    raw = bytearray(info.path.read_bytes())
    raw[len(raw) // 2] ^= 0x40
    info.path.write_bytes(bytes(raw))
    before = {p.name: _digest(p) for p in store.data_dir.rglob("*") if p.is_file()}

    with pytest.raises(BackupError, match=r"is damaged.*Nothing was replaced"):
        restore(store.data_dir, info.path, key=store.db_key)

    after = {p.name: _digest(p) for p in store.data_dir.rglob("*") if p.is_file()}
    assert after == before


def test_a_backup_for_another_key_is_refused(clinic, tmp_path):
    store, _ = clinic
    info = backup(store, tmp_path / "b.medspa-backup")

    with pytest.raises(BackupError, match="another data folder"):
        restore(tmp_path / "elsewhere", info.path, key=secrets.token_bytes(32))

    assert not (tmp_path / "elsewhere" / DB_FILE).exists()


def test_a_file_that_is_not_a_backup_is_refused(store, tmp_path):
    with pytest.raises(BackupError, match="not a MedSpa Desktop backup"):
        restore(tmp_path / "elsewhere", store.path, key=store.db_key)


def test_a_backup_never_overwrites_an_existing_file(clinic, tmp_path):
    store, _ = clinic
    target = tmp_path / "b.medspa-backup"
    target.write_bytes(b"keep me")

    with pytest.raises(BackupError, match="already exists"):
        backup(store, target)

    assert target.read_bytes() == b"keep me"
