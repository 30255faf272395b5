"""Opening real data directories with keys from the OS keyring (in-memory and Secret Service)."""

from __future__ import annotations

import hashlib

import keyring
import pytest
from keyring.backends import fail

from medspa_desktop.store import keys
from medspa_desktop.store.database import DB_FILE, open_store
from medspa_desktop.store.errors import KeyringUnavailableError, MissingKeyError


def _fingerprint(data_dir):
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.iterdir())
        if p.is_file()
    }


def test_first_open_creates_the_key_in_the_keyring_and_reopens_with_it(memory_keyring, tmp_path):
    data_dir = tmp_path / "clinic"
    store = open_store(data_dir)
    store.set_local_setting("marker", "kept")
    store.close()

    entry = keys.keyring_entry_name(data_dir)
    assert list(memory_keyring.entries) == [(keys.KEYRING_SERVICE, entry)]
    assert not (data_dir / keys.DEMO_KEY_FILE).exists()
    reopened = open_store(data_dir)
    try:
        assert reopened.local_setting("marker") == "kept"
    finally:
        reopened.close()


def test_keyring_without_the_key_refuses_an_existing_database_and_leaves_it_alone(
    memory_keyring, tmp_path
):
    data_dir = tmp_path / "clinic"
    open_store(data_dir).close()
    before = _fingerprint(data_dir)
    memory_keyring.entries.clear()

    with pytest.raises(MissingKeyError, match="nothing was changed"):
        open_store(data_dir)

    assert memory_keyring.entries == {}, "a new key must never be made for existing data"
    assert _fingerprint(data_dir) == before


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_without_a_usable_keyring_a_real_database_is_not_created(no_keyring, tmp_path):
    with pytest.raises(KeyringUnavailableError, match="No usable OS keyring"):
        open_store(tmp_path / "real")

    assert not (tmp_path / "real" / DB_FILE).exists()


def test_demo_mode_opens_without_a_keyring_and_keeps_its_key_in_a_file(no_keyring, tmp_path):
    store = open_store(tmp_path / "demo", demo=True)
    store.set_local_setting("marker", "demo")
    store.close()

    assert (tmp_path / "demo" / keys.DEMO_KEY_FILE).is_file()
    reopened = open_store(tmp_path / "demo", demo=True)
    try:
        assert reopened.local_setting("marker") == "demo"
    finally:
        reopened.close()


@pytest.mark.system
@pytest.mark.timeout(90)
def test_secret_service_keeps_the_database_key(secret_service, tmp_path):
    import secretstorage

    data_dir = tmp_path / "clinic"
    store = open_store(data_dir)
    store.set_local_setting("marker", "via gnome-keyring")
    key = store.db_key
    store.close()

    with secretstorage.dbus_init() as bus:
        collection = secretstorage.Collection(bus, secret_service.preferred_collection)
        items = list(collection.search_items({"service": keys.KEYRING_SERVICE}))
        assert [item.get_secret().decode() for item in items] == [key.hex()]
    reopened = open_store(data_dir)
    try:
        assert reopened.local_setting("marker") == "via gnome-keyring"
    finally:
        reopened.close()


@pytest.mark.system
@pytest.mark.timeout(90)
def test_secret_service_without_the_entry_refuses_the_database(secret_service, tmp_path):
    data_dir = tmp_path / "clinic"
    open_store(data_dir).close()
    before = _fingerprint(data_dir)
    keyring.delete_password(keys.KEYRING_SERVICE, keys.keyring_entry_name(data_dir))

    with pytest.raises(MissingKeyError):
        open_store(data_dir)

    assert keyring.get_password(keys.KEYRING_SERVICE, keys.keyring_entry_name(data_dir)) is None
    assert _fingerprint(data_dir) == before
