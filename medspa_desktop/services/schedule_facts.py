"""Everything the availability engine needs about one location, read from the store.

Public API (inside a unit of work; any thread that owns it):

- ``load_schedule(session, location_id, first_day, last_day, *, online=False) -> Schedule``:
  shifts, rooms, machines, busy practitioners, rooms and machines (appointments with their
  service's buffers, and time off) and closures around those local days.
- ``service_needs(session, service, location_id) -> ServiceNeeds``: duration, buffers, the
  room and machine kinds, and who may perform it here.

Plain column reads, no ORM objects: a week of a 20-practitioner clinic is a few thousand
appointments, read on every availability search.
"""

# ruff: noqa: S608 - SQL text here is built from constants only, never from input

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, String, bindparam, column, or_, select, text
from sqlalchemy.orm import Session

from medspa_desktop.domain.appointment_status import ACTIVE
from medspa_desktop.domain.availability import (
    Busy,
    Resource,
    Schedule,
    ServiceNeeds,
    Shift,
    Span,
)
from medspa_desktop.domain.availability_model import from_ticks, to_ticks
from medspa_desktop.services.errors import NotFound
from medspa_desktop.store.models import (
    Location,
    Machine,
    Room,
    ServiceCategory,
    ServiceItem,
    ServiceQualifiedStaff,
    Staff,
    StaffLocation,
    TimeOff,
    WorkingHours,
)
from medspa_desktop.store.models.base import UtcDateTime

MARGIN = dt.timedelta(days=1)
"""Read this much around the window: buffers and overnight time off reach across midnight."""
BUFFER_REACH = dt.timedelta(hours=8)
"""Twice the longest set-up or clean-down buffer the service menu allows (240 minutes)."""
DESK_HORIZON_DAYS = 3660
"""The front desk may book years ahead (a recurring series); online booking uses the
location's own horizon."""


LONGEST = dt.timedelta(days=1)
"""Longer than any appointment (12 hours at most): how far before a window to look for
appointments reaching into it, so the start-time indexes bound the search."""
_HELD_COLUMNS = "a.id, a.staff_id, a.room_id, a.machine_id, a.starts_at, a.ends_at, a.service_id"
_HELD_WHERE = (
    "a.starts_at >= :earliest AND a.starts_at < :end AND a.ends_at > :start "
    "AND a.org_id = :org AND a.deleted = 0 AND a.status IN (SELECT value FROM json_each(:active))"
)
# NOTE: with OR of location and staff, SQLite's planner (no table statistics) walked the
# whole organisation through ix_appointment_org_id: 0.8 s a search with ten years of
# bookings. Two index searches instead, named with INDEXED BY so a missing index fails
# loudly rather than slowly: this location's bookings, and those elsewhere of the staff
# who also work at another location.
_HELD_TIME = (
    text(
        f"SELECT {_HELD_COLUMNS} FROM appointment AS a "
        "INDEXED BY ix_appointment_location_id_starts_at "
        f"WHERE a.location_id = :location AND {_HELD_WHERE} "
        f"UNION ALL SELECT {_HELD_COLUMNS} FROM appointment AS a "
        "INDEXED BY ix_appointment_staff_id_starts_at "
        "WHERE a.staff_id IN (SELECT value FROM json_each(:staff)) "
        f"AND a.location_id <> :location AND {_HELD_WHERE}"
    )
    .bindparams(
        bindparam("earliest", type_=UtcDateTime()),
        bindparam("start", type_=UtcDateTime()),
        bindparam("end", type_=UtcDateTime()),
    )
    .columns(
        column("id", String),
        column("staff_id", String),
        column("room_id", String),
        column("machine_id", String),
        column("starts_at", String),
        column("ends_at", String),
        column("service_id", String),
    )
)


def get_location(session: Session, location_id: str, org_id: str) -> Location:
    location = session.get(Location, location_id)
    if location is None or location.deleted or location.org_id != org_id:
        raise NotFound("That location no longer exists. Choose another location in Settings.")
    return location


def load_schedule(
    session: Session,
    location: Location,
    first_day: dt.date,
    last_day: dt.date,
    *,
    online: bool = False,
) -> Schedule:
    """The location's facts for local days ``first_day`` .. ``last_day``. ``online``: the
    location's notice and horizon apply (the front desk may book at once and far ahead)."""
    zone = ZoneInfo(location.time_zone)
    start = dt.datetime.combine(first_day, dt.time(), zone).astimezone(dt.UTC) - MARGIN
    end = dt.datetime.combine(last_day, dt.time(), zone).astimezone(dt.UTC) + 2 * MARGIN
    shifts = _shifts(session, location.id, first_day, last_day)
    staff_ids = sorted({shift.staff_id for shift in shifts})
    rooms = _resources(session, Room, location.id)
    machines = _resources(session, Machine, location.id)
    # Bookings only matter as far as buffers reach past the days searched (two of 4 hours
    # at most: theirs and the one being booked); a wider read was a fifth of a week's search.
    opening = start + MARGIN - BUFFER_REACH
    closing = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), zone)
    busy = [
        *_appointments(session, location, staff_ids, zone, opening, closing + BUFFER_REACH),
        *_time_off(session, staff_ids, rooms + machines, start, end),
    ]
    return Schedule(
        time_zone=location.time_zone,
        grid_minutes=location.grid_minutes,
        shifts=tuple(shifts),
        rooms=tuple(rooms),
        machines=tuple(machines),
        busy=tuple(busy),
        closed=tuple(_closures(session, location.id, start, end)),
        min_notice_minutes=location.min_notice_minutes if online else 0,
        horizon_days=location.booking_horizon_days if online else DESK_HORIZON_DAYS,
    )


