"""Storing an online booking: the client (matched or new), the appointment, its first status
change and the confirmation e-mail, in one transaction through the organisation's writer.

Public API (worker thread):

- ``book_online(database, booking, *, now) -> Booked``; raises ``SlotTaken`` when the time
  is no longer free and ``NotOffered`` when the location or treatment is no longer bookable
  online (nothing is stored then).

The organisation's counter row is locked first (``OrgWriter``: a row lock on PostgreSQL,
SQLite's write lock), then the slot is checked again with ``check_booking`` on what is
committed: two visitors taking one slot are served one after the other and the second is
refused. The rows get sequence numbers like pushed ones, so every device pulls them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from medspa_desktop.domain.ids import new_id
from medspa_server.booking.clients import match_client
from medspa_server.booking.clinic import Clinic, Treatment, load_clinic, treatments
from medspa_server.booking.confirm import confirmation
from medspa_server.booking.facts import load_schedule, staff_names, utc
from medspa_server.booking.openings import Choice, choose
from medspa_server.booking.records import insert_new
from medspa_server.db import Database
from medspa_server.sync.appointments import settle_appointment
from medspa_server.sync.clock import SERVER_NODE
from medspa_server.sync.writer import OrgWriter, Row

BOOKED_BY = SERVER_NODE
"""``updated_by`` of the rows the booking page writes."""
STATUS_REASON = "Online booking"
REFERRAL = "Online booking"


class SlotTaken(Exception):
    """The chosen time was taken (or closed) since the visitor saw it."""


class NotOffered(Exception):
    """The location or the treatment is no longer bookable online."""


@dataclass(frozen=True)
class OnlineBooking:
    location_id: str
    service_id: str
    staff_id: str | None
    """None: any qualified practitioner who is free."""
    start: dt.datetime
    first_name: str
    last_name: str
    phone: str
    """E.164, as ``contact.normalise_phone`` gives it."""
    email: str
    """As ``contact.normalise_email`` gives it."""
    appointment_id: str
    """Chosen when the form was shown, so a repeated submission books once."""


@dataclass(frozen=True)
class Booked:
    appointment_id: str
    status: str
    treatment: str
    staff_name: str
    start: dt.datetime
    end: dt.datetime


def book_online(database: Database, booking: OnlineBooking, *, now: dt.datetime) -> Booked:
    """Store ``booking`` if its time is still free (see the module docstring)."""
    with database.write() as session:
        clinic = load_clinic(session, booking.location_id)
        if clinic is None:
            raise NotOffered
        writer = OrgWriter(session, clinic.org_id, BOOKED_BY)
        treatment = _treatment(session, clinic, booking.service_id)
        earlier = writer.row("appointment", booking.appointment_id)
        if earlier is not None:
            return _repeated(session, clinic, treatment, earlier, booking)
        choice = _free(session, clinic, treatment, booking, now)
        client_id = _client(writer, clinic, booking, now)
        appointment = _appointment(writer, clinic, booking, choice, client_id, now)
        if settle_appointment(writer, appointment) is not None:
            raise SlotTaken
        staff_name = staff_names(session, clinic, [choice.staff_id]).get(choice.staff_id, "")
        _status_change(writer, appointment, now)
        _message(writer, clinic, booking, treatment, staff_name, appointment, now)
        writer.finish()
        session.commit()
    status = str(appointment.data["status"])
    return Booked(
        appointment.entity_id, status, treatment.name, staff_name, choice.start, choice.end
    )


def _treatment(session: Session, clinic: Clinic, service_id: str) -> Treatment:
    found = next((t for t in treatments(session, clinic) if t.id == service_id), None)
    if found is None:
        raise NotOffered
    return found


def _free(
    session: Session, clinic: Clinic, treatment: Treatment, booking: OnlineBooking, now: dt.datetime
) -> Choice:
    day = booking.start.astimezone(ZoneInfo(clinic.time_zone)).date()
    schedule = load_schedule(session, clinic, day, day + dt.timedelta(days=1))
    choice = choose(
        schedule, treatment.needs, start=booking.start, staff_id=booking.staff_id, now=now
    )
    if choice is None:
        raise SlotTaken
    return choice


def _repeated(
    session: Session, clinic: Clinic, treatment: Treatment, earlier: Row, booking: OnlineBooking
) -> Booked:
    """The answer to a form sent twice (a double click, a reload): the first booking."""
    data = earlier.data
    start, end = utc(data.get("starts_at")), utc(data.get("ends_at"))
    same = data.get("location_id") == clinic.location_id and data.get("service_id") == treatment.id
    if not same or start != booking.start or end is None:
        raise SlotTaken
    staff_id = str(data.get("staff_id"))
    name = staff_names(session, clinic, [staff_id]).get(staff_id, "")
    return Booked(earlier.entity_id, str(data.get("status")), treatment.name, name, start, end)


def _client(writer: OrgWriter, clinic: Clinic, booking: OnlineBooking, now: dt.datetime) -> str:
    found = match_client(writer.session, clinic.org_id, email=booking.email, phone=booking.phone)
    if found is not None:
        return found
    client_id = new_id()
    values: dict[str, Any] = {
        "first_name": booking.first_name,
        "last_name": booking.last_name,
        "phone": booking.phone,
        "email": booking.email,
        "home_location_id": clinic.location_id,
        "referral_source": REFERRAL,
        "created_at": now,
    }
    insert_new(writer, "client", client_id, values)
    return client_id


def _appointment(
    writer: OrgWriter,
    clinic: Clinic,
    booking: OnlineBooking,
    choice: Choice,
    client_id: str,
    now: dt.datetime,
) -> Row:
    values: dict[str, Any] = {
        "location_id": clinic.location_id,
        "client_id": client_id,
        "staff_id": choice.staff_id,
        "service_id": booking.service_id,
        "room_id": choice.room_id,
        "machine_id": choice.machine_id,
        "starts_at": choice.start,
        "ends_at": choice.end,
        "status": clinic.online_booking,
        "notes": _as_entered(booking),
        "deposit_required_minor": 0,
        "visit_id": new_id(),
        "booked_via": "online",
        "booked_by": None,
        "created_at": now,
    }
    return insert_new(writer, "appointment", booking.appointment_id, values)


def _as_entered(booking: OnlineBooking) -> str:
    """What the visitor typed, for the front desk: a matched client may be on file under
    another spelling, or someone may have used another person's e-mail address."""
    name = f"{booking.first_name} {booking.last_name}"
    return f"Booked online as: {name}, {booking.phone}, {booking.email}"


def _status_change(writer: OrgWriter, appointment: Row, now: dt.datetime) -> None:
    values = {
        "appointment_id": appointment.entity_id,
        "from_status": "",
        "to_status": appointment.data["status"],
        "at": now,
        "staff_id": None,
        "reason": STATUS_REASON,
    }
    insert_new(writer, "appointment_status_change", new_id(), values)


def _message(
    writer: OrgWriter,
    clinic: Clinic,
    booking: OnlineBooking,
    treatment: Treatment,
    staff_name: str,
    appointment: Row,
    now: dt.datetime,
) -> None:
    mail = confirmation(
        clinic,
        first_name=booking.first_name,
        treatment=treatment.name,
        staff_name=staff_name,
        start=booking.start,
        status=str(appointment.data["status"]),
    )
    values = {
        "client_id": appointment.data["client_id"],
        "channel": "email",
        "to_address": booking.email,
        "subject": mail.subject,
        "body": mail.body,
        "kind": "confirmation",
        "status": "queued",
        "queued_at": now,
        "related_entity": "appointment",
        "related_id": appointment.entity_id,
    }
    insert_new(writer, "message", new_id(), values)
