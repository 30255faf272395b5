"""The appointment's life after booking: confirm, check in, start, complete, cancel, no-show,
and a manager waiving the fee a late cancellation or no-show flagged for checkout.

Public API (off the GUI thread; results are frozen):

- ``ChangeStatus(appointment_id, to_status, reason="")`` ->
  ``change_status(cmd, *, uow, actor) -> AppointmentInfo``. Every change is kept in the
  appointment's status history (who, when, why). A cancellation needs a reason; one made
  less than the location's ``late_cancel_hours`` before the start is a late cancellation
  and flags the location's fee. A no-show flags the location's no-show fee. A cancelled
  booking can be booked again while its time is still free.
- ``WaiveFee(appointment_id, reason)`` -> ``waive_fee(cmd, *, uow, actor)`` (manager, owner).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.appointment_writes import change_appointment
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.booking_rules import (
    AppointmentInfo,
    appointment_info,
    get_appointment,
    get_service,
    plan_leg,
    refuse_or_override,
)
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import RuleViolation, ValidationError
from medspa_desktop.services.schedule_facts import get_location, load_schedule
from medspa_desktop.store.models import Appointment, Location
from medspa_desktop.store.uow import UnitOfWork

ENTITY = "appointment"
MAX_REASON = 200


@dataclass(frozen=True)
class ChangeStatus:
    appointment_id: str
    to_status: str
    reason: str = ""
    override_reason: str = ""
    """Booking a cancelled appointment again over a clash (manager or owner)."""


@dataclass(frozen=True)
class WaiveFee:
    appointment_id: str
    reason: str


def change_status(cmd: ChangeStatus, *, uow: UnitOfWork, actor: Actor) -> AppointmentInfo:
    action = st.PERMISSION.get(cmd.to_status)
    if action is None:
        raise ValidationError({"to_status": f"Unknown appointment status {cmd.to_status!r}."})
    authorize(uow, actor, action, entity=ENTITY, entity_id=cmd.appointment_id)
    row = get_appointment(uow, cmd.appointment_id, actor.org_id)
    if row.status == cmd.to_status:
        return appointment_info(row)
    if not st.can_change(row.status, cmd.to_status):
        raise RuleViolation(st.refusal(row.status, cmd.to_status))
    reason = cmd.reason.strip()
    if cmd.to_status == st.CANCELLED and not reason:
        raise ValidationError({"reason": "Say why the appointment is cancelled."})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": f"Keep the reason under {MAX_REASON} characters."})
    location = get_location(uow.session, row.location_id, actor.org_id)
    values = _values_for(row, cmd.to_status, reason, location)
    if row.status == st.CANCELLED:
        places = _still_free(uow, actor, row, location, cmd.override_reason)
        values |= {k: v for k, v in places.items() if getattr(row, k) != v}
    change_appointment(uow, row, values, staff_id=actor.staff_id, reason=reason)
    detail = f"{values['status']}" + (f": {reason}" if reason else "")
    record_audit(uow, actor, action, entity=ENTITY, entity_id=row.id, outcome="ok", detail=detail)
    uow.commit()
    return appointment_info(row)


def waive_fee(cmd: WaiveFee, *, uow: UnitOfWork, actor: Actor) -> AppointmentInfo:
    authorize(uow, actor, Action.APPOINTMENT_WAIVE_FEE, entity=ENTITY, entity_id=cmd.appointment_id)
    row = get_appointment(uow, cmd.appointment_id, actor.org_id)
    reason = cmd.reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the fee is waived."})
    if not (row.no_show_fee_minor or row.late_cancel_fee_minor):
        raise RuleViolation("This appointment has no fee to waive.")
    values = {"no_show_fee_minor": 0, "late_cancel_fee_minor": 0, "fee_waived_reason": reason}
    change_appointment(uow, row, values, staff_id=actor.staff_id)
    record_audit(
        uow,
        actor,
        Action.APPOINTMENT_WAIVE_FEE,
        entity=ENTITY,
        entity_id=row.id,
        outcome="ok",
        detail=reason[:MAX_REASON],
    )
    uow.commit()
    return appointment_info(row)


def is_late_cancellation(starts_at: dt.datetime, at: dt.datetime, late_cancel_hours: int) -> bool:
    """Cancelled less than ``late_cancel_hours`` before the start (or after it)."""
    return starts_at - at < dt.timedelta(hours=late_cancel_hours)


def _values_for(
    row: Appointment, to_status: str, reason: str, location: Location
) -> dict[str, Any]:
    values: dict[str, Any] = {"status": to_status}
    if to_status == st.CANCELLED:
        late = is_late_cancellation(row.starts_at, now(), location.late_cancel_hours)
        values |= {
            "cancellation_reason": reason,
            "late_cancellation": late,
            "late_cancel_fee_minor": location.late_cancel_fee_minor if late else 0,
        }
    elif to_status == st.NO_SHOW:
        values["no_show_fee_minor"] = location.no_show_fee_minor
    elif row.status == st.NO_SHOW:
        values["no_show_fee_minor"] = 0  # the client came after all
    elif row.status == st.CANCELLED:
        values |= {"cancellation_reason": "", "late_cancellation": False}
        values["late_cancel_fee_minor"] = 0
    return values


def _still_free(
    uow: UnitOfWork, actor: Actor, row: Appointment, location: Location, override: str
) -> dict[str, str | None]:
    """The room and machine to book a cancelled appointment again with (its own when still
    free); raises ``BookingRefused`` when its time is taken, unless a manager overrides."""
    service = get_service(uow, row.service_id, actor.org_id, allow_inactive=True)
    day = row.starts_at.date()
    schedule = load_schedule(uow.session, location, day - dt.timedelta(days=1), day)
    plan = plan_leg(
        uow,
        schedule,
        service,
        location,
        row.starts_at,
        row.staff_id,
        [],
        moving=row,
        length=row.ends_at - row.starts_at,
    )
    refuse_or_override(uow, actor, plan.problems, override, what="book it again")
    if plan.problems:  # overridden: keep what it had
        return {}
    return {"room_id": plan.room_id, "machine_id": plan.machine_id}
