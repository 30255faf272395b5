"""Database key handling against an in-memory keyring (no database, no D-Bus)."""

from __future__ import annotations

import stat

import keyring
import pytest
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked

from medspa_desktop.store import keys
from medspa_desktop.store.errors import KeyringUnavailableError, MissingKeyError


def test_a_new_database_gets_a_random_32_byte_key_kept_in_the_keyring(memory_keyring, tmp_path):
    key = keys.keyring_key(tmp_path, database_exists=False)

    entry = keys.keyring_entry_name(tmp_path)
    assert len(key) == 32
    assert memory_keyring.entries == {(keys.KEYRING_SERVICE, entry): key.hex()}
    assert keys.keyring_key(tmp_path, database_exists=True) == key


def test_each_data_directory_has_its_own_keyring_entry_and_key(memory_keyring, tmp_path):
    first = keys.keyring_key(tmp_path / "a", database_exists=False)
    second = keys.keyring_key(tmp_path / "b", database_exists=False)

    assert first != second
    assert len(memory_keyring.entries) == 2


def test_missing_key_for_an_existing_database_is_refused_not_replaced(memory_keyring, tmp_path):
    with pytest.raises(MissingKeyError, match="nothing was changed"):
        keys.keyring_key(tmp_path, database_exists=True)

    assert memory_keyring.entries == {}


def test_a_keyring_entry_that_is_not_a_key_is_refused(memory_keyring, tmp_path):
    memory_keyring.set_password(keys.KEYRING_SERVICE, keys.keyring_entry_name(tmp_path), "xyz")

    with pytest.raises(MissingKeyError, match="32 bytes"):
        keys.keyring_key(tmp_path, database_exists=True)


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_no_usable_keyring_is_refused_with_a_message_naming_it(backend, tmp_path):
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        with pytest.raises(KeyringUnavailableError) as raised:
            keys.keyring_key(tmp_path, database_exists=False)
    finally:
        keyring.set_keyring(previous)

    message = str(raised.value)
    assert type(backend).__module__ in message
    assert "gnome-keyring" in message and "medspa demo" in message


def test_a_chain_without_any_real_keyring_is_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [null.Keyring()])
    previous = keyring.get_keyring()
    keyring.set_keyring(chainer.ChainerBackend())
    try:
        with pytest.raises(KeyringUnavailableError, match="No usable OS keyring"):
            keys.keyring_key(tmp_path, database_exists=False)
    finally:
        keyring.set_keyring(previous)


def test_a_locked_keyring_says_to_unlock_it(memory_keyring, monkeypatch, tmp_path):
    def locked(service, username):
        raise KeyringLocked("Failed to unlock the collection!")

    monkeypatch.setattr(memory_keyring, "get_password", locked)

    with pytest.raises(KeyringUnavailableError, match="is locked"):
        keys.keyring_key(tmp_path, database_exists=True)


def test_a_keyring_that_loses_what_it_was_given_is_refused(memory_keyring, monkeypatch, tmp_path):
    monkeypatch.setattr(memory_keyring, "set_password", lambda service, username, pw: None)

    with pytest.raises(KeyringUnavailableError, match="did not give it back"):
        keys.keyring_key(tmp_path, database_exists=False)


def test_demo_key_lives_in_a_private_file_and_is_reused(tmp_path):
    key = keys.demo_key(tmp_path, database_exists=False)

    path = tmp_path / keys.DEMO_KEY_FILE
    assert path.read_text() == key.hex()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.demo_key(tmp_path, database_exists=True) == key


def test_demo_database_without_its_key_file_is_refused(tmp_path):
    with pytest.raises(MissingKeyError, match="key file"):
        keys.demo_key(tmp_path, database_exists=True)

    assert not (tmp_path / keys.DEMO_KEY_FILE).exists()


def test_derived_keys_differ_per_purpose_and_are_stable():
    db_key = bytes(range(32))

    blobs, audit = keys.derive_key(db_key, "blobs"), keys.derive_key(db_key, "audit")

    assert len(blobs) == 32 and blobs != audit and db_key not in (blobs, audit)
    assert keys.derive_key(db_key, "blobs") == blobs
    assert keys.derive_key(bytes(32), "blobs") != blobs
