"""What the checkout screen offers: the things a location sells, and its open tickets.

Public API (off the GUI thread; results are frozen):

- ``sellable_items(location_id, *, uow, actor) -> list[SellableItem]``: retail products with
  their stock here (in-date lots only), packages and membership plans, each with its price
  and the tax rate this location charges on it; active ones, by kind then name.
- ``open_tickets(location_id, *, uow, actor) -> list[OpenTicketInfo]``: tickets not yet paid
  or voided, oldest first, to pick one up again (a walk-in whose client went to the ATM).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.errors import NotFound
from medspa_desktop.store.models import (
    Client,
    InventoryLot,
    InventoryMovement,
    Location,
    MembershipPlan,
    PackagePlan,
    Payment,
    Product,
    Ticket,
)
from medspa_desktop.store.uow import UnitOfWork


@dataclass(frozen=True)
class SellableItem:
    kind: str
    """``product``, ``package`` or ``membership`` (the ticket line's kind)."""
    id: str
    name: str
    price_minor: int
    tax_rate_bp: int
    on_hand: int | None
    """Products: units in stock here, in date; None for what is not stocked."""


@dataclass(frozen=True)
class OpenTicketInfo:
    id: str
    number: str
    client_name: str
    opened_at: dt.datetime
    total_minor: int
    paid_minor: int
    time_zone: str
    """The location's, to show ``opened_at`` (UTC) on its clock."""


def sellable_items(location_id: str, *, uow: UnitOfWork, actor: Actor) -> list[SellableItem]:
    authorize(uow, actor, Action.TICKET_EDIT, entity="location", entity_id=location_id)
    location = _location(uow, actor, location_id)
    rates = location.tax_rates or {}
    stock = _stock(uow, location_id)
    items = [
        SellableItem(
            "product", p.id, p.name, p.price_minor, rates.get(p.tax_category, 0), stock.get(p.id, 0)
        )
        for p in uow.session.scalars(
            select(Product).where(
                Product.org_id == actor.org_id,
                Product.active.is_(True),
                Product.deleted.is_(False),
                Product.kind == "retail",
            )
        )
    ]
    plans: tuple[tuple[Any, str], ...] = ((PackagePlan, "package"), (MembershipPlan, "membership"))
    for model, kind in plans:
        rows = uow.session.scalars(
            select(model).where(
                model.org_id == actor.org_id, model.active.is_(True), model.deleted.is_(False)
            )
        )
        items += [
            SellableItem(kind, row.id, row.name, row.price_minor, rates.get("service", 0), None)
            for row in rows
        ]
    return sorted(items, key=lambda item: (item.kind, item.name.casefold()))


def open_tickets(location_id: str, *, uow: UnitOfWork, actor: Actor) -> list[OpenTicketInfo]:
    authorize(uow, actor, Action.TICKET_VIEW, entity="location", entity_id=location_id)
    zone = _location(uow, actor, location_id).time_zone
    paid = (
        select(func.coalesce(func.sum(Payment.amount_minor), 0))
        .where(Payment.ticket_id == Ticket.id, Payment.deleted.is_(False))
        .scalar_subquery()
    )
    rows = uow.session.execute(
        select(Ticket, Client.first_name, Client.last_name, paid)
        .outerjoin(Client, Client.id == Ticket.client_id)
        .where(
            Ticket.location_id == location_id,
            Ticket.status == "open",
            Ticket.deleted.is_(False),
        )
        .order_by(Ticket.opened_at)
    )
    return [
        OpenTicketInfo(
            t.id, t.number, f"{first} {last}" if first else "Walk-in", t.opened_at,
            t.total_minor, int(taken), zone,
        )
        for t, first, last, taken in rows
    ]  # fmt: skip


def _location(uow: UnitOfWork, actor: Actor, location_id: str) -> Location:
    location = uow.session.get(Location, location_id)
    if location is None or location.deleted or location.org_id != actor.org_id:
        raise NotFound("That location no longer exists.")
    return location


def _stock(uow: UnitOfWork, location_id: str) -> dict[str, int]:
    today = dt.datetime.now(dt.UTC).date()
    rows = uow.session.execute(
        select(InventoryLot.product_id, func.coalesce(func.sum(InventoryMovement.quantity), 0))
        .join(InventoryMovement, InventoryMovement.lot_id == InventoryLot.id)
        .where(
            InventoryLot.location_id == location_id,
            InventoryLot.deleted.is_(False),
            InventoryMovement.deleted.is_(False),
            (InventoryLot.expires_on.is_(None)) | (InventoryLot.expires_on >= today),
        )
        .group_by(InventoryLot.product_id)
    )
    return {product_id: int(count) for product_id, count in rows}
