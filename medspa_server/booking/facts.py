"""The availability engine's Schedule of one location, built from the server's rows: the
server's counterpart of the desktop's ``services/schedule_facts.load_schedule`` (online
rules: the location's minimum notice and booking horizon always apply).

Public API (inside a session; any thread that owns it):

- ``load_schedule(session, clinic, first_day, last_day) -> Schedule``: shifts, active rooms
  and machines, busy time (active appointments widened by their service's buffers, from
  ``appointment_slot``; time off) and closures around those local days.
- ``staff_names(session, clinic, staff_ids) -> dict[str, str]``: display names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from medspa_desktop.domain.availability import Busy, Resource, Schedule, Shift, Span
from medspa_server.booking.clinic import Clinic
from medspa_server.booking.rows import Data, field, rows_by_id, rows_of
from medspa_server.models import AppointmentSlot

MARGIN = dt.timedelta(days=1)
"""Read this much around the window: buffers and overnight time off reach across midnight."""
_ROOM, _MACHINE, _STAFF = "room_id", "machine_id", "staff_id"


def load_schedule(
    session: Session, clinic: Clinic, first_day: dt.date, last_day: dt.date
) -> Schedule:
    """The location's facts for local days ``first_day`` .. ``last_day``."""
    zone = ZoneInfo(clinic.time_zone)
    start = dt.datetime.combine(first_day, dt.time(), zone).astimezone(dt.UTC) - MARGIN
    end = dt.datetime.combine(last_day, dt.time(), zone).astimezone(dt.UTC) + 2 * MARGIN
    window = Span(start, end)
    shifts = _shifts(session, clinic, first_day, last_day)
    staff_ids = sorted({shift.staff_id for shift in shifts})
    rooms = _resources(session, clinic, "room")
    machines = _resources(session, clinic, "machine")
    places = [resource.id for resource in (*rooms, *machines)]
    busy = [
        *_appointments(session, clinic, staff_ids, places, window),
        *_time_off(session, clinic, staff_ids, places, window),
    ]
    return Schedule(
        time_zone=clinic.time_zone,
        grid_minutes=clinic.grid_minutes,
        shifts=tuple(shifts),
        rooms=tuple(rooms),
        machines=tuple(machines),
        busy=tuple(busy),
        closed=tuple(_closures(session, clinic, window)),
        min_notice_minutes=clinic.min_notice_minutes,
        horizon_days=clinic.horizon_days,
    )


def staff_names(session: Session, clinic: Clinic, staff_ids: Collection[str]) -> dict[str, str]:
    """The display names of these staff members of the clinic's organisation."""
    rows = rows_by_id(session, clinic.org_id, "staff", staff_ids)
    return {staff_id: str(row.get("display_name") or "") for staff_id, row in rows.items()}


def utc(text: object) -> dt.datetime | None:
    """A stored ISO time as an aware UTC datetime, or None when it is not one."""
    if not isinstance(text, str):
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _shifts(session: Session, clinic: Clinic, first_day: dt.date, last_day: dt.date) -> list[Shift]:
    """Working hours here in the window, of active staff, in the desktop's staff order
    (display name, then id): "any practitioner" offers the first free one in it."""
    hours = rows_of(session, clinic.org_id, "working_hours", location_id=clinic.location_id)
    staff = rows_by_id(session, clinic.org_id, "staff", {str(h.get("staff_id")) for h in hours})
    found = []
    for row in hours:
        person = staff.get(str(row.get("staff_id")))
        shift = _shift(row)
        if person is None or person.get("active") is False or shift is None:
            continue
        if shift.effective_from > last_day or (
            shift.effective_to is not None and shift.effective_to < first_day
        ):
            continue
        name = str(person.get("display_name") or "")
        found.append(((name, shift.staff_id, shift.weekday, shift.start_minute), shift))
    return [shift for _, shift in sorted(found, key=lambda item: item[0])]


def _shift(row: Data) -> Shift | None:
    """A working-hours row as a Shift; None for a row the engine can't use."""
    try:
        until = row.get("effective_to")
        return Shift(
            staff_id=str(row["staff_id"]),
            weekday=int(row["weekday"]),
            start_minute=int(row["start_minute"]),
            end_minute=int(row["end_minute"]),
            effective_from=dt.date.fromisoformat(str(row["effective_from"])),
            effective_to=dt.date.fromisoformat(until) if isinstance(until, str) else None,
        )
    except (KeyError, TypeError, ValueError):
        return None


def _resources(session: Session, clinic: Clinic, entity: str) -> list[Resource]:
    rows = rows_of(session, clinic.org_id, entity, location_id=clinic.location_id)
    found = [
        Resource(row["id"], str(row.get("kind") or ""), str(row.get("name") or ""))
        for row in rows
        if row.get("active") is not False
    ]
    return sorted(found, key=lambda resource: (resource.name, resource.id))


def _appointments(
    session: Session, clinic: Clinic, staff_ids: list[str], places: list[str], window: Span
) -> list[Busy]:
    """Busy blocks of the active appointments holding these practitioners (wherever they
    work), rooms or machines; ``appointment_slot`` holds exactly those appointments."""
    slot = AppointmentSlot
    query = select(slot.appointment_id, slot.resource_id, slot.starts_at, slot.ends_at).where(
        slot.org_id == clinic.org_id,
        or_(
            and_(slot.resource_kind == _STAFF, slot.resource_id.in_(staff_ids)),
            and_(slot.resource_kind.in_((_ROOM, _MACHINE)), slot.resource_id.in_(places)),
        ),
        slot.starts_at < window.end,
        slot.ends_at > window.start,
    )
    held = session.execute(query).all()
    appointments = rows_by_id(
        session, clinic.org_id, "appointment", {row.appointment_id for row in held}
    )
    service_ids = {str(a.get("service_id")) for a in appointments.values()}
    services = rows_by_id(session, clinic.org_id, "service_item", service_ids)
    busy = []
    for appointment_id, resource_id, starts_at, ends_at in held:
        appointment = appointments.get(appointment_id, {})
        service = services.get(str(appointment.get("service_id")), {})
        before = dt.timedelta(minutes=_minutes(service.get("buffer_before_minutes")))
        after = dt.timedelta(minutes=_minutes(service.get("buffer_after_minutes")))
        span = Span(starts_at - before, ends_at + after)
        busy.append(Busy(resource_id, span, appointment_id, "an appointment"))
    return busy


def _time_off(
    session: Session, clinic: Clinic, staff_ids: list[str], places: list[str], window: Span
) -> list[Busy]:
    rows = rows_of(
        session,
        clinic.org_id,
        "time_off",
        or_(
            field(_STAFF).in_(staff_ids),
            field(_ROOM).in_(places),
            field(_MACHINE).in_(places),
        ),
    )
    busy = []
    for row in rows:
        span = _span(row)
        owner = row.get(_STAFF) or row.get(_ROOM) or row.get(_MACHINE)
        if span is not None and owner and span.overlaps(window):
            busy.append(Busy(str(owner), span, None, "time off"))
    return busy


def _closures(session: Session, clinic: Clinic, window: Span) -> list[Span]:
    rows = rows_of(session, clinic.org_id, "time_off", location_id=clinic.location_id)
    spans = (_span(row) for row in rows)
    return [span for span in spans if span is not None and span.overlaps(window)]


def _span(row: Data) -> Span | None:
    starts_at, ends_at = utc(row.get("starts_at")), utc(row.get("ends_at"))
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        return None
    return Span(starts_at, ends_at)


def _minutes(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
