"""Free times for a visitor, and the final check of the one they chose: the shared
availability engine (``domain/availability.py``) over a Schedule from ``facts.py``.

Pure functions; any thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from medspa_desktop.domain.availability import (
    Schedule,
    ServiceNeeds,
    Slot,
    assign_resources,
    check_booking,
    find_slots,
)


@dataclass(frozen=True)
class Choice:
    """Who and where a booking at ``start`` would hold."""

    start: dt.datetime
    end: dt.datetime
    staff_id: str
    room_id: str | None
    machine_id: str | None


def free_times(
    schedule: Schedule,
    needs: ServiceNeeds,
    *,
    staff_id: str | None,
    first_day: dt.date,
    last_day: dt.date,
    now: dt.datetime,
) -> list[Slot]:
    """One slot per free start (the first free practitioner in staff order when ``staff_id``
    is None, "any practitioner"), sorted by start."""
    slots = find_slots(
        schedule, needs, first_day=first_day, last_day=last_day, now=now, staff_id=staff_id
    )
    first: dict[dt.datetime, Slot] = {}
    for slot in slots:
        first.setdefault(slot.start, slot)
    return list(first.values())


def choose(
    schedule: Schedule,
    needs: ServiceNeeds,
    *,
    start: dt.datetime,
    staff_id: str | None,
    now: dt.datetime,
) -> Choice | None:
    """The practitioner, room and machine to book at ``start``, checked with
    ``check_booking``; None when the time is no longer free or is not a start the page
    offers (off the location's slot grid). With ``staff_id`` None every qualified
    practitioner is tried in staff order."""
    if not on_grid(schedule, start):
        return None
    candidates = [staff_id] if staff_id is not None else _staff_order(schedule, needs)
    end = start + dt.timedelta(minutes=needs.duration_minutes)
    for person in candidates:
        places = assign_resources(schedule, needs, start)
        if places is None:
            return None
        room_id, machine_id = places
        problems = check_booking(
            schedule,
            needs,
            start=start,
            staff_id=person,
            room_id=room_id,
            machine_id=machine_id,
            now=now,
        )
        if not problems:
            return Choice(start, end, person, room_id, machine_id)
    return None


def on_grid(schedule: Schedule, start: dt.datetime) -> bool:
    """``start`` is a whole local minute on the location's slot grid (9:00, 9:15 ...)."""
    local = start.astimezone(ZoneInfo(schedule.time_zone))
    minute = local.hour * 60 + local.minute
    return local.second == local.microsecond == 0 and minute % schedule.grid_minutes == 0


def _staff_order(schedule: Schedule, needs: ServiceNeeds) -> list[str]:
    """Qualified practitioners in the order of their first shift in the Schedule."""
    order = dict.fromkeys(shift.staff_id for shift in schedule.shifts)
    return [person for person in order if person in needs.qualified_staff_ids]
