"""``medspa run --demo``'s local server: started in the background, the demo device enrolled
and synced with no other step, found again on the next start, stopped with the app; and a
server that cannot start leaves the app offline with the reason shown."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from sync.helpers import CHEAP, pending_count

from medspa_desktop.jobs import demo_server
from medspa_desktop.jobs.demo_server import PID_FILE, DemoServer, running_demo_server
from medspa_desktop.jobs.sync_plan import SyncPlan
from medspa_desktop.jobs.sync_worker import SyncWorker
from medspa_desktop.services import credentials
from medspa_desktop.services.demo_clinic import create_demo_clinic
from medspa_desktop.store.database import open_store

from .conftest import wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(tmp_path):
    """A small demo clinic folder, as ``medspa run --demo`` builds it (fewer clients)."""
    folder = tmp_path / "demo"
    store = open_store(folder, demo=True)
    with credentials.hashing_parameters(CHEAP):
        create_demo_clinic(store, clients=12, years=1)
    yield store
    store.close()


def run_worker(store, prepare, until) -> list:
    statuses: list = []
    worker = SyncWorker(
        store, on_status=statuses.append, prepare=prepare, plan=SyncPlan(interval_s=3600)
    )
    worker.start()
    try:
        wait_for(lambda: statuses and until(statuses[-1]), timeout=120)
    finally:
        worker.stop()
    return statuses


def synced(status) -> bool:
    return status.first_sync_done and status.online and not status.syncing


def test_the_demo_enrols_with_its_own_server_and_syncs_with_no_other_step(demo):
    with running_demo_server(demo.data_dir) as prepare:
        statuses = run_worker(demo, prepare, synced)
        server_url = prepare.__self__.url
        pid = int((demo.data_dir / "server" / PID_FILE).read_text())

    assert any(s.progress is not None for s in statuses), "the first sync showed its progress"
    assert statuses[-1].note == "" and statuses[-1].last_error == ""
    assert pending_count(demo) == 0
    assert demo.local_setting("server_url") == server_url
    assert not Path(f"/proc/{pid}").exists(), "the server stopped with the app"


def test_the_next_start_finds_the_server_again_without_enrolling_anew(demo):
    first = DemoServer(demo.data_dir)
    first.start()
    try:
        run_worker(demo, first.prepare, synced)
    finally:
        first.stop()
    token = (demo.data_dir / "demo.device-token").read_text()

    again = DemoServer(demo.data_dir)
    again.start()
    try:
        statuses = run_worker(demo, again.prepare, synced)
    finally:
        again.stop()

    assert (demo.data_dir / "demo.device-token").read_text() == token
    assert demo.local_setting("server_url") == again.url
    assert statuses[-1].last_error == ""


def test_a_server_that_cannot_start_leaves_the_app_offline_saying_why(demo, monkeypatch):
    monkeypatch.setattr(
        demo_server, "_server_command", lambda *args: [sys.executable, "-c", "raise SystemExit(3)"]
    )
    server = DemoServer(demo.data_dir)
    server.start()
    try:
        statuses = run_worker(demo, server.prepare, lambda s: s.note and not s.syncing)
    finally:
        server.stop()

    assert "demo sync server is not available" in statuses[-1].note
    assert "Everything still works" in statuses[-1].note
    assert not statuses[-1].enrolled


def test_a_server_left_running_by_a_crashed_app_is_ended_on_the_next_start(demo):
    crashed = DemoServer(demo.data_dir)
    crashed.start()
    crashed._wait_until_up(threading.Event())
    leftover = crashed._process  # then the app died without stopping it

    fresh = DemoServer(demo.data_dir)
    fresh.start()
    try:
        assert leftover.wait(timeout=15) is not None
        assert fresh._process.poll() is None
    finally:
        fresh.stop()
        crashed.stop()  # if it was not ended, this test fails, and leaves nothing behind
