"""The sync worker over real HTTP: the long poll brings another device's change at once, the
server coming back is noticed without waiting out the back-off, and stopping cuts a request
that would otherwise hang."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from sync.conftest import cheap_hashing, connected, new_device, postgres_database, sync_server
from sync.helpers import actor_on, all_rows, pending_count, set_up
from sync.server import Server

from medspa_desktop.jobs.backoff import Backoff
from medspa_desktop.jobs.sync_plan import SyncPlan
from medspa_desktop.jobs.sync_worker import SyncWorker
from medspa_desktop.services.clients import CreateClient, create_client
from medspa_desktop.store import keys
from medspa_desktop.store.models import Client
from medspa_desktop.sync import state
from medspa_desktop.sync.engine import sync_once
from medspa_desktop.sync.enrolment import enrol
from medspa_desktop.sync.local import write_transaction

from .conftest import wait_for

__all__ = ["cheap_hashing", "connected", "new_device", "postgres_database", "sync_server"]

pytestmark = pytest.mark.slow


class Watched:
    """A worker on ``store`` and the statuses it reported."""

    def __init__(self, store, **options) -> None:
        self.statuses: list = []
        self.worker = SyncWorker(store, on_status=self.statuses.append, **options)

    @property
    def last(self):
        return self.statuses[-1]

    def __enter__(self) -> Watched:
        self.worker.start()
        return self

    def __exit__(self, *exc) -> None:
        self.worker.stop()


def idle_online(watched: Watched) -> bool:
    return bool(watched.statuses) and watched.last.online is True and not watched.last.syncing


def test_a_change_on_another_device_arrives_through_the_long_poll(connected):
    clinic, a, b = connected
    # Only the first sync and the long poll can start a sync on B: no interval within the test.
    with Watched(b, plan=SyncPlan(interval_s=3600)) as watched:
        wait_for(lambda: idle_online(watched))
        time.sleep(0.3)  # the long poll is open
        with a.uow() as uow:
            made = create_client(
                CreateClient(first_name="Maya", last_name="Chen"), uow=uow, actor=clinic.owner
            )
        assert sync_once(a).ok
        pushed = time.monotonic()

        wait_for(lambda: made.id in {c.id for c in all_rows(b, Client)}, timeout=10)
        arrived = time.monotonic() - pushed

    assert arrived < 2.0, f"took {arrived:.2f} s"


def test_the_worker_syncs_as_soon_as_the_server_is_back(tmp_path, new_device, memory_keyring):
    server = Server(tmp_path / "server", database_url="")
    server.start()
    try:
        clinic = set_up(new_device("a"))
        server.create_org(org_id=clinic.org_id)
        enrol(clinic.store, server.url, server.enrol_code(clinic.org_id), "Desk")
        slow_retries = SyncPlan(interval_s=3600, backoff=Backoff(base_s=600, cap_s=600))
        quick_probes = Backoff(base_s=0.2, cap_s=0.5)
        with Watched(clinic.store, plan=slow_retries, probes=quick_probes) as watched:
            wait_for(lambda: idle_online(watched), timeout=30)
            # Killed, as by a crash or a cut cable (a polite stop waits for the long poll).
            server.process.kill()
            server.process.wait()
            with clinic.store.uow() as uow:
                create_client(
                    CreateClient(first_name="Ana", last_name="Ruiz"),
                    uow=uow,
                    actor=actor_on(clinic.store, clinic),
                )
            watched.worker.note_local_change()
            wait_for(lambda: watched.last.online is False and not watched.last.syncing, 20)
            assert watched.last.pending == 1 and "could not be reached" in watched.last.last_error

            port = int(server.url.rsplit(":", 1)[1])
            with mock.patch("sync.server.free_port", return_value=port):
                server.start()
            wait_for(lambda: idle_online(watched) and watched.last.pending == 0, timeout=30)
    finally:
        server.stop()

    assert pending_count(clinic.store) == 0


def test_stopping_cuts_a_sync_and_a_long_poll_the_server_never_answers(
    store, silent_server, memory_keyring
):
    store.set_local_setting(state.SERVER_URL, silent_server)
    keys.save_device_token(store.data_dir, "a-token", demo=False)
    with write_transaction(store) as conn:
        state.put(conn, state.CURSOR, "0")  # as after a first sync: the long poll listens
    with Watched(store, plan=SyncPlan(interval_s=3600)) as watched:
        wait_for(lambda: watched.statuses and watched.last.syncing)
        time.sleep(0.5)  # both requests are waiting for an answer that never comes
        began = time.monotonic()
        watched.worker.stop()
        stopped_in = time.monotonic() - began

    assert stopped_in < 2.0
