"""A clinic whose computer died restores its backup on a new one with the recovery key."""

from __future__ import annotations

import keyring
import pytest
from sqlalchemy import select

from medspa_desktop import cli
from medspa_desktop.store import keys
from medspa_desktop.store.database import open_store
from medspa_desktop.store.models import AuditEntry, Client
from tests.conftest import MemoryKeyring


def _clinic_with_a_client(data_dir):
    store = open_store(data_dir)  # a real data folder: its key is in the (memory) keyring
    try:
        with store.uow() as uow:
            uow.session.add(Client(org_id="org", first_name="Wren", last_name="Halloway"))
            uow.commit()
    finally:
        store.close()


def _shown_recovery_key(capsys, data_dir) -> str:
    assert cli.main(["recovery-key", "--data-dir", str(data_dir)]) == 0
    printed = capsys.readouterr().out
    return next(word for word in printed.split() if word.startswith(keys.RECOVERY_PREFIX))


def test_a_backup_restores_on_a_new_computer_with_the_recovery_key(
    tmp_path, capsys, memory_keyring
):
    old = tmp_path / "old-pc"
    _clinic_with_a_client(old)
    recovery = _shown_recovery_key(capsys, old)
    backup = tmp_path / "usb" / "clinic.backup"
    assert cli.main(["backup", "--data-dir", str(old), "--out", str(backup)]) == 0
    key_file = tmp_path / "usb" / "recovery.txt"
    key_file.write_text(recovery.lower().replace("-", " - ") + "\n")  # as a person types it

    keyring.set_keyring(MemoryKeyring())  # the new computer: an empty keyring
    new = tmp_path / "new-pc"
    assert cli.main(["restore", "--data-dir", str(new), str(backup),
                     "--recovery-key-file", str(key_file)]) == 0  # fmt: skip

    store = open_store(new)  # opens through the new keyring, which now holds the key
    try:
        with store.session_factory() as session:
            assert session.scalar(select(Client.last_name)) == "Halloway"
            actions = set(session.scalars(select(AuditEntry.action)))
        assert {"store.recovery_key_shown", "store.restored"} <= actions
    finally:
        store.close()


def test_without_the_recovery_key_a_new_computer_is_refused_and_nothing_is_made(
    tmp_path, capsys, memory_keyring
):
    old = tmp_path / "old-pc"
    _clinic_with_a_client(old)
    backup = tmp_path / "clinic.backup"
    assert cli.main(["backup", "--data-dir", str(old), "--out", str(backup)]) == 0
    fresh = MemoryKeyring()
    keyring.set_keyring(fresh)
    new = tmp_path / "new-pc"
    assert cli.main(["restore", "--data-dir", str(new), str(backup)]) == 1
    refusal = capsys.readouterr().err
    assert "no key" in refusal
    assert "--recovery-key-file" in refusal
    assert fresh.entries == {}
    assert not (new / "clinic.db").exists()


def test_a_wrong_recovery_key_is_refused_and_the_keyring_is_left_alone(
    tmp_path, capsys, memory_keyring
):
    old = tmp_path / "old-pc"
    _clinic_with_a_client(old)
    backup = tmp_path / "clinic.backup"
    assert cli.main(["backup", "--data-dir", str(old), "--out", str(backup)]) == 0
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(keys.format_recovery_key(bytes(32)))
    fresh = MemoryKeyring()
    keyring.set_keyring(fresh)
    new = tmp_path / "new-pc"
    code = cli.main(["restore", "--data-dir", str(new), str(backup),
                     "--recovery-key-file", str(wrong)])  # fmt: skip
    assert code == 1
    assert "Nothing was replaced" in capsys.readouterr().err
    assert fresh.entries == {}


@pytest.mark.parametrize("typed", ["MSK1-00", "not a key", ""])
def test_a_mistyped_recovery_key_says_so(typed):
    with pytest.raises(keys.MissingKeyError, match="recovery key"):
        keys.parse_recovery_key(typed)