def service_needs(session: Session, service: ServiceItem, location_id: str) -> ServiceNeeds:
    """Who may perform ``service`` at the location: the staff chosen for it on the menu, or,
    when none are chosen, every active staff member here qualified in its category."""
    here = select(StaffLocation.staff_id).where(
        StaffLocation.location_id == location_id, StaffLocation.deleted.is_(False)
    )
    chosen = select(ServiceQualifiedStaff.staff_id).where(
        ServiceQualifiedStaff.service_id == service.id, ServiceQualifiedStaff.deleted.is_(False)
    )
    staff = session.execute(
        select(Staff.id, Staff.qualifications).where(
            Staff.id.in_(here), Staff.active.is_(True), Staff.deleted.is_(False)
        )
    ).all()
    picked = set(session.scalars(chosen))
    if not picked:
        code = session.scalar(
            select(ServiceCategory.code).where(ServiceCategory.id == service.category_id)
        )
        picked = {staff_id for staff_id, quals in staff if code in (quals or [])}
    return ServiceNeeds(
        service_id=service.id,
        name=service.name,
        duration_minutes=service.duration_minutes,
        buffer_before_minutes=service.buffer_before_minutes,
        buffer_after_minutes=service.buffer_after_minutes,
        room_kind=service.required_room_kind,
        machine_kind=service.required_machine_kind,
        qualified_staff_ids=frozenset(picked & {staff_id for staff_id, _ in staff}),
    )


def _shifts(
    session: Session, location_id: str, first_day: dt.date, last_day: dt.date
) -> list[Shift]:
    rows = session.execute(
        select(
            WorkingHours.staff_id,
            WorkingHours.weekday,
            WorkingHours.start_minute,
            WorkingHours.end_minute,
            WorkingHours.effective_from,
            WorkingHours.effective_to,
        )
        .join(Staff, Staff.id == WorkingHours.staff_id)
        .where(
            WorkingHours.location_id == location_id,
            WorkingHours.deleted.is_(False),
            WorkingHours.effective_from <= last_day,
            or_(WorkingHours.effective_to.is_(None), WorkingHours.effective_to >= first_day),
            Staff.active.is_(True),
            Staff.deleted.is_(False),
        )
        .order_by(Staff.display_name, Staff.id, WorkingHours.weekday, WorkingHours.start_minute)
    )
    return [Shift(*row) for row in rows]


def _resources(
    session: Session, model: type[Room] | type[Machine], location_id: str
) -> list[Resource]:
    rows = session.execute(
        select(model.id, model.kind, model.name)
        .where(model.location_id == location_id, model.active.is_(True), model.deleted.is_(False))
        .order_by(model.name, model.id)
    )
    return [Resource(*row) for row in rows]


def _appointments(
    session: Session,
    location: Location,
    staff_ids: Iterable[str],
    zone: ZoneInfo,
    start: dt.datetime,
    end: dt.datetime,
) -> list[Busy]:
    """Busy blocks of every active appointment here, and of this location's practitioners
    anywhere (a practitioner working at two clinics is busy at the other one too)."""
    result = session.execute(
        _HELD_TIME,
        {
            "location": location.id,
            "org": location.org_id,
            "staff": json.dumps(_working_elsewhere(session, location, staff_ids)),
            "active": json.dumps(sorted(ACTIVE)),
            "earliest": start - LONGEST,
            "start": start,
            "end": end,
        },
    )
    # NOTE: plain tuples straight from the DB-API cursor: SQLAlchemy's Row objects for a
    # busy week's 2,000 bookings were a tenth of a week's search.
    rows = cast(CursorResult[Any], result).cursor.fetchall()
    result.close()
    busy = []
    held = _HeldTime(zone, _buffers(session, location.org_id))
    # NOTE: rows unpacked as plain tuples, each distinct stored time parsed once, and the
    # label worded only if an explanation reads it: Row objects, SQLAlchemy's SQLite
    # DateTime parsing, and a span and a label per booking were most of the cost of
    # reading a busy week (2,000 bookings).
    for appointment_id, staff_id, room_id, machine_id, begins, ends, service_id in rows:
        ticks, label = held(begins, ends, service_id)
        for resource_id in (staff_id, room_id, machine_id):
            if resource_id:
                busy.append(Busy.booked(resource_id, ticks, appointment_id, label))
    return busy


