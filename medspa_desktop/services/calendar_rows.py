"""Reading the calendar's columns and cards for a window of local days (services.calendar).

Public API: ``CalendarColumn``, ``CalendarCard``, ``cards_between(...)``,
``staff_columns(...)``, ``resource_columns(...)``. Inside the caller's unit of work.
"""

# ruff: noqa: S608 - SQL text here is built from constants only, never from input

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, or_, select, text
from sqlalchemy.orm import Session

from medspa_desktop.domain.appointment_status import CANCELLED, COMPLETED
from medspa_desktop.store.models import (
    Appointment,
    Client,
    Location,
    Machine,
    Payment,
    Room,
    ServiceItem,
    Staff,
    StaffLocation,
    Ticket,
    TimeOff,
    WorkingHours,
)
from medspa_desktop.store.models.base import UtcDateTime

DAY_MINUTES = 24 * 60
# NOTE: as a plain IN ... GROUP BY, SQLite (no table statistics) chose the status index and
# read every completed appointment of ten years (0.7 s); one EXISTS probe per client on
# the (client_id, starts_at) index stops at the client's first completed visit.
_RETURNING = text(
    "SELECT ids.value FROM json_each(:ids) AS ids WHERE EXISTS (SELECT 1 FROM appointment AS a "
    "INDEXED BY ix_appointment_client_id_starts_at WHERE a.client_id = ids.value "
    f"AND a.starts_at < :before AND a.status = '{COMPLETED}' AND a.deleted = 0)"
).bindparams(bindparam("before", type_=UtcDateTime()))


@dataclass(frozen=True)
class CalendarColumn:
    key: str
    """A staff, room or machine id, or an ISO date in the week view."""
    title: str
    colour: str
    working: tuple[tuple[int, int], ...]
    """Working hours as local minutes from midnight (unshaded on the calendar)."""
    away: tuple[tuple[int, int, str], ...]
    """Time off and closures: local minutes and a short reason."""
    holds: str = ""
    """In the rooms-and-machines view, ``room`` or ``machine``: what a card dropped in this
    column moves to."""


@dataclass(frozen=True)
class CalendarCard:
    id: str
    visit_id: str
    column: str
    staff_id: str
    staff_name: str
    room_id: str | None
    machine_id: str | None
    client_id: str
    client_name: str
    service_id: str
    service_name: str
    colour: str
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    start_minute: int
    """Local minutes from the midnight of the card's own day."""
    end_minute: int
    flags: frozenset[str]


ColumnsOf = Callable[["CardFacts"], Iterable[str]]
"""The column keys a card is shown in (its practitioner; its room and machine; its day)."""


@dataclass(frozen=True, slots=True)
class CardFacts:
    """What decides a card's columns."""

    staff_id: str
    room_id: str | None
    machine_id: str | None
    local_day: dt.date


def cards_between(
    session: Session,
    location: Location,
    start: dt.datetime,
    end: dt.datetime,
    zone: ZoneInfo,
    columns_of: ColumnsOf,
    *,
    staff_id: str | None = None,
) -> list[CalendarCard]:
    """A card per column of every appointment at ``location`` starting in [start, end),
    except cancelled ones, earliest first (no-shows and double bookings stay visible)."""
    where = [
        Appointment.location_id == location.id,
        Appointment.starts_at >= start,
        Appointment.starts_at < end,
        Appointment.deleted.is_(False),
        Appointment.status != CANCELLED,
    ]
    if staff_id is not None:
        where.append(Appointment.staff_id == staff_id)
    # NOTE: plain columns unpacked as tuples, not ORM objects: loading 300 Appointment
    # objects was half the cost of reading a busy day.
    rows = session.execute(
        select(*_CARD_COLUMNS)
        .join(Client, Client.id == Appointment.client_id)
        .join(ServiceItem, ServiceItem.id == Appointment.service_id)
        .join(Staff, Staff.id == Appointment.staff_id)
        .where(*where)
        .order_by(Appointment.starts_at, Appointment.id)
    ).all()
    returning = _returning_clients(session, {row[5] for row in rows}, start)
    unpaid = _unpaid_deposits(session, {row[0]: row[12] for row in rows if row[12]})
    cards = []
    for (
        appointment_id, visit_id, staff, room, machine, client_id, service_id, status,
        starts_at, ends_at, notes, booked_via, _deposit,
        first, preferred, last, allergies, service, colour, staff_name,
    ) in rows:  # fmt: skip
        flags = (
            ("new_client", client_id not in returning),
            ("allergy", bool(allergies.strip())),
            ("unpaid_deposit", appointment_id in unpaid),
            ("conflict", status == "conflict"),
            ("notes", bool(notes.strip())),
            ("online", booked_via == "online"),
        )
        local_start = starts_at.astimezone(zone)
        midnight = dt.datetime.combine(local_start.date(), dt.time(), zone)
        facts = CardFacts(staff, room, machine, local_start.date())
        for key in columns_of(facts):
            cards.append(
                CalendarCard(
                    id=appointment_id,
                    visit_id=visit_id,
                    column=key,
                    staff_id=staff,
                    staff_name=staff_name,
                    room_id=room,
                    machine_id=machine,
                    client_id=client_id,
                    client_name=f"{preferred or first} {last}".strip(),
                    service_id=service_id,
                    service_name=service,
                    colour=colour,
                    status=status,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    start_minute=_minutes(starts_at, midnight),
                    end_minute=_minutes(ends_at, midnight),
                    flags=frozenset(name for name, on in flags if on),
                )
            )
    return cards


