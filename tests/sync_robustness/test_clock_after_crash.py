"""A device whose clock is slow merges the server's clock forward on every pull; when the
process dies right after a pull, before the sync's end, the merged clock must not be lost, or
the next edit there is stamped before an edit it has already seen and silently loses."""

from __future__ import annotations

import time

import pytest

from medspa_desktop.domain.hlc import HybridLogicalClock
from medspa_desktop.store import keys
from medspa_desktop.store.database import Store, open_store
from medspa_desktop.store.models import Client
from medspa_desktop.sync.client import SyncClient
from medspa_desktop.sync.engine import sync_once
from medspa_desktop.sync.pull import pull_all
from medspa_desktop.sync.run import SyncRun
from medspa_server.admin import create_org

from .checks import assert_converged, converge, server_database
from .world import device, edit_client, found_clinic, join, new_client

pytestmark = pytest.mark.slow
TWO_HOURS_MS = 2 * 60 * 60 * 1000


def slow_clock(store: Store) -> None:
    """The device's wall clock runs two hours behind the real one (and the server's)."""
    store.clock = HybridLogicalClock(
        store.device_id,
        persisted=store.clock.last,
        wall_clock=lambda: time.time_ns() // 1_000_000 - TWO_HOURS_MS,
    )


def test_a_slow_device_killed_after_a_pull_still_stamps_its_next_edit_later(sync_server, tmp_path):
    database = server_database(sync_server)
    with device(tmp_path / "a") as a:
        clinic = found_clinic(a)
        create_org(database, "Lumen Aesthetics", org_id=clinic.org_id)
        join(a, sync_server.url, database, clinic.org_id, "Front desk")
        with device(tmp_path / "b") as b:
            join(b, sync_server.url, database, clinic.org_id, "Tablet")
            converge([a, b])
        client_id = new_client(a, clinic, "Maya", "Chen")
        edit_client(a, clinic, client_id, "notes", "from the front desk")
        assert sync_once(a).ok

        b = open_store(tmp_path / "b", demo=True)
        slow_clock(b)
        url, token = b.local_setting("server_url"), keys.device_token(b.data_dir, demo=True)
        with SyncClient(url, clock=b.clock, token=token) as client:
            pull_all(SyncRun(b, client))  # the front desk's note arrives...
        b.engine.dispose()  # ...and the process is killed before the sync ends

        with device(tmp_path / "b") as b:
            slow_clock(b)
            edit_client(b, clinic, client_id, "notes", "from the tablet, later")
            assert sync_once(b).ok and sync_once(a).ok
            with a.session_factory() as session:
                assert session.get(Client, client_id).notes == "from the tablet, later"
            converge([a, b])
            assert_converged([a, b], database, clinic.org_id)
    database.dispose()


def test_a_slow_device_killed_after_an_edit_stamps_its_next_edit_of_that_field_later(
    sync_server, tmp_path
):
    database = server_database(sync_server)
    with device(tmp_path / "a") as a:
        clinic = found_clinic(a)
        create_org(database, "Lumen Aesthetics", org_id=clinic.org_id)
        join(a, sync_server.url, database, clinic.org_id, "Front desk")
        client_id = new_client(a, clinic, "Maya", "Chen")
        with device(tmp_path / "b") as b:
            join(b, sync_server.url, database, clinic.org_id, "Tablet")
            converge([a, b])

        b = open_store(tmp_path / "b", demo=True)
        slow_clock(b)
        assert sync_once(b).ok  # its clock now runs on the server's time, two hours ahead
        edit_client(b, clinic, client_id, "notes", "first")
        b.engine.dispose()  # the process is killed: the app never ended normally

        with device(tmp_path / "b") as b:
            slow_clock(b)
            edit_client(b, clinic, client_id, "notes", "second, after the restart")
            assert sync_once(b).ok and sync_once(a).ok
            with a.session_factory() as session:
                assert session.get(Client, client_id).notes == "second, after the restart"
            converge([a, b])
            assert_converged([a, b], database, clinic.org_id)
    database.dispose()