_MINUTE = 60_000_000
"""A minute in ticks."""


class _HeldTime:
    """The time a booking read from the store holds (buffers included) in ticks, and its
    label, worded when first read: "an appointment 10:00–11:00 (Botox)"."""

    def __init__(self, zone: ZoneInfo, services: dict[str, tuple[str, int, int]]) -> None:
        self._clock = _Clock(zone)
        self._services = services
        self._ticks: dict[str, int] = {}

    def __call__(
        self, begins: str, ends: str, service_id: str
    ) -> tuple[tuple[int, int], Callable[[], str]]:
        name, before, after = self._services.get(service_id, _UNKNOWN_SERVICE)
        # from the store: UTC, and an appointment never ends before it starts
        ticks = (self._tick(begins) - before * _MINUTE, self._tick(ends) + after * _MINUTE)
        return ticks, partial(self._label, begins, ends, name)

    def _tick(self, stored: str) -> int:
        found = self._ticks.get(stored)
        if found is None:
            moment = dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC)
            found = self._ticks[stored] = to_ticks(moment)
        return found

    def _label(self, begins: str, ends: str, name: str) -> str:
        start, end = (from_ticks(self._tick(stored)) for stored in (begins, ends))
        return f"an appointment {self._clock(start)}–{self._clock(end)} ({name})"


_UNKNOWN_SERVICE = ("a service no longer on the menu", 0, 0)


def _buffers(session: Session, org_id: str) -> dict[str, tuple[str, int, int]]:
    """Name and buffers of every service of the organisation (a short menu): joined to a
    week's bookings in SQL, it was a third of reading them."""
    rows = session.execute(
        select(
            ServiceItem.id,
            ServiceItem.name,
            ServiceItem.buffer_before_minutes,
            ServiceItem.buffer_after_minutes,
        ).where(ServiceItem.org_id == org_id)
    )
    return {service_id: (name, before, after) for service_id, name, before, after in rows}


def _working_elsewhere(session: Session, location: Location, staff_ids: Iterable[str]) -> list[str]:
    """Those of ``staff_ids`` who also work at another location of the organisation."""
    return sorted(
        session.scalars(
            select(StaffLocation.staff_id)
            .where(
                StaffLocation.staff_id.in_(sorted(staff_ids)),
                StaffLocation.location_id != location.id,
                StaffLocation.deleted.is_(False),
            )
            .distinct()
        )
    )


def _time_off(
    session: Session,
    staff_ids: list[str],
    resources: list[Resource],
    start: dt.datetime,
    end: dt.datetime,
) -> list[Busy]:
    resource_ids = [r.id for r in resources]
    rows = session.execute(
        select(
            TimeOff.staff_id,
            TimeOff.room_id,
            TimeOff.machine_id,
            TimeOff.starts_at,
            TimeOff.ends_at,
            TimeOff.reason,
        ).where(
            or_(
                TimeOff.staff_id.in_(staff_ids),
                TimeOff.room_id.in_(resource_ids),
                TimeOff.machine_id.in_(resource_ids),
            ),
            TimeOff.deleted.is_(False),
            TimeOff.starts_at < end,
            TimeOff.ends_at > start,
        )
    )
    busy = []
    for staff_id, room_id, machine_id, starts_at, ends_at, reason in rows:
        label = f"time off ({reason})" if reason else "time off"
        owner = staff_id or room_id or machine_id or ""
        busy.append(Busy(owner, Span(starts_at, ends_at), None, label))
    return busy


def _closures(
    session: Session, location_id: str, start: dt.datetime, end: dt.datetime
) -> list[Span]:
    rows = session.execute(
        select(TimeOff.starts_at, TimeOff.ends_at).where(
            TimeOff.location_id == location_id,
            TimeOff.deleted.is_(False),
            TimeOff.starts_at < end,
            TimeOff.ends_at > start,
        )
    )
    return [Span(starts_at, ends_at) for starts_at, ends_at in rows]


class _Clock:
    """Local wall-clock "HH:MM" of UTC times, the zone's offset looked up once per hour."""

    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone
        self._offsets: dict[tuple[dt.date, int], dt.timedelta] = {}

    def __call__(self, moment: dt.datetime) -> str:
        hour = (moment.date(), moment.hour)
        offset = self._offsets.get(hour)
        if offset is None:
            offset = self._offsets[hour] = moment.astimezone(self._zone).utcoffset() or _ZERO
        local = moment + offset
        return f"{local.hour:02d}:{local.minute:02d}"


_ZERO = dt.timedelta()
