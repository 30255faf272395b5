"""Opening the encrypted clinic database: key, pragmas, integrity check."""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from contextlib import ExitStack

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from medspa_desktop.store.database import DB_FILE, open_store
from medspa_desktop.store.errors import IntegrityCheckError, WrongKeyError
from medspa_desktop.store.models import Client, LocalSetting


def _add_clients(store, count, org_id="org"):
    with store.uow() as uow:
        for n in range(count):
            uow.session.add(
                Client(org_id=org_id, first_name=f"First{n}", last_name=f"Last{n}", notes="x" * 400)
            )
        uow.commit()


def test_the_file_is_encrypted(store):
    _add_clients(store, 1)
    store.close()

    header = (store.data_dir / DB_FILE).read_bytes()[:16]
    assert header != b"SQLite format 3\x00"


def test_every_pooled_connection_has_the_pragmas(store):
    with ExitStack() as stack:
        connections = [stack.enter_context(store.engine.connect()) for _ in range(3)]
        for conn in connections:

            def pragma(name, conn=conn):
                return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2  # FULL
            assert pragma("temp_store") == 2  # MEMORY
            assert pragma("foreign_keys") == 1
            assert pragma("cipher_version")  # SQLCipher is keyed on this connection


def test_foreign_keys_are_enforced(store):
    with store.uow() as uow:
        uow.session.add(
            Client(org_id="org", first_name="A", last_name="B", home_location_id="no-such-place")
        )
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            uow.session.flush()


def test_a_wrong_key_is_refused_with_a_clear_message_and_nothing_changes(tmp_path):
    data_dir = tmp_path / "data"
    right, wrong = secrets.token_bytes(32), secrets.token_bytes(32)
    open_store(data_dir, key=right).close()
    before = hashlib.sha256((data_dir / DB_FILE).read_bytes()).digest()

    with pytest.raises(WrongKeyError) as raised:
        open_store(data_dir, key=wrong)

    message = str(raised.value)
    assert "could not be opened with its key" in message and "medspa restore" in message
    assert wrong.hex() not in message and right.hex() not in message
    assert hashlib.sha256((data_dir / DB_FILE).read_bytes()).digest() == before


@pytest.mark.parametrize("where", [0.25, 0.5, 0.9])
def test_a_damaged_file_fails_the_integrity_check_and_says_to_restore(tmp_path, where):
    data_dir, key = tmp_path / "data", secrets.token_bytes(32)
    store = open_store(data_dir, key=key)
    _add_clients(store, 300)
    store.close()
    path = data_dir / DB_FILE
    raw = bytearray(path.read_bytes())
    at = int(len(raw) * where)
    raw[at : at + 8] = bytes(b ^ 0xFF for b in raw[at : at + 8])
    path.write_bytes(bytes(raw))

    with pytest.raises(IntegrityCheckError, match="Restore it from the latest backup"):
        open_store(data_dir, key=key)


def test_the_key_never_reaches_the_url_or_the_log(tmp_path, caplog):
    key = secrets.token_bytes(32)
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    try:
        store = open_store(tmp_path / "data", key=key)
        _add_clients(store, 1)
        store.close()
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)

    assert "PRAGMA" in caplog.text or "INSERT" in caplog.text  # the log did record SQL
    assert key.hex() not in caplog.text.lower()
    assert key.hex() not in str(store.engine.url)


def test_units_of_work_on_several_threads_that_read_then_write_all_commit(store):
    errors = []

    def work(thread):
        for n in range(40):
            try:
                with store.uow() as uow:
                    uow.session.scalar(select(func.count()).select_from(LocalSetting))
                    uow.session.add(LocalSetting(key=f"{thread}-{n}", value="x"))
                    uow.commit()
            except Exception as err:
                errors.append(err)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with store.session_factory() as session:
        keys = session.scalars(select(LocalSetting.key).where(LocalSetting.key.like("%-%")))
        assert len(set(keys)) == 3 * 40


def test_reading_while_a_unit_of_work_holds_the_write_lock_does_not_wait(store):
    with store.uow() as uow:
        uow.session.add(LocalSetting(key="pending", value="x"))
        uow.session.flush()

        assert store.local_setting("pending") is None  # another connection, before commit
        uow.commit()

    assert store.local_setting("pending") == "x"
