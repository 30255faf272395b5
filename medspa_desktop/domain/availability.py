"""Appointment availability: which times a service can be booked, and why a time cannot.

A slot is bookable when the practitioner is qualified; the client's slot lies inside the
practitioner's working hours that local day (buffers may fall outside them); the held span
(the slot widened by the service's buffers) clashes with no busy time of the practitioner,
the room or the machine and with no closure; and it starts no sooner than the minimum
notice and no later than the booking horizon. Working hours and slot starts are local
wall-clock times, so 9:00 stays 9:00 across daylight-saving changes.

Pure functions over a Schedule; any thread may call them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta

from medspa_desktop.domain.availability_check import assign_resources, check_booking
from medspa_desktop.domain.availability_index import DayGrid, from_ticks
from medspa_desktop.domain.availability_model import (
    Busy,
    Problem,
    Resource,
    Schedule,
    ServiceNeeds,
    Shift,
    Slot,
    Span,
    VisitSlot,
)
from medspa_desktop.domain.availability_rules import Extent, Places, Search, is_bookable_length

__all__ = [
    "Busy",
    "Problem",
    "Resource",
    "Schedule",
    "ServiceNeeds",
    "Shift",
    "Slot",
    "Span",
    "VisitSlot",
    "assign_resources",
    "check_booking",
    "find_slots",
    "find_visit_slots",
]

# (grid position, staff rank, staff id, (room, machine)): one bookable start for one person.
_Candidate = tuple[int, int, str, Places]


def find_slots(
    schedule: Schedule,
    service: ServiceNeeds,
    *,
    first_day: date,
    last_day: date,
    now: datetime,
    staff_id: str | None = None,
    exclude_appointment_ids: frozenset[str] = frozenset(),
) -> list[Slot]:
    """All bookable slots on local days ``first_day`` to ``last_day`` inclusive.

    ``staff_id`` None means any qualified practitioner: one Slot per free practitioner per
    start. Sorted by start, then staff order (first appearance in ``Schedule.shifts``). Each
    Slot carries the first free room and machine of the needed kinds, in the Schedule's
    order. Busy time of ``exclude_appointment_ids`` is ignored, so an appointment being
    moved does not block itself. A service with no positive duration has no slots.
    """
    if not is_bookable_length(service):
        return []
    search = Search(schedule, now, exclude_appointment_ids)
    staff = _candidate_staff(search, service, staff_id)
    duration = timedelta(minutes=service.duration_minutes)
    slots: list[Slot] = []
    for day in _days(first_day, min(last_day, search.last_date)):
        grid = search.index.grid(day)
        for i, _rank, person, (room, machine) in _day_candidates(search, service, staff, day):
            start = grid.moments[i]
            slots.append(Slot(service.service_id, start, start + duration, person, room, machine))
    return slots


def find_visit_slots(
    schedule: Schedule,
    legs: Sequence[tuple[ServiceNeeds, str | None]],
    *,
    first_day: date,
    last_day: date,
    now: datetime,
    exclude_appointment_ids: frozenset[str] = frozenset(),
) -> list[VisitSlot]:
    """Start times for several services booked back to back, one VisitSlot per start.

    ``legs`` are (service, practitioner or None for any qualified one), in visit order; each
    leg starts exactly when the previous client slot ends. Where a leg's practitioner is
    open, the previous leg's practitioner is tried first, then staff order. Legs never clash
    with each other (a practitioner simply continues), but each leg must be free of
    everything else and meet every rule ``check_booking`` applies.
    """
    if not legs or not all(is_bookable_length(service) for service, _ in legs):
        return []
    search = Search(schedule, now, exclude_appointment_ids)
    first_service, first_staff = legs[0]
    staff = _candidate_staff(search, first_service, first_staff)
    visits: list[VisitSlot] = []
    for day in _days(first_day, min(last_day, search.last_date)):
        grid = search.index.grid(day)
        seen = -1
        for i, _rank, person, places in _day_candidates(search, first_service, staff, day):
            # Whether later legs fit does not depend on who does the first one, so only the
            # first practitioner free at a start is tried.
            if i == seen:
                continue
            seen = i
            first = _slot(first_service, grid.ticks[i], person, places)
            visit = _complete_visit(search, legs, first, grid.ticks[i])
            if visit is not None:
                visits.append(visit)
    return visits


def _days(first_day: date, last_day: date) -> Iterator[date]:
    day = first_day
    while day <= last_day:
        yield day
        day += timedelta(days=1)


def _candidate_staff(search: Search, service: ServiceNeeds, staff_id: str | None) -> list[str]:
    qualified = service.qualified_staff_ids
    if staff_id is not None:
        return [staff_id] if staff_id in qualified else []
    return [person for person in search.index.staff_order if person in qualified]


def _day_candidates(
    search: Search, service: ServiceNeeds, staff: Sequence[str], day: date
) -> list[_Candidate]:
    """Every (start, practitioner) bookable on one local day, sorted by start then staff rank."""
    grid = search.index.grid(day)
    extent = Extent.of(service)
    lo = bisect_left(grid.ticks, search.earliest)
    places = _day_places(search, service, grid, lo, extent)
    found: list[_Candidate] = []
    if not places:
        return found
    for rank, person in enumerate(staff):
        busy = search.busy.timeline(person)
        for window_start, window_end in search.index.windows(person, day):
            first = max(lo, bisect_left(grid.ticks, window_start))
            last = bisect_right(grid.ticks, window_end - extent.duration)
            for i in busy.free_positions(grid.ticks, first, last, extent.lead, extent.tail):
                chosen = places.get(i)
                if chosen is not None:
                    found.append((i, rank, person, chosen))
    found.sort(key=lambda candidate: (candidate[0], candidate[1]))
    return found


def _day_places(
    search: Search, service: ServiceNeeds, grid: DayGrid, lo: int, extent: Extent
) -> dict[int, Places]:
    """Grid positions from ``lo`` that are not closed and have the room and machine needed.

    Worked out once per day for everybody, since it does not depend on the practitioner.
    """
    ticks, lead, tail = grid.ticks, extent.lead, extent.tail
    open_positions = search.busy.closed.free_positions(ticks, lo, len(ticks), lead, tail)
    rooms = _first_free(search, search.schedule.rooms, service.room_kind, grid, lo, extent)
    machines = _first_free(search, search.schedule.machines, service.machine_kind, grid, lo, extent)
    places: dict[int, Places] = {}
    for i in open_positions:
        room = None if rooms is None else rooms.get(i)
        machine = None if machines is None else machines.get(i)
        if (rooms is None or room is not None) and (machines is None or machine is not None):
            places[i] = (room, machine)
    return places


def _first_free(
    search: Search,
    resources: Sequence[Resource],
    kind: str | None,
    grid: DayGrid,
    lo: int,
    extent: Extent,
) -> dict[int, str] | None:
    """Per grid position, the first free resource of ``kind``; None when none is needed."""
    if kind is None:
        return None
    chosen: dict[int, str] = {}
    for resource in resources:
        if resource.kind == kind:
            timeline = search.busy.timeline(resource.id)
            positions = timeline.free_positions(
                grid.ticks, lo, len(grid.ticks), extent.lead, extent.tail
            )
            for i in positions:
                chosen.setdefault(i, resource.id)
    return chosen


def _slot(service: ServiceNeeds, start: int, staff_id: str, places: Places) -> Slot:
    begins = from_ticks(start)
    ends = begins + timedelta(minutes=service.duration_minutes)
    return Slot(service.service_id, begins, ends, staff_id, places[0], places[1])


def _complete_visit(
    search: Search, legs: Sequence[tuple[ServiceNeeds, str | None]], first: Slot, start: int
) -> VisitSlot | None:
    """The visit whose first leg is ``first`` (at ``start``), or None if a later leg can't fit."""
    slots = [first]
    start += Extent.of(legs[0][0]).duration
    for service, wanted in legs[1:]:
        leg = _first_fitting_leg(search, service, wanted, slots[-1].staff_id, start)
        if leg is None:
            return None
        slots.append(leg)
        start += Extent.of(service).duration
    return VisitSlot(tuple(slots))


def _first_fitting_leg(
    search: Search, service: ServiceNeeds, wanted: str | None, previous: str, start: int
) -> Slot | None:
    if wanted is not None:
        order: Sequence[str] = (wanted,)
    else:
        # The same practitioner carrying on is what the client expects, when they can.
        order = (previous, *(p for p in search.index.staff_order if p != previous))
    for person in order:
        places = search.fits(service, person, start)
        if places is not None:
            return _slot(service, start, person, places)
    return None
