"""Properties of the availability engine on random schedules around daylight-saving changes.

The oracles here are deliberately naive: every busy block is compared with every slot, and
working hours are found by walking the clock forward a minute at a time.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from medspa_desktop.domain.availability import (
    Busy,
    Resource,
    Schedule,
    ServiceNeeds,
    Shift,
    Slot,
    Span,
    check_booking,
    find_slots,
    find_visit_slots,
)

CHANGE_DAYS = {
    "America/New_York": (date(2026, 3, 8), date(2026, 11, 1)),
    "Europe/London": (date(2026, 3, 29), date(2026, 10, 25)),
    "Australia/Sydney": (date(2026, 4, 5), date(2026, 10, 4)),
}
STAFF = ("s0", "s1", "s2")
GHOST = "ghost"  # qualified but never rostered
APPOINTMENTS = ("a0", "a1", "a2", "a3")
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)
# deadline=None: a slow or busy machine must not fail a property; no timing is asserted here.
QUICK = settings(max_examples=60, deadline=None)
THOROUGH = settings(max_examples=35, deadline=None)  # each example checks every grid start


@dataclass(frozen=True)
class Scenario:
    schedule: Schedule
    service: ServiceNeeds
    first_day: date
    last_day: date
    now: datetime
    exclude: frozenset[str]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.schedule.time_zone)

    def days(self) -> list[date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=n) for n in range(count)]


def spans_near(start: datetime, hours: int) -> st.SearchStrategy[Span]:
    def build(offset: int, length: int) -> Span:
        begins = start + timedelta(minutes=5 * offset)
        return Span(begins, begins + timedelta(minutes=5 * length))

    return st.builds(build, st.integers(0, hours * 12), st.integers(1, 48))


@st.composite
def shifts_on(
    draw: st.DrawFn, staff: str, days: list[date], earliest: int = 0, dated: bool = True
) -> list[Shift]:
    shifts = []
    for _ in range(draw(st.integers(1, 3))):
        day = draw(st.sampled_from(days))
        # Half the shifts start in the small hours, where the clocks change.
        night = st.integers(earliest // 30, max(earliest // 30, 8))
        start = draw(st.one_of(night, st.integers(earliest // 30, 46))) * 30
        end = min(1440, start + draw(st.integers(1, 20)) * 30)
        since = draw(st.sampled_from([date(2026, 1, 1), day])) if dated else date(2026, 1, 1)
        until = draw(st.sampled_from([None, day])) if dated else None
        shifts.append(Shift(staff, day.weekday(), start, end, since, until))
    return shifts


@st.composite
def services(draw: st.DrawFn, staff: tuple[str, ...]) -> ServiceNeeds:
    return ServiceNeeds(
        service_id=draw(st.sampled_from(["botox", "laser", "facial"])),
        duration_minutes=draw(st.sampled_from([15, 30, 45, 60, 90])),
        buffer_before_minutes=draw(st.sampled_from([0, 5, 10, 15])),
        buffer_after_minutes=draw(st.sampled_from([0, 5, 10, 15])),
        room_kind=draw(st.sampled_from([None, None, "treatment"])),
        machine_kind=draw(st.sampled_from([None, None, "laser"])),
        qualified_staff_ids=draw(
            st.frozensets(st.sampled_from([*staff, *staff, GHOST]), min_size=1)
        ),
    )


def resources(prefix: str, kinds: list[str], most: int) -> st.SearchStrategy[tuple[Resource, ...]]:
    def build(chosen: list[str]) -> tuple[Resource, ...]:
        return tuple(
            Resource(f"{prefix}{n}", kind, f"{prefix}{n}") for n, kind in enumerate(chosen)
        )

    return st.lists(st.sampled_from(kinds), min_size=1, max_size=most).map(build)


def busy_blocks(holders: list[str], window: datetime) -> st.SearchStrategy[list[Busy]]:
    block = st.builds(
        Busy,
        st.sampled_from(holders),
        spans_near(window, 78),
        st.sampled_from([None, *APPOINTMENTS]),
        st.just("appointment"),
    )
    return st.lists(block, max_size=40)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    zone = draw(st.sampled_from(sorted(CHANGE_DAYS)))
    change = draw(st.sampled_from(CHANGE_DAYS[zone]))
    days = [change - timedelta(days=1), change, change + timedelta(days=1)]
    staff = STAFF[: draw(st.integers(1, len(STAFF)))]
    rooms = draw(resources("r", ["treatment", "treatment", "facial"], 3))
    machines = draw(resources("m", ["laser", "laser", "ipl"], 2))
    shifts = [shift for person in staff for shift in draw(shifts_on(person, days))]
    # Busy time and closures from three hours before the first local midnight.
    window = datetime.combine(days[0], time(), ZoneInfo(zone)).astimezone(UTC)
    window -= timedelta(hours=3)
    holders = [*staff, *(r.id for r in rooms), *(m.id for m in machines)]
    schedule = Schedule(
        time_zone=zone,
        grid_minutes=draw(st.sampled_from([10, 15, 30])),
        shifts=tuple(draw(st.permutations(shifts))),
        rooms=rooms,
        machines=machines,
        busy=tuple(draw(busy_blocks(holders, window))),
        closed=tuple(draw(st.lists(spans_near(window, 78), max_size=3))),
        min_notice_minutes=draw(st.sampled_from([0, 30, 120])),
        horizon_days=draw(st.sampled_from([0, 1, 2, 365, 365, 365, 365, 365, 365])),
    )
    now = window + timedelta(minutes=30 * draw(st.integers(-36, 24)))
    exclude = draw(st.frozensets(st.sampled_from(APPOINTMENTS), max_size=2))
    return Scenario(schedule, draw(services(staff)), days[0], days[-1], now, exclude)


def search(case: Scenario) -> list[Slot]:
    return find_slots(
        case.schedule,
        case.service,
        first_day=case.first_day,
        last_day=case.last_day,
        now=case.now,
        exclude_appointment_ids=case.exclude,
    )


def problems(
    case: Scenario,
    service: ServiceNeeds,
    start: datetime,
    staff: str,
    room: str | None = None,
    machine: str | None = None,
) -> list[str]:
    found = check_booking(
        case.schedule,
        service,
        start=start,
        staff_id=staff,
        room_id=room,
        machine_id=machine,
        now=case.now,
        exclude_appointment_ids=case.exclude,
    )
    return [problem.code for problem in found]


def assert_free_of_everything_else(case: Scenario, service: ServiceNeeds, slot: Slot) -> None:
    held = Span(
        slot.start - timedelta(minutes=service.buffer_before_minutes),
        slot.end + timedelta(minutes=service.buffer_after_minutes),
    )
    holders = {slot.staff_id, slot.room_id, slot.machine_id} - {None}
    for busy in case.schedule.busy:
        if busy.resource_id in holders and busy.appointment_id not in case.exclude:
            assert max(held.start, busy.span.start) >= min(held.end, busy.span.end), busy
    for closed in case.schedule.closed:
        assert max(held.start, closed.start) >= min(held.end, closed.end), closed
    kinds = {r.id: r.kind for r in (*case.schedule.rooms, *case.schedule.machines)}
    assert kinds.get(slot.room_id or "") == service.room_kind
    assert kinds.get(slot.machine_id or "") == service.machine_kind
    assert slot.staff_id in service.qualified_staff_ids
    assert slot.end - slot.start == timedelta(minutes=service.duration_minutes)


@functools.cache
def first_instant_reading(zone: str, day: date, minute: int) -> datetime:
    """The first instant the local clock reads ``minute`` past midnight of ``day`` or later,
    found by walking UTC forward a minute at a time."""
    tz = ZoneInfo(zone)
    wall = datetime.combine(day, time()) + timedelta(minutes=minute)
    nearby = [wall.replace(tzinfo=UTC) + timedelta(days=d) for d in (-1, 1)]
    offsets = [moment.astimezone(tz).utcoffset() or timedelta() for moment in nearby]
    moment = wall.replace(tzinfo=UTC) - max(offsets) - timedelta(hours=1)
    while moment.astimezone(tz).replace(tzinfo=None) < wall:
        moment += timedelta(minutes=1)
    return moment


def working_windows(case: Scenario, staff: str, day: date) -> list[tuple[datetime, datetime]]:
    """The staff member's shifts on a local date as merged UTC windows."""
    zone = case.schedule.time_zone
    windows = sorted(
        (
            first_instant_reading(zone, day, s.start_minute),
            first_instant_reading(zone, day, s.end_minute),
        )
        for s in case.schedule.shifts
        if s.staff_id == staff
        and s.weekday == day.weekday()
        and s.effective_from <= day
        and (s.effective_to is None or day <= s.effective_to)
    )
    merged: list[tuple[datetime, datetime]] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def grid_starts(case: Scenario, day: date) -> list[datetime]:
    """Local midnight + k * grid that exist on the clock, first occurrence, as UTC."""
    tz, step = case.zone, case.schedule.grid_minutes
    found = []
    for minute in range(0, 1440, step):
        wall = datetime.combine(day, time()) + timedelta(minutes=minute)
        moment = wall.replace(tzinfo=tz).astimezone(UTC)
        if moment.astimezone(tz).replace(tzinfo=None) == wall:
            found.append(moment)
    return found


