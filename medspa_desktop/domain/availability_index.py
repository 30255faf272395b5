"""What the availability engine builds once per Schedule: local-day grids, working hours and
busy time, looked up by staff member, room or machine.

Moments are integer ticks (microseconds since the Unix epoch, UTC): exact, and much cheaper
to compare than datetimes in the sweeps. Indexes are cached on the Schedule; two threads
searching one Schedule at once may both build an index, which is wasteful but harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from medspa_desktop.domain.availability_model import (
    MINUTES_PER_DAY,
    Busy,
    Schedule,
    Shift,
    from_ticks,
    to_ticks,
)
from medspa_desktop.domain.intervals import Timeline

MINUTE = 60_000_000
SECOND = 1_000_000
_NO_TIME = Timeline()
# Enough busy-time indexes for a screen that moves a few appointments around; more would
# only keep memory alive on a long-lived Schedule.
_MAX_EXCLUSION_INDEXES = 8


def wall_instant(tz: ZoneInfo, day: date, minute: int) -> int:
    """The first instant at which the local clock reads ``minute`` past midnight of ``day``.

    An hour repeated at fall-back gives its first occurrence; a wall time skipped at spring
    forward gives the instant of the jump, when the clock first reads later than it.
    """
    wall = datetime.combine(day, time()) + timedelta(minutes=minute)
    ticks = to_ticks(wall.replace(tzinfo=tz))
    if from_ticks(ticks).astimezone(tz).replace(tzinfo=None) == wall:
        return ticks
    return _jump_before(tz, ticks)


def _jump_before(tz: ZoneInfo, ticks: int) -> int:
    """The clock change in the day before ``ticks``, to the second."""
    offset = from_ticks(ticks).astimezone(tz).utcoffset()
    # A day, not an hour: a zone that once skipped a whole date (Pacific/Apia, 2011) too.
    low, high = ticks // SECOND - 25 * 3600, ticks // SECOND
    while high - low > 1:
        middle = (low + high) // 2
        if from_ticks(middle * SECOND).astimezone(tz).utcoffset() == offset:
            high = middle
        else:
            low = middle
    return high * SECOND


@dataclass(frozen=True, slots=True)
class DayGrid:
    """The slot starts of one local day: local midnight + k * grid, as ticks and UTC datetimes.

    Wall times skipped at spring forward are left out; repeated ones appear once (fold=0).
    Both lists ascend.
    """

    ticks: list[int]
    moments: list[datetime]


def _day_grid(tz: ZoneInfo, day: date, step: int, midnight: int | None) -> DayGrid:
    """``midnight``: the day's local midnight in ticks when the day has no clock change."""
    if midnight is not None:
        ticks = [midnight + minute * MINUTE for minute in range(0, MINUTES_PER_DAY, step)]
        return DayGrid(ticks, [from_ticks(t) for t in ticks])
    wall_midnight = datetime.combine(day, time())
    ticks, moments = [], []
    for minute in range(0, MINUTES_PER_DAY, step):
        wall = wall_midnight + timedelta(minutes=minute)
        moment = wall.replace(tzinfo=tz).astimezone(UTC)
        if moment.astimezone(tz).replace(tzinfo=None) != wall:
            continue  # NOTE: the clock skips this time on a spring-forward day
        ticks.append(to_ticks(moment))
        moments.append(moment)
    return DayGrid(ticks, moments)


@dataclass(frozen=True, slots=True)
class BusyIndex:
    """Busy time per staff member, room and machine, with some appointments left out.

    ``timelines`` answer "is it free?"; ``blocks`` (sorted by start, with their ticks) name
    what is in the way.
    """

    timelines: dict[str, Timeline]
    blocks: dict[str, tuple[tuple[int, int, Busy], ...]]
    closed: Timeline

    def timeline(self, resource_id: str) -> Timeline:
        """The busy time of one staff member, room or machine (empty when it has none)."""
        return self.timelines.get(resource_id, _NO_TIME)


