"""The `medspa` command as a clinic's IT person runs it: real processes, real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from medspa_desktop.services.auth import LogIn, log_in
from medspa_desktop.store.database import open_store
from medspa_desktop.store.engine import connect_raw
from medspa_desktop.store.models import AuditEntry

DEMO_CLIENTS = "150"


def medspa(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medspa_desktop.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo") / "clinic"
    done = medspa("demo", "--data-dir", str(data_dir), "--clients", DEMO_CLIENTS)
    assert done.returncode == 0, done.stderr
    return data_dir


def _log_in_once(data_dir: Path) -> None:
    """Leave real audit entries behind: a failed and a successful log-in."""
    store = open_store(data_dir, demo=True)
    try:
        for password in ("not-the-password", "demo-clinic-2026"):
            with store.uow() as uow:
                try:
                    log_in(LogIn("olivia", password), uow=uow)
                except Exception:  # the failed attempt is audited, then refused
                    pass
    finally:
        store.close()


def test_demo_refuses_a_folder_that_already_holds_a_clinic(demo_dir):
    again = medspa("demo", "--data-dir", str(demo_dir), "--clients", DEMO_CLIENTS)
    assert again.returncode == 1
    assert "already holds a clinic" in again.stderr


def test_verify_audit_passes_on_an_untouched_log(demo_dir):
    _log_in_once(demo_dir)
    result = medspa("verify-audit", "--data-dir", str(demo_dir))
    assert result.returncode == 0, result.stderr
    assert "Audit log intact" in result.stdout


def test_verify_audit_exits_non_zero_and_names_an_edited_entry(demo_dir, tmp_path):
    _log_in_once(demo_dir)
    key = bytes.fromhex((demo_dir / "demo.key").read_text())
    conn = connect_raw(demo_dir / "clinic.db", key)
    try:
        triggers = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_entry'"
            )
        ]
        for name in triggers:  # an attacker with the key can drop the guards
            conn.execute(f"DROP TRIGGER {name}")
        victim = conn.execute(
            "SELECT id FROM audit_entry ORDER BY seq LIMIT 1 OFFSET 1"
        ).fetchone()[0]
        conn.execute("UPDATE audit_entry SET detail = detail || ' (edited)' WHERE id=?", (victim,))
    finally:
        conn.close()
    result = medspa("verify-audit", "--data-dir", str(demo_dir))
    assert result.returncode == 1
    assert victim in result.stderr
    assert "TAMPERED" in result.stderr


def test_run_without_a_display_says_so_and_points_to_screenshots(tmp_path):
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    result = medspa("run", "--data-dir", str(tmp_path / "none"), env=env)
    assert result.returncode == 2
    assert "No display" in result.stderr
    assert "medspa screenshots" in result.stderr


def test_a_real_data_dir_without_a_usable_keyring_is_refused_with_advice(tmp_path):
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = medspa("verify-audit", "--data-dir", str(tmp_path / "real"), env=env)
    assert result.returncode == 1
    assert "keyring" in result.stderr.lower()
    assert not (tmp_path / "real" / "clinic.db").exists()


def test_backup_then_restore_brings_back_what_was_backed_up(tmp_path):
    data_dir = tmp_path / "clinic"
    assert medspa("demo", "--data-dir", str(data_dir), "--clients", "60").returncode == 0
    out = tmp_path / "nightly.backup"
    made = medspa("backup", "--data-dir", str(data_dir), "--out", str(out))
    assert made.returncode == 0, made.stderr
    _log_in_once(data_dir)  # a change after the backup, which the restore must undo
    store = open_store(data_dir, demo=True)
    with store.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) > 0
    store.close()
    restored = medspa("restore", "--data-dir", str(data_dir), str(out))
    assert restored.returncode == 0, restored.stderr
    store = open_store(data_dir, demo=True)
    with store.session_factory() as session:
        # the log-ins after the backup are gone; the restore itself is on record
        assert list(session.scalars(select(AuditEntry.action))) == ["store.restored"]
    store.close()


def test_restore_refuses_a_damaged_backup_and_keeps_the_clinic(tmp_path):
    data_dir = tmp_path / "clinic"
    assert medspa("demo", "--data-dir", str(data_dir), "--clients", "60").returncode == 0
    out = tmp_path / "nightly.backup"
    assert medspa("backup", "--data-dir", str(data_dir), "--out", str(out)).returncode == 0
    raw = bytearray(out.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 64] = bytes(64)
    out.write_bytes(bytes(raw))
    before = (data_dir / "clinic.db").read_bytes()
    refused = medspa("restore", "--data-dir", str(data_dir), str(out))
    assert refused.returncode == 1
    assert "Nothing was replaced" in refused.stderr
    assert (data_dir / "clinic.db").read_bytes() == before
