"""The waitlist: clients waiting for a slot, offered in order when one frees.

Public API (off the GUI thread; results are frozen):

- ``AddToWaitlist(client_id, location_id, service_id, earliest_date, latest_date, ...)`` ->
  ``add_to_waitlist(cmd, *, uow, actor) -> WaitlistInfo``
- ``list_waitlist(location_id, *, uow, actor) -> list[WaitlistInfo]``: waiting and offered
  entries, oldest first (by when they joined, so an offer declined keeps its place).
- ``offers_for(appointment_id, *, uow, actor) -> list[WaitlistOffer]``: when a booking is
  cancelled or a no-show, the entries that the freed time suits, in the order they joined:
  waiting (or already offered this very time), same location, date within the entry's
  range, the practitioner they asked for (or any), their preferred times, and the service
  really bookable then (checked by the availability engine against everything else on the
  calendar). None once the appointment is active again (say, restored on another device).
- ``offers_for_time(FreedTime(location_id, starts_at, staff_id), *, uow, actor)``: the same
  for the time a booking left when it was moved.

Offering a freed time, declining, booking, removing and expiring: ``services.waitlist_status``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.availability import check_booking
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.booking_rules import get_appointment, get_service
from medspa_desktop.services.client_rules import get_client
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.schedule_facts import get_location, load_schedule, service_needs
from medspa_desktop.services.writes import save_new
from medspa_desktop.store.models import Client, ServiceItem, Staff, WaitlistEntry
from medspa_desktop.store.uow import UnitOfWork

ENTITY = "waitlist_entry"
OPEN = ("waiting", "offered")
STATUSES = ("waiting", "offered", "booked", "cancelled", "expired")
FREED = frozenset({st.CANCELLED, st.NO_SHOW})
"""The statuses of an appointment whose time is free to offer."""


@dataclass(frozen=True)
class AddToWaitlist:
    client_id: str
    location_id: str
    service_id: str
    earliest_date: dt.date
    latest_date: dt.date
    staff_id: str | None = None
    preferred_times: tuple[tuple[int, int, int], ...] = ()
    """(weekday, start minute, end minute) in local time; empty: any time."""
    notes: str = ""


@dataclass(frozen=True)
class OfferedTime:
    """The freed time last offered to an ``offered`` entry's client, and when it was."""

    starts_at: dt.datetime
    staff_id: str
    staff_name: str
    at: dt.datetime


@dataclass(frozen=True)
class WaitlistInfo:
    id: str
    client_id: str
    client_name: str
    service_id: str
    service_name: str
    staff_id: str | None
    earliest_date: dt.date
    latest_date: dt.date
    preferred_times: tuple[tuple[int, int, int], ...]
    status: str
    notes: str
    created_at: dt.datetime
    offered: OfferedTime | None = None
    """Set while ``status`` is ``offered``."""


@dataclass(frozen=True)
class WaitlistOffer:
    entry: WaitlistInfo
    starts_at: dt.datetime
    staff_id: str


def add_to_waitlist(cmd: AddToWaitlist, *, uow: UnitOfWork, actor: Actor) -> WaitlistInfo:
    authorize(uow, actor, Action.WAITLIST_MANAGE, entity=ENTITY)
    get_client(uow, cmd.client_id, actor.org_id)
    get_location(uow.session, cmd.location_id, actor.org_id)
    get_service(uow, cmd.service_id, actor.org_id)
    if cmd.latest_date < cmd.earliest_date:
        raise ValidationError({"latest_date": "The last day must be on or after the first."})
    for weekday, start, end in cmd.preferred_times:
        if not (0 <= weekday <= 6 and 0 <= start < end <= 24 * 60):
            raise ValidationError({"preferred_times": "A preferred time is a day and a span."})
    values: dict[str, Any] = {
        "client_id": cmd.client_id,
        "location_id": cmd.location_id,
        "service_id": cmd.service_id,
        "staff_id": cmd.staff_id,
        "earliest_date": cmd.earliest_date,
        "latest_date": cmd.latest_date,
        "preferred_times": [
            {"weekday": w, "start_minute": s, "end_minute": e} for w, s, e in cmd.preferred_times
        ],
        "status": "waiting",
        "notes": cmd.notes.strip()[:1000],
    }
    row = WaitlistEntry(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity=ENTITY, action=Action.WAITLIST_MANAGE)
    return entry_info(uow, row)


def list_waitlist(location_id: str, *, uow: UnitOfWork, actor: Actor) -> list[WaitlistInfo]:
    authorize(uow, actor, Action.WAITLIST_VIEW, entity=ENTITY)
    return [entry_info(uow, row) for row in open_entries(uow, actor.org_id, location_id)]