def _busy_index(schedule: Schedule, exclude: frozenset[str]) -> BusyIndex:
    grouped: dict[str, list[tuple[int, int, Busy]]] = {}
    for busy in schedule.busy:
        if busy.appointment_id is not None and busy.appointment_id in exclude:
            continue
        ticks = busy.ticks
        if ticks[0] < ticks[1]:
            grouped.setdefault(busy.resource_id, []).append((*ticks, busy))
    for items in grouped.values():
        items.sort(key=_start_and_end)  # stable: equal spans keep the Schedule's order
    blocks = {resource: tuple(items) for resource, items in grouped.items()}
    timelines = {
        resource: Timeline((start, end) for start, end, _ in items)
        for resource, items in grouped.items()
    }
    closed = Timeline((to_ticks(span.start), to_ticks(span.end)) for span in schedule.closed)
    return BusyIndex(timelines, blocks, closed)


def _start_and_end(block: tuple[int, int, Busy]) -> tuple[int, int]:
    return block[0], block[1]


class ScheduleIndex:
    """The indexes of one Schedule: time zone, staff order, local-day grids, shifts, busy time."""

    __slots__ = (
        "_busy",
        "_grids",
        "_midnights",
        "_schedule",
        "_shifts",
        "_windows",
        "staff_order",
        "tz",
    )

    def __init__(self, schedule: Schedule) -> None:
        self._schedule = schedule
        self.tz = ZoneInfo(schedule.time_zone)
        shifts: dict[tuple[str, int], list[Shift]] = {}
        for shift in schedule.shifts:
            shifts.setdefault((shift.staff_id, shift.weekday), []).append(shift)
        self._shifts = shifts
        # Staff order is first appearance in Schedule.shifts: the caller decides who is
        # offered first when several practitioners are free at the same time.
        self.staff_order = tuple(dict.fromkeys(shift.staff_id for shift in schedule.shifts))
        self._midnights: dict[date, int | None] = {}
        self._grids: dict[date, DayGrid] = {}
        self._windows: dict[tuple[str, date], Timeline] = {}
        self._busy: dict[frozenset[str], BusyIndex] = {}

    def _midnight(self, day: date) -> int | None:
        """Local midnight of ``day`` in ticks, or None when the clocks change that day."""
        if day not in self._midnights:
            start = wall_instant(self.tz, day, 0)
            end = wall_instant(self.tz, day + timedelta(days=1), 0)
            # NOTE: two changes cancelling out within one day would pass; no zone does that.
            self._midnights[day] = start if end - start == MINUTES_PER_DAY * MINUTE else None
        return self._midnights[day]

    def instant(self, day: date, minute: int) -> int:
        """``wall_instant`` in this zone, by plain arithmetic on days without a clock change."""
        midnight = self._midnight(day)
        if midnight is None:
            return wall_instant(self.tz, day, minute)
        return midnight + minute * MINUTE

    def grid(self, day: date) -> DayGrid:
        """The slot starts of local date ``day``."""
        found = self._grids.get(day)
        if found is None:
            step = self._schedule.grid_minutes
            found = self._grids[day] = _day_grid(self.tz, day, step, self._midnight(day))
        return found

    def windows(self, staff_id: str, day: date) -> Timeline:
        """When ``staff_id`` works on local date ``day``: the union of that day's shifts."""
        key = (staff_id, day)
        found = self._windows.get(key)
        if found is None:
            shifts = self._shifts.get((staff_id, day.weekday()), ())
            found = self._windows[key] = Timeline(
                (self.instant(day, s.start_minute), self.instant(day, s.end_minute))
                for s in shifts
                if s.applies_on(day)
            )
        return found

    def busy(self, exclude: frozenset[str]) -> BusyIndex:
        """Busy time with the appointments in ``exclude`` left out."""
        found = self._busy.get(exclude)
        if found is None:
            if len(self._busy) >= _MAX_EXCLUSION_INDEXES:
                self._busy.clear()
            found = self._busy[exclude] = _busy_index(self._schedule, exclude)
        return found


def index_of(schedule: Schedule) -> ScheduleIndex:
    """The Schedule's indexes, built on first use."""
    found = schedule._index
    if found is None:
        found = ScheduleIndex(schedule)
        object.__setattr__(schedule, "_index", found)
    return found
