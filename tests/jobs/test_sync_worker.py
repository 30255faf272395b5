"""The sync worker with a stand-in sync: one sync at a time, debounce, back-off, shutdown."""

from __future__ import annotations

import random
import threading
import time

import pytest

from medspa_desktop.jobs.backoff import Backoff
from medspa_desktop.jobs.sync_plan import SyncPlan
from medspa_desktop.jobs.sync_worker import SyncWorker
from medspa_desktop.sync.engine import SyncSummary

from .conftest import wait_for

OFFLINE = "The sync server could not be reached."


class StandInSync:
    """Counts calls and how many ran at once; fails while ``failing`` is set."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.failing = False
        self.started: list[float] = []
        self.running = self.most_at_once = 0
        self._lock = threading.Lock()

    def __call__(self, store, *, progress, transport) -> SyncSummary:
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.started.append(time.monotonic())
        time.sleep(self.seconds)
        with self._lock:
            self.running -= 1
        return SyncSummary(errors=(OFFLINE,)) if self.failing else SyncSummary()

    @property
    def calls(self) -> int:
        return len(self.started)


@pytest.fixture
def enrolled(store):
    """A store that looks enrolled (a server address), so the worker syncs it."""
    store.set_local_setting("server_url", "http://127.0.0.1:9")
    return store


@pytest.fixture
def start_worker(enrolled):
    started: list[SyncWorker] = []

    def start(sync: StandInSync, **plan) -> SyncWorker:
        statuses: list = []
        worker = SyncWorker(enrolled, on_status=statuses.append, sync=sync, plan=SyncPlan(**plan))
        worker.statuses = statuses
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def test_never_two_syncs_at_once_however_often_it_is_asked(start_worker):
    sync = StandInSync(seconds=0.05)
    worker = start_worker(sync, interval_s=0.02, debounce_s=0.01)

    def ask() -> None:
        for n in range(40):
            (worker.note_local_change, worker.poke, worker.sync_now)[n % 3]()
            time.sleep(0.005)

    askers = [threading.Thread(target=ask) for _ in range(4)]
    for thread in askers:
        thread.start()
    for thread in askers:
        thread.join()
    wait_for(lambda: sync.calls >= 5)

    assert sync.most_at_once == 1


def test_a_burst_of_local_changes_makes_one_sync(start_worker):
    sync = StandInSync()
    worker = start_worker(sync, interval_s=3600, debounce_s=0.3)
    wait_for(lambda: sync.calls == 1 and not worker.statuses[-1].syncing)

    for _ in range(10):
        worker.note_local_change()
        time.sleep(0.02)
    time.sleep(1.0)

    assert sync.calls == 2


def test_failures_back_off_longer_each_time_and_a_success_resets_it(start_worker, enrolled):
    sync = StandInSync()
    sync.failing = True
    backoff = Backoff(base_s=0.05, cap_s=0.4, rng=random.Random(3))
    worker = start_worker(sync, interval_s=3600, backoff=backoff)
    wait_for(lambda: sync.calls >= 7, timeout=15)
    gaps = [b - a for a, b in zip(sync.started, sync.started[1:], strict=False)]

    assert gaps[3] > gaps[0] * 2, f"waits grow: {gaps}"
    assert max(gaps) < 0.4 + 0.3, "capped"
    assert worker.statuses[-1].next_attempt is not None

    sync.failing = False
    wait_for(lambda: worker.statuses[-1].next_attempt is None and not sync.running)
    assert backoff.failures == 0


def test_stop_ends_a_running_sync_and_every_thread(start_worker):
    sync = StandInSync(seconds=0.3)
    worker = start_worker(sync, interval_s=3600)
    wait_for(lambda: sync.running)

    began = time.monotonic()
    worker.stop()

    assert time.monotonic() - began < 2
    assert not worker._scheduler.running


def test_a_second_worker_for_the_same_clinic_is_refused(start_worker, enrolled):
    start_worker(StandInSync(), interval_s=3600)
    second = SyncWorker(enrolled, on_status=lambda status: None)

    with pytest.raises(RuntimeError, match="already runs"):
        second.start()


def test_a_device_without_a_server_is_not_synced_but_reports_its_status(store):
    sync, statuses = StandInSync(), []
    worker = SyncWorker(store, on_status=statuses.append, sync=sync)
    worker.start()
    try:
        wait_for(lambda: statuses and not statuses[-1].syncing and len(statuses) >= 2)
    finally:
        worker.stop()

    assert sync.calls == 0
    assert not statuses[-1].enrolled
