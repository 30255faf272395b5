"""The appointment's life: which status may follow which, and the permission each step needs.

requested -> booked -> confirmed -> checked in -> in treatment -> completed, plus cancelled
(with a reason) and no-show from any status before the client arrived. Two steps back are
allowed for the front desk's everyday mistakes: a no-show whose client walks in late is
checked in, and a cancellation can be booked again (when the time is still free).
``conflict`` is set only by sync and left through the Sync panel's resolution, or cancelled.
"""

from __future__ import annotations

from types import MappingProxyType

from medspa_desktop.domain.actions import Action

REQUESTED, BOOKED, CONFIRMED = "requested", "booked", "confirmed"
CHECKED_IN, IN_TREATMENT, COMPLETED = "checked_in", "in_treatment", "completed"
CANCELLED, NO_SHOW, CONFLICT = "cancelled", "no_show", "conflict"

STATUSES = (
    REQUESTED,
    BOOKED,
    CONFIRMED,
    CHECKED_IN,
    IN_TREATMENT,
    COMPLETED,
    CANCELLED,
    NO_SHOW,
    CONFLICT,
)
LABELS = MappingProxyType(
    {
        REQUESTED: "Requested",
        BOOKED: "Booked",
        CONFIRMED: "Confirmed",
        CHECKED_IN: "Checked in",
        IN_TREATMENT: "In treatment",
        COMPLETED: "Completed",
        CANCELLED: "Cancelled",
        NO_SHOW: "No-show",
        CONFLICT: "Double booked",
    }
)
ACTIVE = frozenset({REQUESTED, BOOKED, CONFIRMED, CHECKED_IN, IN_TREATMENT, COMPLETED})
"""Statuses that hold the practitioner, room and machine (the rest hold nothing)."""

NEXT = MappingProxyType(
    {
        REQUESTED: (BOOKED, CANCELLED),
        BOOKED: (CONFIRMED, CHECKED_IN, CANCELLED, NO_SHOW),
        CONFIRMED: (CHECKED_IN, CANCELLED, NO_SHOW),
        CHECKED_IN: (IN_TREATMENT, COMPLETED, CANCELLED),
        IN_TREATMENT: (COMPLETED,),
        COMPLETED: (),
        CANCELLED: (BOOKED,),
        NO_SHOW: (CHECKED_IN,),
        CONFLICT: (CANCELLED,),
    }
)

PERMISSION = MappingProxyType(
    {
        BOOKED: Action.APPOINTMENT_BOOK,
        CONFIRMED: Action.APPOINTMENT_CONFIRM,
        CHECKED_IN: Action.APPOINTMENT_CHECK_IN,
        IN_TREATMENT: Action.APPOINTMENT_START_TREATMENT,
        COMPLETED: Action.APPOINTMENT_COMPLETE,
        CANCELLED: Action.APPOINTMENT_CANCEL,
        NO_SHOW: Action.APPOINTMENT_MARK_NO_SHOW,
    }
)
"""The action a change *to* each status needs."""


def can_change(from_status: str, to_status: str) -> bool:
    return to_status in NEXT.get(from_status, ())


def refusal(from_status: str, to_status: str) -> str:
    """Why ``from_status`` cannot become ``to_status``, in the front desk's words."""
    was, wanted = LABELS.get(from_status, from_status), LABELS.get(to_status, to_status)
    allowed = [LABELS[s] for s in NEXT.get(from_status, ())]
    then = f" It can become: {', '.join(allowed)}." if allowed else " It is final."
    if from_status == CONFLICT:
        then = (
            " Resolve the double booking in the Sync panel (click the sync status), or cancel it."
        )
    return f"A {was.lower()} appointment cannot be marked {wanted.lower()}.{then}"


def holds_time(status: str) -> bool:
    return status in ACTIVE
