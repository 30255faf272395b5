"""Throttling of failed log-ins and when a session ends (domain rules, no database)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from medspa_desktop.domain.session import (
    MAX_DELAY,
    idle_lock_due,
    retry_after,
    session_is_valid,
    throttle_delay,
)

NOW = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.UTC)


def _fails(n: int, *, last: dt.datetime = NOW) -> list[dt.datetime]:
    return [last - dt.timedelta(seconds=10 * i) for i in range(n)]


def test_four_failures_do_not_throttle():
    assert retry_after(_fails(4), NOW) is None


def test_fifth_failure_pauses_the_account_for_a_minute():
    assert retry_after(_fails(5), NOW) == dt.timedelta(minutes=1)
    assert retry_after(_fails(5), NOW + dt.timedelta(minutes=1)) is None


def test_each_further_failure_doubles_the_pause_up_to_half_an_hour():
    assert [throttle_delay(n).total_seconds() / 60 for n in range(5, 11)] == [1, 2, 4, 8, 16, 30]


@given(st.integers(min_value=0, max_value=10_000))
def test_pause_never_exceeds_the_maximum_and_never_shrinks(n):
    assert throttle_delay(n) <= MAX_DELAY
    assert throttle_delay(n + 1) >= throttle_delay(n)


def test_failures_older_than_a_day_are_forgotten():
    old = _fails(10, last=NOW - dt.timedelta(hours=25))
    assert retry_after(old, NOW) is None


def test_session_ends_when_disabled_or_revoked_after_it_started():
    started = NOW - dt.timedelta(hours=1)
    assert session_is_valid(started, staff_active=True, sessions_revoked_at=None)
    assert not session_is_valid(started, staff_active=False, sessions_revoked_at=None)
    assert not session_is_valid(started, staff_active=True, sessions_revoked_at=NOW)
    assert session_is_valid(NOW, staff_active=True, sessions_revoked_at=started)


def test_idle_lock_after_the_location_minutes():
    assert not idle_lock_due(NOW - dt.timedelta(minutes=9, seconds=59), NOW, 10)
    assert idle_lock_due(NOW - dt.timedelta(minutes=10), NOW, 10)