_CARD_COLUMNS = (
    Appointment.id,
    Appointment.visit_id,
    Appointment.staff_id,
    Appointment.room_id,
    Appointment.machine_id,
    Appointment.client_id,
    Appointment.service_id,
    Appointment.status,
    Appointment.starts_at,
    Appointment.ends_at,
    Appointment.notes,
    Appointment.booked_via,
    Appointment.deposit_required_minor,
    Client.first_name,
    Client.preferred_name,
    Client.last_name,
    Client.allergies,
    ServiceItem.name,
    ServiceItem.colour,
    Staff.display_name,
)


def staff_columns(
    session: Session,
    location: Location,
    day: dt.date,
    zone: ZoneInfo,
    *,
    busy: Collection[str] = (),
    only: str | None = None,
) -> tuple[CalendarColumn, ...]:
    """A column per staff member of the location working that day or holding one of its
    appointments (``busy``), by name; ``only``: just that one (working or not)."""
    shifts = session.execute(
        select(WorkingHours.staff_id, WorkingHours.start_minute, WorkingHours.end_minute).where(
            WorkingHours.location_id == location.id,
            WorkingHours.weekday == day.weekday(),
            WorkingHours.deleted.is_(False),
            WorkingHours.effective_from <= day,
            or_(WorkingHours.effective_to.is_(None), WorkingHours.effective_to >= day),
        )
    ).all()
    working: dict[str, list[tuple[int, int]]] = {}
    for staff_id, start_minute, end_minute in shifts:
        working.setdefault(staff_id, []).append((start_minute, end_minute))
    wanted = {only} if only else set(working) | set(busy)
    here = select(StaffLocation.staff_id).where(
        StaffLocation.location_id == location.id, StaffLocation.deleted.is_(False)
    )
    people = session.execute(
        select(Staff.id, Staff.display_name, Staff.calendar_colour)
        .where(Staff.id.in_(sorted(wanted)), Staff.deleted.is_(False))
        .where(or_(Staff.id.in_(here), Staff.id.in_(sorted(busy))))
        .order_by(Staff.display_name, Staff.id)
    ).all()
    away = _away(session, location, [p.id for p in people], day, zone)
    closed = away.get(None, [])
    return tuple(
        CalendarColumn(
            p.id,
            p.display_name,
            p.calendar_colour,
            tuple(sorted(working.get(p.id, []))),
            tuple(sorted(away.get(p.id, []) + closed)),
        )
        for p in people
    )


def resource_columns(
    session: Session, location: Location, day: dt.date, zone: ZoneInfo
) -> tuple[CalendarColumn, ...]:
    """Rooms, then machines, of the location, by name; open all day unless closed."""
    columns = []
    for model, holds in ((Room, "room"), (Machine, "machine")):
        rows = session.execute(
            select(model.id, model.name)
            .where(model.location_id == location.id, model.active.is_(True))
            .where(model.deleted.is_(False))
            .order_by(model.name, model.id)
        ).all()
        away = _away(session, location, [r.id for r in rows], day, zone)
        closed = away.get(None, [])
        for resource_id, name in rows:
            spans = tuple(sorted(away.get(resource_id, []) + closed))
            columns.append(CalendarColumn(resource_id, name, "", ((0, DAY_MINUTES),), spans, holds))
    return tuple(columns)


def _away(
    session: Session, location: Location, ids: Sequence[str], day: dt.date, zone: ZoneInfo
) -> dict[str | None, list[tuple[int, int, str]]]:
    """Time off of each of ``ids`` on ``day`` (key: its id) and closures (key: None)."""
    midnight = dt.datetime.combine(day, dt.time(), zone)
    start = midnight.astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone).astimezone(dt.UTC)
    rows = session.execute(
        select(TimeOff).where(
            or_(
                TimeOff.staff_id.in_(ids),
                TimeOff.room_id.in_(ids),
                TimeOff.machine_id.in_(ids),
                TimeOff.location_id == location.id,
            ),
            TimeOff.deleted.is_(False),
            TimeOff.starts_at < end,
            TimeOff.ends_at > start,
        )
    ).scalars()
    found: dict[str | None, list[tuple[int, int, str]]] = {}
    for row in rows:
        key = row.staff_id or row.room_id or row.machine_id
        span = (
            max(_minutes(row.starts_at, midnight), 0),
            min(_minutes(row.ends_at, midnight), DAY_MINUTES),
            row.reason or ("Closed" if key is None else "Time off"),
        )
        found.setdefault(key, []).append(span)
    return found


def _returning_clients(session: Session, client_ids: set[str], before: dt.datetime) -> set[str]:
    """The clients among ``client_ids`` with a completed visit before ``before``."""
    if not client_ids:
        return set()
    found = session.scalars(_RETURNING, {"ids": json.dumps(sorted(client_ids)), "before": before})
    return set(found)


def _unpaid_deposits(session: Session, deposits: dict[str, int]) -> set[str]:
    """Of ``deposits`` (appointment id: deposit required), those not paid in full."""
    if not deposits:
        return set()
    paid = dict(
        session.execute(
            select(Ticket.appointment_id, func.sum(Payment.amount_minor))
            .join(Payment, Payment.ticket_id == Ticket.id)
            .where(Ticket.appointment_id.in_(sorted(deposits)))
            .where(Payment.deleted.is_(False))
            .group_by(Ticket.appointment_id)
        ).all()
    )
    return {a for a, required in deposits.items() if (paid.get(a) or 0) < required}


def _minutes(moment: dt.datetime, midnight: dt.datetime) -> int:
    """Minutes of wall-clock time since ``midnight`` (local): 9:00 is 540 on any day,
    daylight-saving change or not."""
    local = moment.astimezone(midnight.tzinfo)
    days = (local.date() - midnight.date()).days
    return days * DAY_MINUTES + local.hour * 60 + local.minute
