"""Booking and moving appointments, checked against the availability engine.

Public API (off the GUI thread; results are frozen):

- ``BookVisit(client_id, location_id, starts_at, legs, ...)`` ->
  ``book_visit(cmd, *, uow, actor) -> BookedVisit``: one or more services back to back, each
  with its practitioner or "any" (``staff_id=None``); rooms and machines are assigned.
- ``MoveAppointment(appointment_id, starts_at, staff_id=UNCHANGED, duration_minutes=...,
  room_id=..., machine_id=...)`` -> ``move_appointment(cmd, *, uow, actor) -> AppointmentInfo``
  (drag to move or resize, to another practitioner, room or machine).

A booking that clashes (double booking, outside working hours, time off, no free room or
machine) raises ``BookingRefused`` listing every problem. A manager or owner may book it
anyway by giving ``override_reason``; the override and its reason are audited. Nobody can
book a practitioner who is not qualified for the service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.appointment_status import BOOKED, REQUESTED, holds_time
from medspa_desktop.domain.availability import Problem
from medspa_desktop.domain.ids import new_id
from medspa_desktop.services.appointment_writes import add_appointment, change_appointment
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.booking_places import asked_places
from medspa_desktop.services.booking_rules import (
    AppointmentInfo,
    BookingRefused,
    LegPlan,
    appointment_info,
    get_appointment,
    get_service,
    plan_leg,
    refuse_or_override,
)
from medspa_desktop.services.client_rules import get_client
from medspa_desktop.services.common import UNCHANGED, Keep
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.schedule_facts import get_location, load_schedule
from medspa_desktop.store.models import Appointment
from medspa_desktop.store.uow import UnitOfWork

__all__ = [
    "AppointmentInfo",
    "BookVisit",
    "BookedVisit",
    "BookingRefused",
    "MoveAppointment",
    "VisitLeg",
    "book_visit",
    "check_command",
    "move_appointment",
    "plan_visit",
    "write_visit",
]

ENTITY = "appointment"
MAX_LEGS = 6
MAX_NOTES = 2000


@dataclass(frozen=True)
class VisitLeg:
    service_id: str
    staff_id: str | None = None
    """None: any qualified practitioner who is free."""


@dataclass(frozen=True)
class BookVisit:
    client_id: str
    location_id: str
    starts_at: dt.datetime
    """When the first service starts (aware); the others follow back to back."""
    legs: tuple[VisitLeg, ...]
    notes: str = ""
    deposit_required_minor: int = 0
    status: str = BOOKED
    """``booked``, or ``requested`` for a booking still to be confirmed with the client."""
    override_reason: str = ""
    series_id: str | None = None


@dataclass(frozen=True)
class BookedVisit:
    visit_id: str
    appointments: tuple[AppointmentInfo, ...]
    overridden: tuple[Problem, ...] = field(default=())
    """The problems a manager booked over (empty for a clean booking)."""


@dataclass(frozen=True)
class MoveAppointment:
    appointment_id: str
    starts_at: dt.datetime
    staff_id: str | Keep = UNCHANGED
    duration_minutes: int | Keep = UNCHANGED
    """A new length (resizing on the calendar); the service's own length otherwise kept."""
    override_reason: str = ""
    room_id: str | Keep = UNCHANGED
    """A room chosen by hand (dropped in its column): it must be of the kind the service
    needs, and if it is busy that is a clash, never silently another room."""
    machine_id: str | Keep = UNCHANGED


def book_visit(cmd: BookVisit, *, uow: UnitOfWork, actor: Actor) -> BookedVisit:
    authorize(uow, actor, Action.APPOINTMENT_BOOK, entity=ENTITY)
    check_command(cmd)
    plans = plan_visit(uow, actor, cmd, cmd.starts_at)
    problems = tuple(p for plan in plans for p in plan.problems)
    refuse_or_override(uow, actor, problems, cmd.override_reason, what="book this visit")
    booked = write_visit(uow, actor, cmd, plans)
    uow.commit()
    return booked


def plan_visit(
    uow: UnitOfWork, actor: Actor, cmd: BookVisit, starts_at: dt.datetime
) -> list[LegPlan]:
    """Who, where and what is wrong with booking ``cmd``'s services from ``starts_at``."""
    get_client(uow, cmd.client_id, actor.org_id)
    location = get_location(uow.session, cmd.location_id, actor.org_id)
    start = starts_at.astimezone(dt.UTC)
    day = start.astimezone(ZoneInfo(location.time_zone)).date()
    schedule = load_schedule(uow.session, location, day, day + dt.timedelta(days=1))
    plans: list[LegPlan] = []
    for leg in cmd.legs:
        service = get_service(uow, leg.service_id, actor.org_id)
        plan = plan_leg(uow, schedule, service, location, start, leg.staff_id, plans)
        plans.append(plan)
        start = plan.ends_at
    return plans


