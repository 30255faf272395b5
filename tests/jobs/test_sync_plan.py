"""When the sync worker runs: debounce, back-off with jitter, pokes (``SyncPlan``, no threads)."""

from __future__ import annotations

import datetime as dt
import random

from medspa_desktop.jobs.backoff import Backoff
from medspa_desktop.jobs.sync_plan import SyncPlan

T0 = dt.datetime(2030, 6, 3, 9, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def plan(**options) -> SyncPlan:
    return SyncPlan(backoff=Backoff(base_s=5, cap_s=300, rng=random.Random(7)), **options)


def test_a_burst_of_changes_makes_one_sync_two_seconds_after_the_last():
    p = plan(debounce_s=2, max_delay_s=10)
    times = [p.local_change(at(s)) for s in (0, 0.5, 1.0, 1.5)]

    assert times == [at(2), at(2.5), at(3.0), at(3.5)], "each change moves the one sync later"


def test_a_steady_stream_of_changes_still_syncs_within_the_longest_delay():
    p = plan(debounce_s=2, max_delay_s=10)
    times = [p.local_change(at(s)) for s in range(0, 20)]

    assert max(times) == at(10)


def test_changes_during_a_sync_make_one_more_sync_after_it():
    p = plan(debounce_s=2, interval_s=30)
    p.begin()
    assert p.local_change(at(1)) is None, "a running sync is not interrupted"
    assert p.local_change(at(1.5)) is None

    assert p.end(at(5), ok=True) == at(3.5)


def test_without_triggers_the_next_sync_follows_the_interval():
    p = plan(interval_s=30)
    p.begin()
    assert p.end(at(4), ok=True) == at(34)


def test_back_off_grows_with_jitter_up_to_five_minutes_and_resets_after_success():
    p = plan(interval_s=30)
    waits = []
    for _ in range(10):
        p.begin()
        waits.append((p.end(at(0), ok=False) - at(0)).total_seconds())
    ceilings = [min(300, 5 * 2**n) for n in range(10)]

    assert all(c / 2 <= w <= c for w, c in zip(waits, ceilings, strict=True))
    assert waits[5] > waits[2] > waits[0] and max(waits) <= 300
    assert len({round(w, 3) for w in waits[-4:]}) == 4, "capped waits still differ (jitter)"
    p.begin()
    assert p.end(at(0), ok=True) == at(30) and p.retry_at is None
    p.begin()
    assert (p.end(at(0), ok=False) - at(0)).total_seconds() <= 5, "starts small again"


def test_two_devices_failing_together_retry_at_different_times():
    first, second = (
        SyncPlan(backoff=Backoff(rng=random.Random(1))),
        SyncPlan(backoff=Backoff(rng=random.Random(2))),
    )
    for p in (first, second):
        for _ in range(4):
            p.begin()
            p.end(at(0), ok=False)

    assert first.retry_at != second.retry_at


def test_a_local_change_does_not_cut_a_back_off_short_but_the_server_coming_back_does():
    p = plan(debounce_s=2)
    p.begin()
    retry = p.end(at(0), ok=False)
    for _ in range(3):
        p.begin()
        retry = p.end(at(0), ok=False)

    assert p.local_change(at(1)) == retry
    assert p.now(at(2), forget_backoff=True) == at(2)
    assert p.retry_at is None and p.local_change(at(3)) == at(5)


def test_a_poke_during_a_sync_runs_the_next_one_at_once():
    p = plan(interval_s=30)
    p.begin()
    assert p.now(at(1), forget_backoff=False) is None

    assert p.end(at(2), ok=True) == at(1)
