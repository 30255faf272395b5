"""Devices syncing through a fault-injecting proxy (faultproxy.py) to a real server process,
SQLite and PostgreSQL: requests lost, answers lost after the server committed, answers late
(and later than the device waits), cut short or garbled, 5xx from a gateway, and the server
restarted mid-sync. The sync that meets a fault fails with a readable message or succeeds;
the next ones converge, with nothing lost and nothing doubled."""

from __future__ import annotations

import random
from contextlib import ExitStack

import httpx
import pytest

from medspa_desktop.sync import client as sync_client
from medspa_desktop.sync.engine import sync_once
from medspa_server.admin import create_org

from .checks import assert_converged, assert_failed_readably, converge, server_database
from .faultproxy import BREAKING, Fault, FaultProxy
from .world import device, found_clinic, join, random_changes

pytestmark = pytest.mark.slow

EPISODES = [
    *((fault, path, nth) for fault in BREAKING for path, nth in (("/v1/push", 2), ("/v1/pull", 2))),
    *((fault, "/v1/verify", 1) for fault in (Fault.DROP_RESPONSE, Fault.TRUNCATE_FRAMED)),
    (Fault.DELAY, "/v1/push", 2),
    (Fault.DELAY, "/v1/pull", 1),
]
"""(fault, path, which matching request): push and pull mid-sync, and the closing check."""
CHANGES = 4


def test_every_network_fault_mid_sync_loses_and_doubles_nothing(
    sync_server, tmp_path, small_pages, monkeypatch
):
    rng = random.Random(31)
    proxy = FaultProxy(sync_server.url)
    database = server_database(sync_server)
    with ExitStack() as opened:
        a, b, c = (opened.enter_context(device(tmp_path / n)) for n in ("a", "b", "c"))
        clinic = found_clinic(a)
        create_org(database, "Lumen Aesthetics", org_id=clinic.org_id)
        join(a, proxy.url, database, clinic.org_id, "Front desk")
        join(b, proxy.url, database, clinic.org_id, "Treatment room")
        assert sync_once(a).ok and sync_once(b).ok

        for fault, path, nth in EPISODES:
            random_changes(a, clinic, rng, CHANGES)
            random_changes(b, clinic, rng, CHANGES)
            rule = proxy.arm(fault, path, nth=nth, seconds=0.3)
            first, second = sync_once(a), sync_once(b)  # either may meet the fault
            proxy.disarm()

            assert rule.fired, f"{fault} on {path}: no such request"
            broken = [summary for summary in (first, second) if not summary.ok]
            if fault is Fault.DELAY:
                assert broken == [], "a slow answer is still an answer"
            else:
                assert len(broken) == 1, (fault, path, first.errors, second.errors)
                assert_failed_readably(broken[0])
            # No repair in between: what a fault left half done meets the next fault.

        converge([a, b])
        assert_converged([a, b], database, clinic.org_id)

        # An answer later than the device waits: the server committed, the device gave up.
        random_changes(a, clinic, rng, CHANGES)
        monkeypatch.setattr(sync_client, "TIMEOUT", httpx.Timeout(1.0))
        late = proxy.arm(Fault.DELAY, "/v1/push", seconds=1.5)
        timed_out = sync_once(a)
        monkeypatch.setattr(sync_client, "TIMEOUT", httpx.Timeout(60.0, connect=10.0))
        assert late.fired and late_status(proxy) == 200, "the server processed the push"
        assert_failed_readably(timed_out)

        # A new device's first sync (the pinned snapshot) broken again and again.
        join(c, proxy.url, database, clinic.org_id, "Tablet")
        faults = (Fault.DROP_RESPONSE, Fault.TRUNCATE_FRAMED, Fault.ERROR_AFTER)
        rules = [proxy.arm(f, "/v1/snapshot", nth=3 * n + 2) for n, f in enumerate(faults)]
        failures = 0
        while not (summary := sync_once(c)).ok:
            assert_failed_readably(summary)
            failures += 1
        assert failures == len(faults) and all(rule.fired for rule in rules)
        assert summary.first_sync

        converge([a, b, c])
        assert_converged([a, b, c], database, clinic.org_id)
    proxy.close()
    database.dispose()


def late_status(proxy: FaultProxy) -> int | None:
    return next(e.status for e in reversed(proxy.exchanges) if e.fault is Fault.DELAY)


def test_a_server_restarted_mid_sync_loses_and_doubles_nothing(own_server, tmp_path, small_pages):
    own_server.start()

    def restart(kill: bool) -> str:
        if kill:
            own_server.process.kill()  # SIGKILL: whatever it was doing is cut off
            own_server.process.wait()
        else:
            own_server.stop()
        own_server.start()
        return own_server.url

    rng = random.Random(41)
    proxy = FaultProxy(own_server.url, restart=restart)
    database = server_database(own_server)
    with ExitStack() as opened:
        a, b = (opened.enter_context(device(tmp_path / n)) for n in ("a", "b"))
        clinic = found_clinic(a)
        create_org(database, "Lumen Aesthetics", org_id=clinic.org_id)
        join(a, proxy.url, database, clinic.org_id, "Front desk")
        join(b, proxy.url, database, clinic.org_id, "Treatment room")
        random_changes(a, clinic, rng, 3 * CHANGES)

        killed_pushing = proxy.arm(Fault.RESTART, "/v1/push", nth=3)
        assert_failed_readably(sync_once(a))
        killed_pulling = proxy.arm(Fault.RESTART, "/v1/snapshot", nth=2)
        assert_failed_readably(sync_once(b))
        assert killed_pushing.fired and killed_pulling.fired

        random_changes(a, clinic, rng, CHANGES)
        between = proxy.arm(Fault.RESTART_BETWEEN, "/v1/push", nth=2)
        assert sync_once(a).ok and between.fired, "a restart between requests goes unnoticed"

        converge([a, b])
        assert_converged([a, b], database, clinic.org_id)
    proxy.close()
    database.dispose()
