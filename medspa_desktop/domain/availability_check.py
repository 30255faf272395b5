"""Checking one proposed booking: every reason it cannot be made, in a receptionist's words.

The rules are those ``find_slots`` applies; a grid start it offers for a practitioner
passes this check, and one it does not offer fails it. Pure; any thread may call it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

from medspa_desktop.domain.availability_index import BusyIndex, from_ticks, index_of, to_ticks
from medspa_desktop.domain.availability_model import (
    Busy,
    Problem,
    Resource,
    Schedule,
    ServiceNeeds,
    require_aware,
)
from medspa_desktop.domain.availability_rules import (
    Extent,
    Places,
    Search,
    free_places,
    is_bookable_length,
    pick,
)

_NO_NAMES: Mapping[str, str] = MappingProxyType({})
# Fixed English names: strftime would follow whatever locale the Qt application set.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def assign_resources(
    schedule: Schedule,
    service: ServiceNeeds,
    start: datetime,
    exclude_appointment_ids: frozenset[str] = frozenset(),
    *,
    prefer: Places = (None, None),
) -> Places | None:
    """The room and machine a booking at ``start`` would hold, as ``(room_id, machine_id)``.

    Each is the ``prefer``red one (e.g. a moved appointment's own room) when it is of the
    needed kind and free, else the first free one in the Schedule's order; None where the
    service needs none. Returns None when a needed room or machine is not free for the
    held span.
    """
    require_aware(start, "start")
    extent = Extent.of(service)
    begins = to_ticks(start)
    busy = index_of(schedule).busy(exclude_appointment_ids)
    held_start, held_end = begins - extent.lead, begins + extent.tail
    return free_places(schedule, busy, service, held_start, held_end, prefer)


def check_booking(
    schedule: Schedule,
    service: ServiceNeeds,
    *,
    start: datetime,
    staff_id: str,
    room_id: str | None,
    machine_id: str | None,
    now: datetime,
    exclude_appointment_ids: frozenset[str] = frozenset(),
    staff_names: Mapping[str, str] = _NO_NAMES,
) -> list[Problem]:
    """Every reason this exact booking cannot be made; an empty list when it can.

    ``room_id``/``machine_id`` None for a service that needs one: no_room/no_machine is
    reported only when none of that kind is free (``assign_resources`` picks one). Times in
    messages are local; ``staff_names`` maps staff ids to the names shown. The start need
    not be on the slot grid.
    """
    require_aware(start, "start")
    if not is_bookable_length(service):
        return [Problem("bad_duration", _BAD_DURATION)]
    search = Search(schedule, now, exclude_appointment_ids)
    booking = _Booking.of(search, service, start, staff_names.get(staff_id, staff_id))
    words = _Words(search.index.tz, booking.day)
    places = (
        ("room", schedule.rooms, service.room_kind, room_id),
        ("machine", schedule.machines, service.machine_kind, machine_id),
    )
    return [
        *_timing_problems(search, booking, words),
        *_staff_problems(search, service, staff_id, booking, words),
        *_closed_problems(search, booking, words),
        *(
            found
            for place in places
            for found in _place_problems(search.busy, booking, words, *place)
        ),
    ]


_BAD_DURATION = (
    "This service has no duration (or a negative buffer) set, so it cannot be booked; "
    "fix it in the service settings."
)


@dataclass(frozen=True, slots=True)
class _Booking:
    """The proposed booking in ticks: the client's slot, the held span, its local date."""

    start: int
    end: int
    held_start: int
    held_end: int
    day: date
    who: str

    @classmethod
    def of(cls, search: Search, service: ServiceNeeds, start: datetime, who: str) -> _Booking:
        extent = Extent.of(service)
        begins = to_ticks(start)
        return cls(
            begins,
            begins + extent.duration,
            begins - extent.lead,
            begins + extent.tail,
            search.local_date(begins),
            who,
        )


class _Words:
    """Local times as a receptionist reads them, relative to the booking's local date."""

    def __init__(self, tz: ZoneInfo, day: date) -> None:
        self.tz = tz
        self.day = day

    @staticmethod
    def day_name(day: date) -> str:
        return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"

    def moment(self, ticks: int) -> str:
        local = from_ticks(ticks).astimezone(self.tz)
        clock = local.strftime("%H:%M")
        return clock if local.date() == self.day else f"{self.day_name(local.date())} {clock}"

    def span(self, start: int, end: int) -> str:
        # A span ending at midnight still reads as that day's "22:00–00:00".
        last_day = from_ticks(max(start, end - 1)).astimezone(self.tz).date()
        begins = from_ticks(start).astimezone(self.tz)
        ends = from_ticks(end).astimezone(self.tz).strftime("%H:%M")
        if begins.date() == self.day == last_day:
            return f"{begins.strftime('%H:%M')}–{ends}"
        return f"{self.moment(start)} – {self.day_name(last_day)} {ends}"


def _timing_problems(search: Search, booking: _Booking, words: _Words) -> list[Problem]:
    problems: list[Problem] = []
    if booking.start < search.now:
        problems.append(Problem("in_past", "That time has already passed."))
    elif booking.start < search.earliest:
        notice = _notice(search.schedule.min_notice_minutes)
        message = f"Bookings need {notice} notice; the earliest start now is "
        problems.append(Problem("too_soon", message + f"{words.moment(search.earliest)}."))
    if booking.day > search.last_date:
        ahead = search.schedule.horizon_days
        message = f"Bookings can be made up to {ahead} days ahead, so until "
        problems.append(Problem("too_far_ahead", message + f"{words.day_name(search.last_date)}."))
    return problems


def _notice(minutes: int) -> str:
    """``120`` → ``"2 hours'"``, as in "2 hours' notice"."""
    units = (("day", 1440), ("hour", 60), ("minute", 1))
    unit, size = next((unit, size) for unit, size in units if minutes % size == 0)
    count = minutes // size
    return f"1 {unit}'s" if count == 1 else f"{count} {unit}s'"


def _staff_problems(
    search: Search, service: ServiceNeeds, staff_id: str, booking: _Booking, words: _Words
) -> list[Problem]:
    who = booking.who
    problems: list[Problem] = []
    if staff_id not in service.qualified_staff_ids:
        what = service.name or "this service"
        problems.append(Problem("not_qualified", f"{who} is not qualified to perform {what}."))
    windows = search.index.windows(staff_id, booking.day)
    if not windows.covers(booking.start, booking.end):
        hours = ", ".join(words.span(start, end) for start, end in windows)
        slot, day = words.span(booking.start, booking.end), words.day_name(booking.day)
        message = (
            f"{who} works {hours} on {day}, so {slot} is outside their hours."
            if hours
            else f"{who} does not work on {day}."
        )
        problems.append(Problem("outside_hours", message))
    for start, end, busy in _clashes(search.busy, staff_id, booking):
        problems.append(_clash_problem(busy, who, words.span(start, end), "staff"))
    return problems


def _clash_problem(busy: Busy, name: str, when: str, holder: str) -> Problem:
    """A clash with an appointment or with time off, worded for a person or a room/machine."""
    if busy.appointment_id is None:
        code = "time_off" if holder == "staff" else f"{holder}_busy"
        away = "away" if holder == "staff" else "unavailable"
        reason = f": {busy.label}" if busy.label else ""
        return Problem(code, f"{name} is {away} {when}{reason}.")
    what = _with_article(busy.label) if busy.label else f"an appointment {when}"
    verb = "already has" if holder == "staff" else "is already in use for"
    code = "staff_busy" if holder == "staff" else f"{holder}_busy"
    return Problem(code, f"{name} {verb} {what}.", busy.appointment_id)


def _with_article(label: str) -> str:
    """``"appointment 10:00–11:00"`` → ``"an appointment 10:00–11:00"``; kept if it has one."""
    if label.lower().startswith(("a ", "an ", "the ")):
        return label
    return f"an {label}" if label[:1].lower() in "aeiou" else f"a {label}"


def _clashes(busy: BusyIndex, resource_id: str, booking: _Booking) -> list[tuple[int, int, Busy]]:
    """The busy blocks of one resource that overlap the held span, in order of start."""
    clashes: list[tuple[int, int, Busy]] = []
    for start, end, block in busy.blocks.get(resource_id, ()):
        if start >= booking.held_end:
            break
        if end > booking.held_start:
            clashes.append((start, end, block))
    return clashes


def _closed_problems(search: Search, booking: _Booking, words: _Words) -> list[Problem]:
    spans = sorted((to_ticks(s.start), to_ticks(s.end)) for s in search.schedule.closed)
    return [
        Problem("closed", f"The location is closed {words.span(start, end)}.")
        for start, end in spans
        if start < booking.held_end and booking.held_start < end and start < end
    ]


def _place_problems(
    busy: BusyIndex,
    booking: _Booking,
    words: _Words,
    holder: str,
    resources: Sequence[Resource],
    kind: str | None,
    chosen: str | None,
) -> list[Problem]:
    """Problems with the room (or machine): none free, the wrong one, or already in use."""
    what = f"{kind} room" if holder == "room" else f"{kind}"
    if chosen is None:
        if kind is None or pick(busy, resources, kind, booking.held_start, booking.held_end):
            return []
        slot = words.span(booking.start, booking.end)
        return [Problem(f"no_{holder}", f"No {what} is free {slot}.")]
    resource = next((r for r in resources if r.id == chosen), None)
    if resource is None:
        return [Problem(f"no_{holder}", f"That {holder} is not in use at this location.")]
    name = resource.name or resource.id
    if kind is not None and resource.kind != kind:
        return [Problem(f"no_{holder}", f"{name} is not a {what}; choose a {what}.")]
    return [
        _clash_problem(block, name, words.span(start, end), holder)
        for start, end, block in _clashes(busy, chosen, booking)
    ]
