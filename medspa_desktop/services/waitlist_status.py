"""A waitlist entry's life: offered a freed time, declined, booked, removed or expired.

waiting -> offered (the desk phoned the client about a freed time) -> booked (with the
appointment it became), or back to waiting when the client declines (keeping its place: the
list is in the order clients joined). Any open entry may be booked directly, removed
(``cancelled``) or, once its last day has passed, ``expired``.

Public API (off the GUI thread; each checks ``waitlist.manage``, writes the audit entry and
the outbox mutation in one transaction, and returns frozen ``WaitlistInfo``):

- ``OfferTime(entry_id, starts_at, staff_id)`` -> ``offer_time(cmd, *, uow, actor)``
- ``decline_offer(entry_id, *, uow, actor)``
- ``set_waitlist_status(entry_id, status, *, uow, actor, appointment_id=None)``: ``booked``
  (with the appointment) or ``cancelled``.
- ``expire_waitlist(location_id, *, uow, actor, today=None) -> list[WaitlistInfo]``: the
  open entries whose last day is before ``today`` (the location's date by default), now
  expired. The calendar calls it when the waitlist is opened; no background job needed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.booking_rules import get_appointment
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import NotFound, RuleViolation, ValidationError
from medspa_desktop.services.schedule_facts import get_location
from medspa_desktop.services.staff_rules import get_staff
from medspa_desktop.services.waitlist import (
    ENTITY,
    OPEN,
    WaitlistInfo,
    entry_info,
    open_entries,
)
from medspa_desktop.services.writes import save_changes
from medspa_desktop.store.models import WaitlistEntry
from medspa_desktop.store.uow import UnitOfWork

MANAGE = Action.WAITLIST_MANAGE
NO_OFFER: dict[str, Any] = {"offered_starts_at": None, "offered_staff_id": None, "offered_at": None}
SET_DIRECTLY = ("booked", "cancelled")
"""What ``set_waitlist_status`` sets; offers have their own functions."""
STATUS_WORDS = {"booked": "booked", "cancelled": "taken off the list", "expired": "expired"}


@dataclass(frozen=True)
class OfferTime:
    """The desk offered the entry's client the freed time at ``starts_at`` with ``staff_id``."""

    entry_id: str
    starts_at: dt.datetime
    staff_id: str


def offer_time(cmd: OfferTime, *, uow: UnitOfWork, actor: Actor) -> WaitlistInfo:
    authorize(uow, actor, MANAGE, entity=ENTITY, entity_id=cmd.entry_id)
    if cmd.starts_at.tzinfo is None:
        raise ValidationError({"starts_at": "The offered time needs its time zone."})
    row = _open_entry(uow, actor, cmd.entry_id)
    get_staff(uow, cmd.staff_id, actor.org_id)
    values = {
        "status": "offered",
        "offered_starts_at": cmd.starts_at.astimezone(dt.UTC),
        "offered_staff_id": cmd.staff_id,
        "offered_at": now(),
    }
    save_changes(uow, actor, row, values, entity=ENTITY, action=MANAGE)
    return entry_info(uow, row)


def decline_offer(entry_id: str, *, uow: UnitOfWork, actor: Actor) -> WaitlistInfo:
    """The client said no to the time offered: waiting again, in the same place."""
    authorize(uow, actor, MANAGE, entity=ENTITY, entity_id=entry_id)
    row = _open_entry(uow, actor, entry_id)
    if row.status != "offered":
        raise RuleViolation("No time is on offer to this client. Refresh the waitlist.")
    save_changes(uow, actor, row, {"status": "waiting", **NO_OFFER}, entity=ENTITY, action=MANAGE)
    return entry_info(uow, row)


def set_waitlist_status(
    entry_id: str,
    status: str,
    *,
    uow: UnitOfWork,
    actor: Actor,
    appointment_id: str | None = None,
) -> WaitlistInfo:
    authorize(uow, actor, MANAGE, entity=ENTITY, entity_id=entry_id)
    if status not in SET_DIRECTLY:
        raise ValidationError({"status": f"A waitlist entry can't be set to {status!r} here."})
    row = _open_entry(uow, actor, entry_id)
    values: dict[str, Any] = {"status": status}
    if status == "booked":
        if appointment_id is None:
            raise ValidationError({"appointment_id": "Say which booking filled the entry."})
        values["appointment_id"] = get_appointment(uow, appointment_id, actor.org_id).id
    save_changes(uow, actor, row, values, entity=ENTITY, action=MANAGE)
    return entry_info(uow, row)


def expire_waitlist(
    location_id: str, *, uow: UnitOfWork, actor: Actor, today: dt.date | None = None
) -> list[WaitlistInfo]:
    """Expire the open entries whose last day has passed; the ones expired."""
    authorize(uow, actor, MANAGE, entity=ENTITY)
    if today is None:
        location = get_location(uow.session, location_id, actor.org_id)
        today = dt.datetime.now(ZoneInfo(location.time_zone)).date()
    past = [row for row in open_entries(uow, actor.org_id, location_id) if row.latest_date < today]
    for row in past:
        values = {"status": "expired", **NO_OFFER}
        save_changes(uow, actor, row, values, entity=ENTITY, action=MANAGE, commit=False)
    if past:
        uow.commit()
    return [entry_info(uow, row) for row in past]


def _open_entry(uow: UnitOfWork, actor: Actor, entry_id: str) -> WaitlistEntry:
    row = uow.session.get(WaitlistEntry, entry_id)
    if row is None or row.deleted or row.org_id != actor.org_id:
        raise NotFound("That waitlist entry no longer exists. Refresh the waitlist.")
    if row.status not in OPEN:
        done = STATUS_WORDS.get(row.status, row.status)
        raise RuleViolation(f"This client is no longer waiting: they were {done}.")
    return row