@QUICK
@given(scenarios())
def test_no_slot_overlaps_busy_time_of_its_staff_room_or_machine_or_a_closure(case):
    for slot in search(case):
        assert_free_of_everything_else(case, case.service, slot)
        assert slot.start >= case.now + timedelta(minutes=case.schedule.min_notice_minutes)


@QUICK
@given(scenarios())
def test_slots_lie_inside_the_working_hours_of_their_local_date_across_dst(case):
    slots = search(case)
    assert slots == sorted(slots, key=lambda s: s.start)
    for slot in slots:
        local = slot.start.astimezone(case.zone)
        assert case.first_day <= local.date() <= case.last_day
        assert (local.hour * 60 + local.minute) % case.schedule.grid_minutes == 0
        assert local.second == 0 and local.fold == 0
        windows = working_windows(case, slot.staff_id, local.date())
        assert any(start <= slot.start and slot.end <= end for start, end in windows), windows


@THOROUGH
@given(scenarios())
def test_check_booking_agrees_with_find_slots_on_every_grid_start(case):
    offered = {(slot.start, slot.staff_id): slot for slot in search(case)}
    length = timedelta(minutes=case.service.duration_minutes)
    for day in case.days():
        for start in grid_starts(case, day):
            for staff in (*STAFF, GHOST):
                found = problems(case, case.service, start, staff)
                assert (found == []) == ((start, staff) in offered), (start, staff, found)
                windows = working_windows(case, staff, day)
                working = any(s <= start and start + length <= e for s, e in windows)
                assert ("outside_hours" not in found) == working, (start, staff, windows)
    for slot in offered.values():
        assert (
            problems(case, case.service, slot.start, slot.staff_id, slot.room_id, slot.machine_id)
            == []
        )


