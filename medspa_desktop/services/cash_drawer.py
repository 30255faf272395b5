"""The cash drawer of a location: a float to start the day, payouts, drops to the safe, and
the count at close. Each is a new row of the drawer's ledger (``CashDrawerEvent``).

Public API (off the GUI thread; each returns the day's ``DrawerSummary`` after the change):

- ``OpenDrawer(location_id, float_minor, note="")`` -> ``open_drawer``: once a day.
- ``PayOut(location_id, amount_minor, note)`` -> ``pay_out``: managers and owners; the note
  says what the cash paid for.
- ``DropCash(location_id, amount_minor, note="")`` -> ``drop_cash``: cash taken to the safe.
- ``CountDrawer(location_id, counted_minor, note="")`` -> ``count_drawer``: at close; a
  recount is a new count, and the last one is the one the summary uses.
- ``drawer_summary`` (from ``cash_drawer_summary``): expected, counted, over or short.

Every event belongs to the location's current local day; none is accepted before the day's
float, and no amount is negative.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.money import Money
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.cash_drawer_summary import (
    DrawerSummary,
    drawer_summary,
    local_today,
    location_row,
    today_events,
)
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import RuleViolation, ValidationError
from medspa_desktop.services.writes import save_new
from medspa_desktop.store.models import CashDrawerEvent, Location
from medspa_desktop.store.uow import UnitOfWork


@dataclass(frozen=True)
class OpenDrawer:
    location_id: str
    float_minor: int
    note: str = ""


@dataclass(frozen=True)
class PayOut:
    location_id: str
    amount_minor: int
    note: str


@dataclass(frozen=True)
class DropCash:
    location_id: str
    amount_minor: int
    note: str = ""


@dataclass(frozen=True)
class CountDrawer:
    location_id: str
    counted_minor: int
    note: str = ""


def open_drawer(cmd: OpenDrawer, *, uow: UnitOfWork, actor: Actor) -> DrawerSummary:
    location = _start(uow, actor, Action.CASH_DRAWER_OPERATE, cmd.location_id)
    _not_negative(cmd.float_minor, "float_minor", "The float")
    if any(event.kind == "open_float" for event in today_events(uow, location)):
        raise RuleViolation(
            "The drawer was already opened today with its float. Record extra cash put in as "
            "part of the count, or ask a manager to correct the float."
        )
    return _record(uow, actor, location, "open_float", cmd.float_minor, cmd.note)


def pay_out(cmd: PayOut, *, uow: UnitOfWork, actor: Actor) -> DrawerSummary:
    location = _start(uow, actor, Action.CASH_DRAWER_PAYOUT, cmd.location_id)
    _positive(cmd.amount_minor, "amount_minor", "A payout")
    if not cmd.note.strip():
        raise ValidationError({"note": "Say what the cash was paid out for."})
    _take_out(uow, actor, location, cmd.amount_minor, "pay out")
    return _record(uow, actor, location, "payout", -cmd.amount_minor, cmd.note)


def drop_cash(cmd: DropCash, *, uow: UnitOfWork, actor: Actor) -> DrawerSummary:
    location = _start(uow, actor, Action.CASH_DRAWER_OPERATE, cmd.location_id)
    _positive(cmd.amount_minor, "amount_minor", "A drop")
    _take_out(uow, actor, location, cmd.amount_minor, "drop")
    return _record(uow, actor, location, "drop", -cmd.amount_minor, cmd.note)


def count_drawer(cmd: CountDrawer, *, uow: UnitOfWork, actor: Actor) -> DrawerSummary:
    location = _start(uow, actor, Action.CASH_DRAWER_OPERATE, cmd.location_id)
    _not_negative(cmd.counted_minor, "counted_minor", "The count")
    _require_open(uow, actor, location, "counting it")
    return _record(uow, actor, location, "count", cmd.counted_minor, cmd.note)


def _start(uow: UnitOfWork, actor: Actor, action: Action, location_id: str) -> Location:
    authorize(uow, actor, action, entity="location", entity_id=location_id)
    return location_row(uow, actor, location_id)


def _take_out(uow: UnitOfWork, actor: Actor, location: Location, amount: int, what: str) -> None:
    day = _require_open(uow, actor, location, f"taking cash out for a {what}")
    if amount > day.expected_minor:
        held = Money(day.expected_minor, day.currency).format()
        raise RuleViolation(
            f"The drawer should hold only {held}. Count it, and {what} at most that much."
        )


def _require_open(uow: UnitOfWork, actor: Actor, location: Location, doing: str) -> DrawerSummary:
    day = drawer_summary(location.id, local_today(location), uow=uow, actor=actor)
    if not day.opened:
        raise RuleViolation(f"Open the drawer with today's float before {doing}.")
    return day


def _record(
    uow: UnitOfWork, actor: Actor, location: Location, kind: str, amount: int, note: str
) -> DrawerSummary:
    values: dict[str, Any] = {
        "location_id": location.id,
        "kind": kind,
        "amount_minor": amount,
        "note": note.strip()[:200],
        "at": now(),
        "staff_id": actor.staff_id,
    }
    row = CashDrawerEvent(org_id=actor.org_id, **values)
    action = Action.CASH_DRAWER_PAYOUT if kind == "payout" else Action.CASH_DRAWER_OPERATE
    save_new(uow, actor, row, values, entity="cash_drawer_event", action=action)
    return drawer_summary(location.id, local_today(location), uow=uow, actor=actor)


def _positive(amount: int, field: str, label: str) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError({field: f"{label} must be more than zero."})


def _not_negative(amount: int, field: str, label: str) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValidationError({field: f"{label} cannot be negative: enter zero or more."})
