"""The booking rules, answered yes or no for one start: the room and machine a booking would
hold, and whether a practitioner can take it. ``availability_check`` gives the reasons.

Pure; any thread may call it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from medspa_desktop.domain.availability_index import (
    MINUTE,
    BusyIndex,
    from_ticks,
    index_of,
    to_ticks,
)
from medspa_desktop.domain.availability_model import (
    Resource,
    Schedule,
    ServiceNeeds,
    require_aware,
)

Places = tuple[str | None, str | None]
"""The room and the machine a booking holds; None where the service needs none."""


def pick(
    busy: BusyIndex,
    resources: Sequence[Resource],
    kind: str,
    start: int,
    end: int,
    prefer: str | None = None,
) -> str | None:
    """The first resource of ``kind`` free for ``[start, end)``: ``prefer`` when it is one
    and free, else the first in the Schedule's order."""
    if prefer is not None:
        resources = sorted(resources, key=lambda resource: resource.id != prefer)
    for resource in resources:
        if resource.kind == kind and busy.timeline(resource.id).is_free(start, end):
            return resource.id
    return None


def free_places(
    schedule: Schedule,
    busy: BusyIndex,
    service: ServiceNeeds,
    start: int,
    end: int,
    prefer: Places = (None, None),
) -> Places | None:
    """The room and machine the service needs, free for ``[start, end)`` (the ``prefer``red
    ones when they are), or None when a needed one is not free."""
    room = machine = None
    if service.room_kind is not None:
        room = pick(busy, schedule.rooms, service.room_kind, start, end, prefer[0])
        if room is None:
            return None
    if service.machine_kind is not None:
        machine = pick(busy, schedule.machines, service.machine_kind, start, end, prefer[1])
        if machine is None:
            return None
    return room, machine


@dataclass(frozen=True, slots=True)
class Extent:
    """A service's time in ticks: the client's slot is ``[s, s + duration)``, the held span
    ``[s - lead, s + tail)``."""

    lead: int
    duration: int
    tail: int

    @classmethod
    def of(cls, service: ServiceNeeds) -> Extent:
        return cls(
            service.buffer_before_minutes * MINUTE,
            service.duration_minutes * MINUTE,
            (service.duration_minutes + service.buffer_after_minutes) * MINUTE,
        )


def is_bookable_length(service: ServiceNeeds) -> bool:
    """A positive duration and no negative buffer."""
    return (
        service.duration_minutes > 0
        and service.buffer_before_minutes >= 0
        and service.buffer_after_minutes >= 0
    )


class Search:
    """One question put to a Schedule: its indexes plus the booking window ``now`` sets."""

    __slots__ = ("busy", "earliest", "index", "last_date", "now", "schedule")

    def __init__(self, schedule: Schedule, now: datetime, exclude: frozenset[str]) -> None:
        require_aware(now, "now")
        self.schedule = schedule
        self.index = index_of(schedule)
        self.busy = self.index.busy(exclude)
        self.now = to_ticks(now)
        self.earliest = self.now + max(0, schedule.min_notice_minutes) * MINUTE
        today = now.astimezone(self.index.tz).date()
        self.last_date = today + timedelta(days=schedule.horizon_days)

    def local_date(self, ticks: int) -> date:
        """The local date at an instant."""
        return from_ticks(ticks).astimezone(self.index.tz).date()

    def fits(self, service: ServiceNeeds, staff_id: str, start: int) -> Places | None:
        """The room and machine for a booking at ``start`` with ``staff_id``, or None when it
        cannot be made: the rules of ``check_booking``, answered yes or no."""
        span = Extent.of(service)
        held_start, held_end = start - span.lead, start + span.tail
        if staff_id not in service.qualified_staff_ids or start < self.earliest:
            return None
        day = self.local_date(start)
        if day > self.last_date or not self.index.windows(staff_id, day).covers(
            start, start + span.duration
        ):
            return None
        if not self.busy.timeline(staff_id).is_free(held_start, held_end):
            return None
        if not self.busy.closed.is_free(held_start, held_end):
            return None
        return free_places(self.schedule, self.busy, service, held_start, held_end)