@st.composite
def visits(draw: st.DrawFn) -> tuple[Scenario, list[tuple[ServiceNeeds, str | None]]]:
    case = draw(scenarios())
    count = draw(st.integers(1, 3))
    legs = [(draw(services(STAFF)), draw(st.sampled_from([None, *STAFF]))) for _ in range(count)]
    return case, legs


@THOROUGH
@given(visits())
def test_visit_legs_run_back_to_back_and_each_is_free_of_everything_else(drawn):
    case, legs = drawn
    found = find_visit_slots(
        case.schedule,
        legs,
        first_day=case.first_day,
        last_day=case.last_day,
        now=case.now,
        exclude_appointment_ids=case.exclude,
    )
    by_start = {visit.start: visit for visit in found}
    assert len(by_start) == len(found) and list(by_start) == sorted(by_start)
    for day in case.days():
        for start in grid_starts(case, day):
            visit = by_start.get(start)
            assert (visit is not None) == _each_leg_has_someone(case, legs, start), start
            if visit is None:
                continue
            assert len(visit.legs) == len(legs)
            for (service, wanted), leg, following in zip(legs, visit.legs, [*visit.legs[1:], None]):
                assert wanted in (None, leg.staff_id)
                assert following is None or following.start == leg.end
                assert_free_of_everything_else(case, service, leg)
                assert (
                    problems(case, service, leg.start, leg.staff_id, leg.room_id, leg.machine_id)
                    == []
                )


def _each_leg_has_someone(case, legs, start) -> bool:
    for service, wanted in legs:
        people = [wanted] if wanted else [*STAFF, GHOST]
        if all(problems(case, service, start, person) for person in people):
            return False
        start += timedelta(minutes=service.duration_minutes)
    return True


@settings(max_examples=80, deadline=None)
@given(
    zone=st.sampled_from(sorted(CHANGE_DAYS)),
    which=st.integers(0, 1),
    grid=st.sampled_from([10, 15, 30]),
    duration=st.sampled_from([15, 30, 60, 90]),
    data=st.data(),
)
def test_daytime_hours_give_the_same_local_slot_times_on_a_dst_change_day(
    zone, which, grid, duration, data
):
    change = CHANGE_DAYS[zone][which]
    week_before = change - timedelta(days=7)
    # Every daylight-saving change in these zones happens before 05:00.
    shifts = data.draw(shifts_on("s0", [change], earliest=300, dated=False))
    schedule = Schedule(zone, grid, tuple(shifts), (), (), ())
    needs = ServiceNeeds("botox", duration, 10, 10, qualified_staff_ids=frozenset({"s0"}))

    def local_starts(day: date) -> list[str]:
        slots = find_slots(schedule, needs, first_day=day, last_day=day, now=LONG_AGO)
        return [slot.start.astimezone(ZoneInfo(zone)).strftime("%H:%M") for slot in slots]

    assert local_starts(change) == local_starts(week_before)