def write_visit(uow: UnitOfWork, actor: Actor, cmd: BookVisit, plans: list[LegPlan]) -> BookedVisit:
    """Store the planned appointments of one visit (the caller commits)."""
    problems = tuple(p for plan in plans for p in plan.problems)
    visit_id = new_id()
    rows = [
        Appointment(
            org_id=actor.org_id,
            location_id=cmd.location_id,
            client_id=cmd.client_id,
            staff_id=plan.staff_id,
            service_id=plan.service_id,
            room_id=plan.room_id,
            machine_id=plan.machine_id,
            starts_at=plan.starts_at,
            ends_at=plan.ends_at,
            status=cmd.status,
            notes=cmd.notes.strip(),
            deposit_required_minor=cmd.deposit_required_minor if n == 0 else 0,
            visit_id=visit_id,
            series_id=cmd.series_id,
            booked_via="desktop",
            booked_by=actor.staff_id,
        )
        for n, plan in enumerate(plans)
    ]
    for row in rows:
        add_appointment(uow, row, staff_id=actor.staff_id)
        _audit(uow, actor, Action.APPOINTMENT_BOOK, row, problems, cmd.override_reason)
    return BookedVisit(visit_id, tuple(appointment_info(row) for row in rows), problems)


def move_appointment(cmd: MoveAppointment, *, uow: UnitOfWork, actor: Actor) -> AppointmentInfo:
    """Move (and optionally re-assign or resize) a booking. A room or machine given is used
    as it is; one not given is kept when still free, otherwise another of its kind is found."""
    authorize(
        uow, actor, Action.APPOINTMENT_RESCHEDULE, entity=ENTITY, entity_id=cmd.appointment_id
    )
    row = _movable(get_appointment(uow, cmd.appointment_id, actor.org_id))
    location = get_location(uow.session, row.location_id, actor.org_id)
    service = get_service(uow, row.service_id, actor.org_id, allow_inactive=True)
    asked = asked_places(uow, service, location, room_id=cmd.room_id, machine_id=cmd.machine_id)
    length = row.ends_at - row.starts_at
    if cmd.duration_minutes is not UNCHANGED:
        length = dt.timedelta(minutes=_checked_duration(cmd.duration_minutes))
    start = cmd.starts_at.astimezone(dt.UTC)
    staff_id = row.staff_id if cmd.staff_id is UNCHANGED else cmd.staff_id
    day = start.astimezone(ZoneInfo(location.time_zone)).date()
    schedule = load_schedule(uow.session, location, day, day + dt.timedelta(days=1))
    plan = plan_leg(
        uow, schedule, service, location, start, staff_id, [],
        moving=row, length=length, asked=asked,
    )  # fmt: skip
    refuse_or_override(uow, actor, plan.problems, cmd.override_reason, what="move it there")
    _write_move(uow, actor, row, plan, cmd.override_reason)
    uow.commit()
    return appointment_info(row)


def _movable(row: Appointment) -> Appointment:
    if not holds_time(row.status) and row.status != REQUESTED:
        raise ValidationError(
            {"appointment_id": "A cancelled or no-show appointment cannot be moved; book it again."}
        )
    return row


def _write_move(
    uow: UnitOfWork, actor: Actor, row: Appointment, plan: LegPlan, reason: str
) -> None:
    """Store what the move changes, if anything, with its audit entry (the caller commits)."""
    values = {
        "starts_at": plan.starts_at,
        "ends_at": plan.ends_at,
        "staff_id": plan.staff_id,
        "room_id": plan.room_id,
        "machine_id": plan.machine_id,
    }
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if changed:
        change_appointment(uow, row, changed, staff_id=actor.staff_id)
        _audit(uow, actor, Action.APPOINTMENT_RESCHEDULE, row, plan.problems, reason)


def check_command(cmd: BookVisit) -> None:
    errors = {}
    if not cmd.legs:
        errors["legs"] = "Choose at least one service."
    elif len(cmd.legs) > MAX_LEGS:
        errors["legs"] = f"Book at most {MAX_LEGS} services in one visit."
    if cmd.starts_at.tzinfo is None:
        errors["starts_at"] = "The start time has no time zone; this is a bug, please report it."
    if cmd.status not in (BOOKED, REQUESTED):
        errors["status"] = "A new booking is either booked or requested."
    if not 0 <= cmd.deposit_required_minor <= 10_000_000:
        errors["deposit_required_minor"] = "Enter a deposit between 0 and 100,000."
    if len(cmd.notes) > MAX_NOTES:
        errors["notes"] = f"Keep booking notes under {MAX_NOTES} characters."
    if errors:
        raise ValidationError(errors)


def _checked_duration(minutes: int) -> int:
    if not 5 <= minutes <= 720:
        raise ValidationError({"duration_minutes": "An appointment lasts 5 minutes to 12 hours."})
    return minutes


def _audit(
    uow: UnitOfWork,
    actor: Actor,
    action: Action,
    row: Appointment,
    problems: tuple[Problem, ...],
    reason: str,
) -> None:
    detail = ""
    if problems:
        codes = ", ".join(sorted({p.code for p in problems}))
        detail = f"override ({codes}): {reason.strip()}"[:500]
        action = Action.APPOINTMENT_OVERRIDE_DOUBLE_BOOKING
    record_audit(uow, actor, action, entity=ENTITY, entity_id=row.id, outcome="ok", detail=detail)
