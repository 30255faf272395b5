"""The local sync server of ``medspa run --demo``: sync working with no other step.

``start()`` launches ``python -m medspa_server.cli serve`` on a loopback port with its data
in ``<demo data>/server`` (SQLite, the server's default) and returns at once. ``prepare`` is
the sync worker's set-up hook: on the worker thread it waits for the server to answer, and
on first use creates the demo organisation on it (with the demo clinic's own id), takes an
enrolment code and enrols this device; later runs only point the device at the port the
server listens on now. ``stop()`` ends the process when the app closes.

If the server cannot start, ``prepare`` returns the reason, which the status bar shows; the
app works offline as usual. A demo device a manager enrolled with another server is left
alone and the local server is stopped.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx
from sqlalchemy import select

from medspa_desktop.store import keys
from medspa_desktop.store.database import Store
from medspa_desktop.store.errors import StoreError
from medspa_desktop.store.models import Organisation
from medspa_desktop.sync import state
from medspa_desktop.sync.enrolment import enrol
from medspa_desktop.sync.errors import SyncError
from medspa_desktop.sync.run import Progress, SyncProgress
from medspa_desktop.sync.upload import UploadProgress

SERVER_FOLDER = "server"
PORT_FILE = "port"
PID_FILE = "server.pid"
LOG_FILE = "server.log"
DEMO_URL_SETTING = "demo_server_url"
"""Local setting: the address of the demo server this device was enrolled with."""
START_TIMEOUT_S = 60.0
DEVICE_NAME = "Demo front desk"
SetUp = Callable[[Store, threading.Event, Progress], str]
"""``DemoServer.prepare``: the sync worker's set-up hook (``sync_worker.Prepare``)."""


@contextmanager
def running_demo_server(
    data_dir: Path,
) -> Iterator[Callable[[Store, threading.Event, Progress], str]]:
    """The demo server of ``data_dir`` running for the ``with`` block; yields its
    ``prepare``, the sync worker's set-up hook. Main thread."""
    server = DemoServer(data_dir)
    server.start()
    try:
        yield server.prepare
    finally:
        server.stop()


class DemoServerProblem(Exception):
    """The demo server could not be used; the message says why and what still works."""


class DemoServer:
    """One local server process for one demo data folder. Main thread starts and stops it;
    ``prepare`` runs on the sync worker."""

    def __init__(self, data_dir: Path, *, start_timeout_s: float = START_TIMEOUT_S) -> None:
        self.folder = data_dir / SERVER_FOLDER
        self.url = ""
        self._timeout_s = start_timeout_s
        self._problem = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.folder / LOG_FILE

    def start(self) -> None:
        """Launch the server in the background; a failure is kept for ``prepare`` to show."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _end_leftover(self.folder / PID_FILE)
            port = _port(self.folder / PORT_FILE)
            self._log = self.log_path.open("ab")
            self._process = subprocess.Popen(
                [*_server_command("serve"), "--data-dir", str(self.folder), "--port", str(port)],
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
            )
        except OSError as err:
            self._problem = _problem(f"it could not be launched ({err})")
            return
        self.url = f"http://127.0.0.1:{port}"
        (self.folder / PORT_FILE).write_text(str(port))
        (self.folder / PID_FILE).write_text(str(self._process.pid))

    def prepare(self, store: Store, stopping: threading.Event, progress: Progress) -> str:
        """Wait for the server and make sure this device syncs with it; returns a problem to
        show, or ''. Sync worker thread."""
        if self._problem:
            return self._problem
        enrolled_with = store.local_setting(state.SERVER_URL)
        if enrolled_with and enrolled_with != store.local_setting(DEMO_URL_SETTING):
            self.stop()  # a manager connected this demo to a real server: leave it so
            return ""
        try:
            self._wait_until_up(stopping)
            if stopping.is_set():
                return ""
            self._connect(store, progress)
        except DemoServerProblem as err:
            return str(err)
        except (SyncError, StoreError) as err:
            return _problem(f"this device could not be enrolled with it: {err}")
        return ""

    def stop(self) -> None:
        """End the server process (politely, then firmly) and close its log."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process is not None:
            (self.folder / PID_FILE).unlink(missing_ok=True)
        if self._log is not None:
            self._log.close()
            self._log = None

    def _wait_until_up(self, stopping: threading.Event) -> None:
        deadline = time.monotonic() + self._timeout_s
        while not stopping.is_set():
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            process = self._process
            if process is None or process.poll() is not None:
                raise DemoServerProblem(
                    _problem(f"it stopped at start-up; the reason is in {self.log_path}")
                )
            if time.monotonic() > deadline:
                raise DemoServerProblem(
                    _problem(f"it did not answer within {self._timeout_s:.0f} s")
                )
            stopping.wait(0.2)

    def _connect(self, store: Store, progress: Progress) -> None:
        token = keys.device_token(store.data_dir, demo=store.demo)
        if not (store.local_setting(state.SERVER_URL) and token):
            org_id, name = _demo_clinic(store)
            self._admin("create-org", "--name", name, "--org-id", org_id, existing_ok=True)
            code = json.loads(self._admin("enrol-code", "--org", org_id))["code"]
            enrol(store, self.url, code, DEVICE_NAME, progress=_upload_progress(progress))
        # The port may differ from last time: the device follows the server.
        store.set_local_setting(state.SERVER_URL, self.url)
        store.set_local_setting(DEMO_URL_SETTING, self.url)
        location_id = store.local_setting("location_id")
        if location_id:
            # Printed for the person trying the demo, beside the log-ins printed at start.
            print(f"The demo clinic's online booking page: {self.url}/book/{location_id}")

    def _admin(self, *args: str, existing_ok: bool = False) -> str:
        command = [*_server_command(*args), "--json", "--data-dir", str(self.folder)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0 and not (existing_ok and "already exists" in done.stderr):
            raise DemoServerProblem(_problem(f"'{args[0]}' failed: {done.stderr.strip()}"))
        return done.stdout


def _server_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "medspa_server.cli", *args]


def _end_leftover(pid_file: Path) -> None:
    """End the server an app that crashed (or was killed) left running for this folder.

    NOTE: only a process whose command line names this folder's server is ended, so a pid
    reused by an unrelated process is left alone. Where ``/proc`` is missing (not Linux)
    a leftover keeps running; the new server takes another port and works beside it.
    """
    try:
        pid = int(pid_file.read_text())
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except (OSError, ValueError):
        return
    if b"medspa_server.cli serve" in command and str(pid_file.parent).encode() in command:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while _running(pid) and time.monotonic() < deadline:
            time.sleep(0.1)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its parent has not looked yet


def _port(remembered: Path) -> int:
    """The port used last time if it is free (the device's address stays valid), else any."""
    try:
        wanted = int(remembered.read_text())
    except (OSError, ValueError):
        wanted = 0
    for port in (wanted, 0) if wanted else (0,):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise OSError("no free port on 127.0.0.1")


def _demo_clinic(store: Store) -> tuple[str, str]:
    org_id = store.local_setting(state.ORG_ID)
    with store.session_factory() as session:
        row = session.scalar(select(Organisation).where(Organisation.id == org_id))
    if org_id is None or row is None:
        raise DemoServerProblem(_problem("this folder holds no demo clinic to enrol"))
    return org_id, row.name


def _upload_progress(progress: Progress) -> UploadProgress:
    def report(done: int, total: int, entity: str) -> None:
        progress(SyncProgress("upload", done, total, entity))

    return report


def _problem(why: str) -> str:
    return (
        f"The local demo sync server is not available: {why}. Everything still works and "
        "is saved on this computer; restart the app to try again."
    )
