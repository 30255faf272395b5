"""No byte on disk gives a client away: database, WAL, backups and blobs are all encrypted."""

from __future__ import annotations

import secrets
import sqlite3

from medspa_desktop.store.backup import backup
from medspa_desktop.store.database import DB_FILE, open_store
from medspa_desktop.store.engine import create_store_engine
from medspa_desktop.store.migrate import BACKUP_DIR, upgrade
from medspa_desktop.store.models import Client

NAME = ("Quillon", "Vexmoor")
EMAIL = "quillon.vexmoor@example.org"
PHONE = "+15559871234"
SECRETS = [*NAME, "Quillon Vexmoor", EMAIL, PHONE, PHONE[2:]]


def _needles():
    texts = {s for s in SECRETS} | {s.lower() for s in SECRETS}
    return {t.encode() for t in texts}


def _leaks(path):
    data = path.read_bytes()
    return sorted(n.decode() for n in _needles() if n in data)


def _add_client(store):
    with store.uow() as uow:
        uow.session.add(
            Client(
                org_id="org",
                first_name=NAME[0],
                last_name=NAME[1],
                email=EMAIL,
                phone=PHONE,
                notes=f"Referred by {NAME[0]}'s sister",
            )
        )
        uow.commit()


def test_the_scan_finds_the_client_in_an_unencrypted_database(tmp_path):
    plain = sqlite3.connect(tmp_path / "plain.db")
    plain.execute("CREATE TABLE client (first, last, email, phone)")
    plain.execute("INSERT INTO client VALUES (?, ?, ?, ?)", (*NAME, EMAIL, PHONE))
    plain.commit()
    plain.close()

    assert _leaks(tmp_path / "plain.db") != []


def test_no_file_in_the_data_directory_contains_the_client(tmp_path, insert_raw_client):
    data_dir, key = tmp_path / "data", secrets.token_bytes(32)
    data_dir.mkdir()
    engine = create_store_engine(data_dir / DB_FILE, key)
    upgrade(engine, "0001")
    with engine.begin() as conn:  # lands in the automatic backup taken before the upgrade
        insert_raw_client(conn, id="c0", first_name=NAME[0], last_name=NAME[1], email=EMAIL)
    engine.dispose()
    store = open_store(data_dir, key=key)
    try:
        _add_client(store)  # after the upgrade: in the WAL and through the search triggers
        store.blobs.put(f"Consent form signed by {' '.join(NAME)}, {EMAIL}, {PHONE}".encode())
        backup(store, data_dir / BACKUP_DIR / "nightly.medspa-backup")

        files = [p for p in data_dir.rglob("*") if p.is_file()]
        wal = data_dir / f"{DB_FILE}-wal"
        assert wal in files and wal.stat().st_size > 0, "the WAL must hold the new rows"
        assert len(list((data_dir / BACKUP_DIR).iterdir())) == 2  # before upgrade, nightly
        assert len(list(store.blobs.shas())) == 1
        leaks = {str(p.relative_to(data_dir)): _leaks(p) for p in files}
        assert {p: found for p, found in leaks.items() if found} == {}
    finally:
        store.close()
