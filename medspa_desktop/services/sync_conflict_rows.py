"""Reading appointments for the sync-conflict service: overlaps and what the front desk sees.

Public API: ``Booking`` (a frozen view of one appointment), ``overlapping(session, row, ...)``,
``bookings(session, rows)``, ``status_before_conflict(session, row)``. Used by
``services.sync_conflicts`` inside its unit of work; any thread that owns that unit of work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Result, false, or_, select
from sqlalchemy.orm import Session

from medspa_desktop.domain.sync_policy import APPOINTMENT_FREE_STATUSES, APPOINTMENT_RESOURCES
from medspa_desktop.store.models import (
    Appointment,
    AppointmentStatusChange,
    Client,
    Location,
    Machine,
    Room,
    ServiceItem,
    Staff,
)

RESOURCE_WORDS = {"staff_id": "practitioner", "room_id": "room", "machine_id": "machine"}
DEFAULT_ACTIVE_STATUS = "booked"


@dataclass(frozen=True)
class Booking:
    """One appointment as the Sync panel shows it; times are UTC, ``time_zone`` is the
    location's, for showing them as the clinic's local time."""

    id: str
    client_name: str
    service_name: str
    staff_name: str
    room_name: str
    machine_name: str
    location_name: str
    time_zone: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at


def shared_resources(a: Appointment, b: Appointment) -> tuple[str, ...]:
    """What both appointments hold, in the front desk's words (``practitioner`` ...)."""
    return tuple(
        RESOURCE_WORDS[name]
        for name in APPOINTMENT_RESOURCES
        if getattr(a, name) and getattr(a, name) == getattr(b, name)
    )


def overlapping(
    session: Session,
    row: Appointment,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    *,
    ignore: Iterable[str] = (),
) -> list[Appointment]:
    """Active appointments (not ``row``, not in ``ignore``) holding one of ``row``'s
    practitioner, room or machine between ``starts_at`` and ``ends_at``, earliest first."""
    holds = _holds_any(row)
    query = (
        select(Appointment)
        .where(
            Appointment.org_id == row.org_id,
            Appointment.id.not_in([row.id, *ignore]),
            Appointment.deleted.is_(False),
            Appointment.status.not_in(APPOINTMENT_FREE_STATUSES),
            Appointment.starts_at < ends_at,
            Appointment.ends_at > starts_at,
            holds,
        )
        .order_by(Appointment.starts_at, Appointment.id)
    )
    return list(session.scalars(query))


def _holds_any(row: Appointment) -> ColumnElement[bool]:
    held = [
        getattr(Appointment, name) == getattr(row, name)
        for name in APPOINTMENT_RESOURCES
        if getattr(row, name)
    ]
    return or_(*held) if held else false()


def status_before_conflict(session: Session, row: Appointment) -> str:
    """The last active status the appointment had (from its status history), or ``booked``."""
    history = select(AppointmentStatusChange.to_status).where(
        AppointmentStatusChange.appointment_id == row.id,
        AppointmentStatusChange.to_status.not_in(APPOINTMENT_FREE_STATUSES),
    )
    latest = session.scalar(history.order_by(AppointmentStatusChange.at.desc()).limit(1))
    return latest or DEFAULT_ACTIVE_STATUS


def bookings(session: Session, rows: Sequence[Appointment]) -> dict[str, Booking]:
    """The front desk's view of ``rows`` by id: names looked up in one query per kind."""
    names = _Names(session, rows)
    return {
        row.id: Booking(
            id=row.id,
            client_name=names.client(row.client_id),
            service_name=names.name(row.service_id),
            staff_name=names.name(row.staff_id),
            room_name=names.name(row.room_id),
            machine_name=names.name(row.machine_id),
            location_name=names.name(row.location_id),
            time_zone=names.time_zones.get(row.location_id, "UTC"),
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            status=row.status,
        )
        for row in rows
    }


class _Names:
    """Display names of the clients, services, staff and places a few appointments name."""

    def __init__(self, session: Session, rows: Sequence[Appointment]) -> None:
        self._names: dict[str, str] = {}
        self.time_zones: dict[str, str] = {}
        columns = (
            (ServiceItem.id, ServiceItem.name, {r.service_id for r in rows}),
            (Staff.id, Staff.display_name, {r.staff_id for r in rows}),
            (Room.id, Room.name, {r.room_id for r in rows if r.room_id}),
            (Machine.id, Machine.name, {r.machine_id for r in rows if r.machine_id}),
            (Location.id, Location.name, {r.location_id for r in rows}),
        )
        for key, label, ids in columns:
            self._names.update(_pairs(session.execute(select(key, label).where(key.in_(ids)))))
        zones = select(Location.id, Location.time_zone)
        ids = {r.location_id for r in rows}
        self.time_zones.update(_pairs(session.execute(zones.where(Location.id.in_(ids)))))
        people = select(Client.id, Client.first_name, Client.last_name)
        ids = {r.client_id for r in rows}
        for client_id, first, last in session.execute(people.where(Client.id.in_(ids))):
            self._names[client_id] = f"{first} {last}".strip()

    def name(self, row_id: str | None) -> str:
        return self._names.get(row_id, "") if row_id else ""

    def client(self, client_id: str) -> str:
        # NOTE: a pulled appointment can name a client whose row has not arrived yet.
        return self._names.get(client_id) or "Client not on this device yet"


def _pairs(result: Result[str, str]) -> list[tuple[str, str]]:
    # NOTE: not dict.update(result): a Result has keys() (its column names), so it would be
    # read as a mapping.
    return [(key, value) for key, value in result]
