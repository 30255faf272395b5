"""Integration fixtures: a real Secret Service (gnome-keyring) on a private D-Bus session bus,
and raw client rows for databases at an older schema revision."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy import text

_FILLERS = {"JSON": "[]", "DATETIME": "2024-01-01 00:00:00", "DATE": "2000-01-01"}
LOGIN_COLLECTION = "/org/freedesktop/secrets/collection/login"
START_TIMEOUT_S = 15.0

# No <standard_session_servicedirs/>: nothing is D-Bus-activated on this bus, so no second,
# locked gnome-keyring can start behind the one we unlock (its prompt would hang the test).
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@pytest.fixture
def insert_raw_client():
    """``insert(conn, **values)``: add a client row to whatever ``client`` looks like at the
    connection's current revision (model classes only fit head), filling required columns."""

    def insert(conn, **values):
        for _, name, type_, notnull, default, _ in conn.exec_driver_sql(
            "PRAGMA table_info(client)"
        ):
            if notnull and default is None and name not in values:
                numeric = type_.upper() in ("INTEGER", "BOOLEAN")
                values[name] = 0 if numeric else _FILLERS.get(type_.upper(), "")
        placeholders = ", ".join(f":{name}" for name in values)
        conn.execute(
            text(f"INSERT INTO client ({', '.join(values)}) VALUES ({placeholders})"), values
        )

    return insert


@pytest.fixture
def secret_service(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[object]:
    """keyring's Secret Service backend on a private, unlocked gnome-keyring.

    The daemon keeps its keyrings under ``tmp_path`` and the bus address is set for this test
    only, so the developer's own keyring is never touched. Both processes end afterwards.
    """
    dbus_daemon = shutil.which("dbus-daemon")
    gnome_keyring = shutil.which("gnome-keyring-daemon")
    if not (dbus_daemon and gnome_keyring):
        _require_system(
            request.config,
            "The Secret Service test needs dbus-daemon and gnome-keyring-daemon "
            "(Debian/Ubuntu: sudo apt install dbus-daemon gnome-keyring)",
        )
    env = _private_environment(tmp_path)
    (tmp_path / "bus.conf").write_text(BUS_CONFIG)
    started: list[subprocess.Popen[bytes]] = []
    try:
        bus = _start(
            started,
            [
                dbus_daemon,
                f"--config-file={tmp_path / 'bus.conf'}",
                "--print-address=1",
                "--nofork",
                "--nopidfile",
            ],
            env,
        )
        env["DBUS_SESSION_BUS_ADDRESS"] = _read_line(bus, START_TIMEOUT_S)
        daemon = _start(
            started,
            [gnome_keyring, "--unlock", "--components=secrets", "--foreground"],
            env,
            stdin=subprocess.PIPE,
        )
        assert daemon.stdin is not None
        daemon.stdin.write(b"test-login-password")
        daemon.stdin.close()
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", env["DBUS_SESSION_BUS_ADDRESS"])
        backend = _wait_for_unlocked_login_collection(started)
        previous = keyring.get_keyring()
        keyring.set_keyring(backend)
        try:
            yield backend
        finally:
            keyring.set_keyring(previous)
    finally:
        for process in reversed(started):
            _stop(process)


def _require_system(config: pytest.Config, reason: str) -> None:
    # Every conftest module is named "conftest", so tests/conftest.py cannot be imported by
    # name from here; pytest registers it as a plugin under its path.
    root = config.pluginmanager.get_plugin(str(Path(__file__).resolve().parents[1] / "conftest.py"))
    root.require_system(reason)


def _private_environment(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "keyring-home"
    runtime = tmp_path / "keyring-run"
    for folder in (home, runtime):
        folder.mkdir(mode=0o700)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_RUNTIME_DIR": str(runtime),
        "LANG": "C.UTF-8",
    }


def _start(
    started: list[subprocess.Popen[bytes]], argv: list[str], env: dict[str, str], *, stdin=None
) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        argv, env=env, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    started.append(process)
    return process


def _read_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    line = process.stdout.readline().decode().strip() if ready else ""
    if not line:
        pytest.fail(f"dbus-daemon printed no bus address within {timeout} s: {_stderr(process)}")
    return line


def _wait_for_unlocked_login_collection(started: list[subprocess.Popen[bytes]]) -> object:
    import secretstorage
    from keyring.backends import SecretService

    deadline = time.monotonic() + START_TIMEOUT_S
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in started):
            pytest.fail("A keyring process exited early: " + "; ".join(map(_stderr, started)))
        try:
            with secretstorage.dbus_init() as connection:
                collection = secretstorage.Collection(connection, LOGIN_COLLECTION)
                if not collection.is_locked():
                    backend = SecretService.Keyring()
                    # Use the unlocked login collection by path, never a default alias that
                    # might point at a locked one and open a prompt nobody can answer.
                    backend.preferred_collection = LOGIN_COLLECTION
                    return backend
        except Exception as err:  # the daemon is still registering on the bus
            last_error = err
        time.sleep(0.1)
    pytest.fail(f"gnome-keyring did not unlock its login collection in time: {last_error!r}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def _stderr(process: subprocess.Popen[bytes]) -> str:
    if process.poll() is None or process.stderr is None:
        return f"{process.args[0]} running"
    return f"{process.args[0]}: {process.stderr.read().decode(errors='replace').strip()}"