@dataclass(frozen=True)
class FreedTime:
    """A time a booking left by moving: where, when it started and with whom."""

    location_id: str
    starts_at: dt.datetime
    staff_id: str


def offers_for(appointment_id: str, *, uow: UnitOfWork, actor: Actor) -> list[WaitlistOffer]:
    """The open entries the time of this (freed) appointment suits, oldest first."""
    authorize(uow, actor, Action.WAITLIST_VIEW, entity=ENTITY)
    freed = get_appointment(uow, appointment_id, actor.org_id)
    if freed.status not in FREED:
        return []
    where = FreedTime(freed.location_id, freed.starts_at, freed.staff_id)
    return _offers(uow, actor, where, frozenset({freed.id}))


def offers_for_time(freed: FreedTime, *, uow: UnitOfWork, actor: Actor) -> list[WaitlistOffer]:
    """The open entries a time left by a moved booking suits (nothing when the booking
    still overlaps it: the availability check sees it there)."""
    authorize(uow, actor, Action.WAITLIST_VIEW, entity=ENTITY)
    return _offers(uow, actor, freed, frozenset())


def _offers(
    uow: UnitOfWork, actor: Actor, freed: FreedTime, exclude: frozenset[str]
) -> list[WaitlistOffer]:
    location = get_location(uow.session, freed.location_id, actor.org_id)
    local = freed.starts_at.astimezone(ZoneInfo(location.time_zone))
    schedule = load_schedule(uow.session, location, local.date(), local.date())
    offers = []
    for row in open_entries(uow, actor.org_id, location.id):
        service = uow.session.get(ServiceItem, row.service_id)
        if service is None or not service.active or not _may_take(row, freed, local):
            continue
        problems = check_booking(
            schedule,
            service_needs(uow.session, service, location.id),
            start=freed.starts_at,
            staff_id=freed.staff_id,
            room_id=None,
            machine_id=None,
            now=dt.datetime.now(dt.UTC),
            exclude_appointment_ids=exclude,
        )
        if not problems:
            offers.append(WaitlistOffer(entry_info(uow, row), freed.starts_at, freed.staff_id))
    return offers


def open_entries(uow: UnitOfWork, org_id: str, location_id: str) -> list[WaitlistEntry]:
    """The location's waiting and offered entries, in the order they joined."""
    get_location(uow.session, location_id, org_id)
    return list(
        uow.session.scalars(
            select(WaitlistEntry)
            .where(
                WaitlistEntry.org_id == org_id,
                WaitlistEntry.location_id == location_id,
                WaitlistEntry.status.in_(OPEN),
                WaitlistEntry.deleted.is_(False),
            )
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
        )
    )


def entry_info(uow: UnitOfWork, row: WaitlistEntry) -> WaitlistInfo:
    """The frozen result for ``row``, with the client's, service's and practitioner's names."""
    client = uow.session.get(Client, row.client_id)
    service = uow.session.get(ServiceItem, row.service_id)
    name = f"{client.preferred_name or client.first_name} {client.last_name}" if client else ""
    return WaitlistInfo(
        id=row.id,
        client_id=row.client_id,
        client_name=name.strip(),
        service_id=row.service_id,
        service_name=service.name if service else "",
        staff_id=row.staff_id,
        earliest_date=row.earliest_date,
        latest_date=row.latest_date,
        preferred_times=tuple(
            (p["weekday"], p["start_minute"], p["end_minute"]) for p in row.preferred_times
        ),
        status=row.status,
        notes=row.notes,
        created_at=row.created_at,
        offered=_offered(uow, row),
    )


def _may_take(row: WaitlistEntry, freed: FreedTime, local: dt.datetime) -> bool:
    """The freed time suits the entry's wishes, and no other time is on offer to them."""
    offered_elsewhere = row.status == "offered" and (
        (row.offered_starts_at, row.offered_staff_id) != (freed.starts_at, freed.staff_id)
    )
    if offered_elsewhere or not row.earliest_date <= local.date() <= row.latest_date:
        return False
    return row.staff_id in (None, freed.staff_id) and _suits(row, local)


def _suits(row: WaitlistEntry, local: dt.datetime) -> bool:
    if not row.preferred_times:
        return True
    minute = local.hour * 60 + local.minute
    return any(
        p.get("weekday") == local.weekday()
        and p.get("start_minute", 0) <= minute < p.get("end_minute", 0)
        for p in row.preferred_times
    )


def _offered(uow: UnitOfWork, row: WaitlistEntry) -> OfferedTime | None:
    starts_at, staff_id = row.offered_starts_at, row.offered_staff_id
    if row.status != "offered" or starts_at is None or staff_id is None:
        return None
    staff = uow.session.get(Staff, staff_id)
    name = staff.display_name if staff else ""
    return OfferedTime(starts_at, staff_id, name, row.offered_at or starts_at)
