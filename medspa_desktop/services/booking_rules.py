"""What booking and moving share: reading the rows, planning one service's slot with the
availability engine, and refusing (or letting a manager override) a clash.

Public API: ``AppointmentInfo`` and ``appointment_info(row)``, ``BookingRefused``,
``LegPlan`` and ``plan_leg(...)``, ``refuse_or_override(...)``, ``get_appointment``,
``get_service``. Inside the caller's unit of work.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.availability import (
    Problem,
    Schedule,
    ServiceNeeds,
    assign_resources,
    check_booking,
)
from medspa_desktop.domain.permissions import is_allowed
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.errors import NotFound, RuleViolation
from medspa_desktop.services.schedule_facts import service_needs
from medspa_desktop.store.models import Appointment, Location, ServiceItem, Staff
from medspa_desktop.store.uow import UnitOfWork

Places = tuple[str | None, str | None]
"""A room and a machine (None where there is none)."""

NEVER_OVERRIDDEN = frozenset({"not_qualified", "bad_duration", "no_staff"})
"""Clinical safety and impossibilities: no manager override books these."""


@dataclass(frozen=True)
class AppointmentInfo:
    id: str
    visit_id: str
    client_id: str
    location_id: str
    staff_id: str
    service_id: str
    room_id: str | None
    machine_id: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    notes: str
    deposit_required_minor: int
    cancellation_reason: str
    late_cancellation: bool
    no_show_fee_minor: int
    late_cancel_fee_minor: int
    fee_waived_reason: str
    series_id: str | None


def appointment_info(row: Appointment) -> AppointmentInfo:
    names = [f.name for f in dataclasses.fields(AppointmentInfo)]
    return AppointmentInfo(**{name: getattr(row, name) for name in names})


class BookingRefused(RuleViolation):
    """The booking clashes; ``problems`` says how, ``can_override`` whether this member of
    staff could book it anyway by giving a reason."""

    def __init__(self, message: str, problems: Sequence[Problem], *, can_override: bool) -> None:
        super().__init__(message)
        self.problems = tuple(problems)
        self.can_override = can_override


@dataclass(frozen=True)
class LegPlan:
    service_id: str
    staff_id: str
    room_id: str | None
    machine_id: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    problems: tuple[Problem, ...]


def get_appointment(uow: UnitOfWork, appointment_id: str, org_id: str) -> Appointment:
    row = uow.session.get(Appointment, appointment_id)
    if row is None or row.deleted or row.org_id != org_id:
        raise NotFound("That appointment no longer exists. Refresh the calendar.")
    return row


def get_service(
    uow: UnitOfWork, service_id: str, org_id: str, *, allow_inactive: bool = False
) -> ServiceItem:
    row = uow.session.get(ServiceItem, service_id)
    if row is None or row.deleted or row.org_id != org_id:
        raise NotFound("That service is no longer on the menu. Choose another service.")
    if not row.active and not allow_inactive:
        raise NotFound(f"{row.name} has been taken off the menu. Choose another service.")
    return row


def plan_leg(
    uow: UnitOfWork,
    schedule: Schedule,
    service: ServiceItem,
    location: Location,
    start: dt.datetime,
    staff_id: str | None,
    earlier: Sequence[LegPlan],
    *,
    moving: Appointment | None = None,
    length: dt.timedelta | None = None,
    asked: Places = (None, None),
) -> LegPlan:
    """Who, where and what is wrong with booking ``service`` at ``start``; ``staff_id`` None
    picks the first qualified practitioner who is free (``earlier`` legs' people first).
    ``asked`` is a room and machine chosen by hand: used as they are, a clash reported."""
    needs = service_needs(uow.session, service, location.id)
    if length is not None:
        needs = dataclasses.replace(needs, duration_minutes=int(length.total_seconds() // 60))
    exclude = frozenset({moving.id} if moving else ())
    names = _staff_names(uow, needs.qualified_staff_ids | ({staff_id} if staff_id else set()))
    attempt = _Attempt(schedule, needs, start, exclude, names, asked)
    if staff_id is None:
        return _any_staff(attempt, earlier, service, location)
    return attempt.plan(staff_id, moving)


def refuse_or_override(
    uow: UnitOfWork, actor: Actor, problems: Sequence[Problem], reason: str, *, what: str
) -> None:
    """Return when there is nothing wrong, or a manager gave a reason to book anyway;
    otherwise raise ``BookingRefused`` (or ``PermissionDenied``, audited)."""
    if not problems:
        return
    hard = any(p.code in NEVER_OVERRIDDEN for p in problems)
    allowed = is_allowed(actor.role, Action.APPOINTMENT_OVERRIDE_DOUBLE_BOOKING)
    if reason.strip() and not hard:
        authorize(uow, actor, Action.APPOINTMENT_OVERRIDE_DOUBLE_BOOKING, entity="appointment")
        return
    lines = " ".join(dict.fromkeys(p.message for p in problems))
    advice = ""
    if not hard:
        advice = (
            " To book it anyway, give a reason."
            if allowed
            else " Choose another time, or ask a manager to book it anyway."
        )
    raise BookingRefused(
        f"Cannot {what}: {lines}{advice}", problems, can_override=allowed and not hard
    )


@dataclass(frozen=True)
class _Attempt:
    """One service at one start: planned for one practitioner at a time."""

    schedule: Schedule
    needs: ServiceNeeds
    start: dt.datetime
    exclude: frozenset[str]
    names: dict[str, str]
    asked: Places

    def plan(self, staff_id: str, moving: Appointment | None = None) -> LegPlan:
        room, machine = _resources(self, moving)
        problems = check_booking(
            self.schedule,
            self.needs,
            start=self.start,
            staff_id=staff_id,
            room_id=room,
            machine_id=machine,
            now=_now_for_desk(self.schedule),
            exclude_appointment_ids=self.exclude,
            staff_names=self.names,
        )
        end = self.start + dt.timedelta(minutes=self.needs.duration_minutes)
        service_id = self.needs.service_id
        return LegPlan(service_id, staff_id, room, machine, self.start, end, tuple(problems))


def _any_staff(
    attempt: _Attempt, earlier: Sequence[LegPlan], service: ServiceItem, location: Location
) -> LegPlan:
    qualified, names = attempt.needs.qualified_staff_ids, attempt.names
    preferred = [p.staff_id for p in earlier if p.staff_id in qualified]
    others = sorted(qualified, key=lambda i: (names.get(i, ""), i))
    for staff_id in dict.fromkeys([*preferred, *others]):
        plan = attempt.plan(staff_id)
        if not plan.problems:
            return plan
    clock = attempt.start.astimezone(ZoneInfo(location.time_zone)).strftime("%H:%M")
    nobody = Problem(
        "no_staff",
        f"No practitioner qualified for {service.name} is free at {clock}. "
        "Choose another time or another service.",
    )
    end = attempt.start + dt.timedelta(minutes=attempt.needs.duration_minutes)
    return LegPlan(service.id, "", None, None, attempt.start, end, (nobody,))


def _resources(attempt: _Attempt, moving: Appointment | None) -> Places:
    """The room and machine asked for; for the others, the moving appointment's own when
    still free, else the first free ones of the kinds the service needs (None: none free)."""
    # NOTE: an asked-for room is never swapped for a free one: check_booking reports it
    # busy. Only what was not asked is assigned, so a busy asked room does not lose the
    # machine (assign_resources answers None when any needed one is taken).
    room, machine = attempt.asked
    needs = dataclasses.replace(
        attempt.needs,
        room_kind=None if room else attempt.needs.room_kind,
        machine_kind=None if machine else attempt.needs.machine_kind,
    )
    prefer = (moving.room_id, moving.machine_id) if moving is not None else (None, None)
    found = assign_resources(attempt.schedule, needs, attempt.start, attempt.exclude, prefer=prefer)
    free_room, free_machine = found if found is not None else (None, None)
    return room or free_room, machine or free_machine


def _staff_names(uow: UnitOfWork, staff_ids: set[str] | frozenset[str]) -> dict[str, str]:
    rows = uow.session.execute(
        select(Staff.id, Staff.display_name).where(Staff.id.in_(sorted(staff_ids)))
    )
    return {staff_id: name for staff_id, name in rows}


def _now_for_desk(schedule: Schedule) -> dt.datetime:
    """The front desk may book the slot already under way (a walk-in at 10:07 goes in the
    10:00 slot): "now" is the start of the current grid step."""
    now = dt.datetime.now(dt.UTC)
    step = max(schedule.grid_minutes, 1) * 60
    return now - dt.timedelta(seconds=now.timestamp() % step)
