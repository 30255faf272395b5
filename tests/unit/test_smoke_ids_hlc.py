from medspa_desktop.domain.hlc import HybridLogicalClock
from medspa_desktop.domain.ids import uuid7


def test_uuid7_ids_sort_by_creation_and_are_version_7():
    ids = [uuid7() for _ in range(5000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert all(i.version == 7 for i in ids)


def test_hlc_stays_monotonic_when_the_wall_clock_goes_back():
    now = [1_000_000]
    clock = HybridLogicalClock("dev", wall_clock=lambda: now[0])
    first = clock.now()
    now[0] -= 60_000
    second = clock.now()
    assert second > first
    restarted = HybridLogicalClock("dev", persisted=second, wall_clock=lambda: now[0])
    assert restarted.now() > second
