"""Rules for staff sessions: when one ends, when it locks, and log-in throttling.

Pure functions over timezone-aware UTC datetimes; the auth service feeds them rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

DEFAULT_IDLE_LOCK_MINUTES = 10
MIN_IDLE_LOCK_MINUTES = 1
MAX_IDLE_LOCK_MINUTES = 60

THROTTLE_AFTER_FAILURES = 5
"""Failed log-ins in a row (since the last success) before attempts are refused for a while."""
FAILURE_MEMORY = dt.timedelta(hours=24)
"""Failures older than this no longer count, even without a success since."""
FIRST_DELAY = dt.timedelta(minutes=1)
MAX_DELAY = dt.timedelta(minutes=30)


def session_is_valid(
    started_at: dt.datetime, *, staff_active: bool, sessions_revoked_at: dt.datetime | None
) -> bool:
    """A session ends when its staff member is disabled or their sessions were revoked
    (disable, role change) after it started."""
    if not staff_active:
        return False
    return sessions_revoked_at is None or sessions_revoked_at <= started_at


def idle_lock_due(last_activity: dt.datetime, now: dt.datetime, idle_minutes: int) -> bool:
    """True once nobody has touched the device for ``idle_minutes``."""
    return now - last_activity >= dt.timedelta(minutes=idle_minutes)


def throttle_delay(failures_in_a_row: int) -> dt.timedelta:
    """How long to refuse attempts after this many failures in a row (zero below the limit).

    One minute at the limit, doubling with each further failure, never above MAX_DELAY: slow
    enough to stop guessing (a 4-digit PIN would take weeks), short enough that a member of
    staff who mistyped can try again before their next client.
    """
    if failures_in_a_row < THROTTLE_AFTER_FAILURES:
        return dt.timedelta(0)
    doublings = min(failures_in_a_row - THROTTLE_AFTER_FAILURES, 10)
    return min(FIRST_DELAY * 2**doublings, MAX_DELAY)


def retry_after(failures: Iterable[dt.datetime], now: dt.datetime) -> dt.timedelta | None:
    """Time left before the next attempt is allowed, or ``None`` when it is allowed now.

    ``failures`` are the times of failed attempts since the last successful log-in.
    """
    recent = sorted(t for t in failures if now - t < FAILURE_MEMORY)
    delay = throttle_delay(len(recent))
    if not delay:
        return None
    remaining = recent[-1] + delay - now
    return remaining if remaining > dt.timedelta(0) else None
