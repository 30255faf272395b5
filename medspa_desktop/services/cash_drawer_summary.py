"""What a location's cash drawer should hold on one local day, and what was counted.

Public API (off the GUI thread; results are frozen):

- ``drawer_summary(location_id, day, *, uow, actor) -> DrawerSummary``: the day is the
  location's own calendar day (``Location.time_zone``).
  ``expected = float + cash payments - cash refunds - payouts - drops``;
  ``over_short = counted - expected`` (positive: more cash than expected).
- ``location_row(uow, actor, location_id)``, ``local_today(location)``, ``day_events(...)``:
  for the drawer's commands.

Cash payments are stored as the amount due, not the notes handed over, so change given
never appears here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import NotFound
from medspa_desktop.store.models import (
    CashDrawerEvent,
    Location,
    Organisation,
    Payment,
    Refund,
    Ticket,
)
from medspa_desktop.store.uow import UnitOfWork

KINDS = ("open_float", "payout", "drop")
"""The events that move cash in or out (a ``count`` only looks)."""


@dataclass(frozen=True)
class DrawerEvent:
    id: str
    kind: str
    """``open_float``, ``payout``, ``drop`` or ``count``."""
    amount_minor: int
    """Into the drawer (+) or out of it (-); for a ``count``, the total counted."""
    note: str
    at: dt.datetime
    staff_id: str | None


@dataclass(frozen=True)
class DrawerSummary:
    location_id: str
    day: dt.date
    currency: str
    float_minor: int
    cash_sales_minor: int
    cash_refunds_minor: int
    payouts_minor: int
    drops_minor: int
    expected_minor: int
    counted_minor: int | None
    """The last count of the day; ``None`` before the drawer is counted."""
    over_short_minor: int | None
    events: tuple[DrawerEvent, ...]

    @property
    def opened(self) -> bool:
        return any(event.kind == "open_float" for event in self.events)


def drawer_summary(
    location_id: str, day: dt.date, *, uow: UnitOfWork, actor: Actor
) -> DrawerSummary:
    authorize(uow, actor, Action.CASH_DRAWER_OPERATE, entity="location", entity_id=location_id)
    location = location_row(uow, actor, location_id)
    start, end = _bounds(location, day)
    events = day_events(uow, location.id, start, end)
    paid, refunded = _cash(uow, location.id, start, end)
    summed = {kind: sum(e.amount_minor for e in events if e.kind == kind) for kind in KINDS}
    counts = [e.amount_minor for e in events if e.kind == "count"]
    expected = summed["open_float"] + paid - refunded + summed["payout"] + summed["drop"]
    counted = counts[-1] if counts else None
    return DrawerSummary(
        location_id=location.id,
        day=day,
        currency=_currency(uow, actor),
        float_minor=summed["open_float"],
        cash_sales_minor=paid,
        cash_refunds_minor=refunded,
        payouts_minor=-summed["payout"],
        drops_minor=-summed["drop"],
        expected_minor=expected,
        counted_minor=counted,
        over_short_minor=None if counted is None else counted - expected,
        events=events,
    )


def location_row(uow: UnitOfWork, actor: Actor, location_id: str) -> Location:
    location = uow.session.get(Location, location_id)
    if location is None or location.deleted or location.org_id != actor.org_id:
        raise NotFound("That location no longer exists.")
    return location


def local_today(location: Location) -> dt.date:
    return now().astimezone(ZoneInfo(location.time_zone)).date()


def day_events(
    uow: UnitOfWork, location_id: str, start: dt.datetime, end: dt.datetime
) -> tuple[DrawerEvent, ...]:
    rows = uow.session.scalars(
        select(CashDrawerEvent)
        .where(
            CashDrawerEvent.location_id == location_id,
            CashDrawerEvent.at >= start,
            CashDrawerEvent.at < end,
            CashDrawerEvent.deleted.is_(False),
        )
        .order_by(CashDrawerEvent.at, CashDrawerEvent.id)
    )
    return tuple(DrawerEvent(r.id, r.kind, r.amount_minor, r.note, r.at, r.staff_id) for r in rows)


def today_events(uow: UnitOfWork, location: Location) -> tuple[DrawerEvent, ...]:
    return day_events(uow, location.id, *_bounds(location, local_today(location)))


def _bounds(location: Location, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local day as UTC instants (23 or 25 hours long when the clocks change)."""
    zone = ZoneInfo(location.time_zone)
    start = dt.datetime.combine(day, dt.time(), zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _cash(
    uow: UnitOfWork, location_id: str, start: dt.datetime, end: dt.datetime
) -> tuple[int, int]:
    paid = uow.session.scalar(
        select(func.coalesce(func.sum(Payment.amount_minor), 0))
        .join(Ticket, Ticket.id == Payment.ticket_id)
        .where(
            Ticket.location_id == location_id,
            Payment.tender == "cash",
            Payment.received_at >= start,
            Payment.received_at < end,
            Payment.deleted.is_(False),
        )
    )
    refunded = uow.session.scalar(
        select(func.coalesce(func.sum(Refund.amount_minor), 0))
        .join(Payment, Payment.id == Refund.payment_id)
        .join(Ticket, Ticket.id == Payment.ticket_id)
        .where(
            Ticket.location_id == location_id,
            Payment.tender == "cash",
            Refund.at >= start,
            Refund.at < end,
            Refund.deleted.is_(False),
        )
    )
    return int(paid or 0), int(refunded or 0)


def _currency(uow: UnitOfWork, actor: Actor) -> str:
    organisation = uow.session.get(Organisation, actor.org_id)
    return organisation.currency if organisation else "USD"
