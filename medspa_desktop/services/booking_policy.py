"""A location's booking policy: online booking, notice, horizon, cancellation and no-show fees.

Public API (manager or owner change it; everyone may read it, the calendar shows it):

- ``get_booking_policy(location_id, *, uow, actor) -> BookingPolicy``
- ``SetBookingPolicy(location_id, <field>=UNCHANGED ...)`` ->
  ``set_booking_policy(cmd, *, uow, actor) -> BookingPolicy`` (audited, synced: the server's
  online booking page follows it after the next sync).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.common import UNCHANGED, Keep, changes_of
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.schedule_facts import get_location
from medspa_desktop.services.writes import save_changes
from medspa_desktop.store.models import Location
from medspa_desktop.store.uow import UnitOfWork

ONLINE_MODES = {
    "off": "No online booking",
    "requested": "Online requests, confirmed by the front desk",
    "booked": "Online bookings go straight into the calendar",
}
FIELDS = (
    "online_booking",
    "min_notice_minutes",
    "booking_horizon_days",
    "late_cancel_hours",
    "late_cancel_fee_minor",
    "no_show_fee_minor",
    "cancellation_policy",
)
_RANGES = {
    "min_notice_minutes": (0, 14 * 24 * 60, "The minimum notice is 0 minutes to 14 days."),
    "booking_horizon_days": (1, 730, "Online booking reaches 1 to 730 days ahead."),
    "late_cancel_hours": (0, 14 * 24, "A late cancellation is within 0 hours to 14 days."),
    "late_cancel_fee_minor": (0, 10_000_00, "Enter a fee from 0 to 10,000."),
    "no_show_fee_minor": (0, 10_000_00, "Enter a fee from 0 to 10,000."),
}
MAX_POLICY_TEXT = 4000


@dataclass(frozen=True)
class BookingPolicy:
    location_id: str
    online_booking: str
    min_notice_minutes: int
    booking_horizon_days: int
    late_cancel_hours: int
    late_cancel_fee_minor: int
    no_show_fee_minor: int
    cancellation_policy: str


@dataclass(frozen=True)
class SetBookingPolicy:
    location_id: str
    online_booking: str | Keep = UNCHANGED
    min_notice_minutes: int | Keep = UNCHANGED
    booking_horizon_days: int | Keep = UNCHANGED
    late_cancel_hours: int | Keep = UNCHANGED
    late_cancel_fee_minor: int | Keep = UNCHANGED
    no_show_fee_minor: int | Keep = UNCHANGED
    cancellation_policy: str | Keep = UNCHANGED


def get_booking_policy(location_id: str, *, uow: UnitOfWork, actor: Actor) -> BookingPolicy:
    authorize(uow, actor, Action.APPOINTMENT_VIEW, entity="location", entity_id=location_id)
    return _policy(get_location(uow.session, location_id, actor.org_id))


def set_booking_policy(cmd: SetBookingPolicy, *, uow: UnitOfWork, actor: Actor) -> BookingPolicy:
    authorize(
        uow, actor, Action.ONLINE_BOOKING_MANAGE, entity="location", entity_id=cmd.location_id
    )
    location = get_location(uow.session, cmd.location_id, actor.org_id)
    values = _cleaned(changes_of(cmd, FIELDS))
    save_changes(
        uow, actor, location, values, entity="location", action=Action.ONLINE_BOOKING_MANAGE
    )
    return _policy(location)


def _cleaned(values: dict[str, Any]) -> dict[str, Any]:
    errors = {}
    for name, (low, high, message) in _RANGES.items():
        value = values.get(name, low)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            errors[name] = message
    if values.get("online_booking", "off") not in ONLINE_MODES:
        errors["online_booking"] = "Choose off, requests, or straight into the calendar."
    text = values.get("cancellation_policy", "")
    if len(text) > MAX_POLICY_TEXT:
        errors["cancellation_policy"] = f"Keep the policy under {MAX_POLICY_TEXT} characters."
    online = values.get("online_booking", "off") != "off"
    if online and "cancellation_policy" in values and not text.strip():
        errors["cancellation_policy"] = "Write the cancellation policy online bookers agree to."
    if errors:
        raise ValidationError(errors)
    if "cancellation_policy" in values:
        values["cancellation_policy"] = text.strip()
    return values


def _policy(row: Location) -> BookingPolicy:
    return BookingPolicy(row.id, *(getattr(row, name) for name in FIELDS))
