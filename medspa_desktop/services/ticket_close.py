"""Closing a ticket paid in full: what the sale hands over happens now, in one transaction.

Public API (inside the caller's unit of work; never commits):

- ``close_ticket(uow, actor, ticket)``: the ticket becomes ``closed``; retail products leave
  stock from the location's lots, first expiring first; gift cards sold become active with
  their value on their ledger; packages sold become the client's.
- ``stock_by_lot(uow, product_id, location_id)``: lots with what is on hand, in that order.

Closing never refuses: it runs with the payment that completes the ticket, which may be a
card already charged. What could stop it is checked when the line is added.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.common import now
from medspa_desktop.services.gift_card_ledger import add_movement
from medspa_desktop.services.ticket_pricing import live_lines
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.models import (
    ClientPackage,
    GiftCard,
    InventoryLot,
    InventoryMovement,
    PackagePlan,
    Ticket,
    TicketLine,
)
from medspa_desktop.store.uow import UnitOfWork


def close_ticket(uow: UnitOfWork, actor: Actor, ticket: Ticket) -> None:
    closed = now()
    lines = live_lines(uow, ticket.id)
    products = {line.item_id or "" for line in lines if line.kind == "product"}
    # NOTE: in-date lots only: two years of deliveries, each summed over its movements,
    # were most of the cost of closing a ticket with products.
    today = closed.date()
    shelves = _shelves(uow, products, ticket.location_id, on=today) if products else {}
    for line in lines:
        if line.kind == "product":
            shelf = shelves.setdefault(line.item_id or "", [])
            _take_stock(uow, actor, shelf, line, ticket.location_id)
        elif line.kind == "gift_card":
            _issue_gift_card(uow, actor, line, closed)
        elif line.kind == "package":
            _hand_over_package(uow, actor, ticket, line, closed)
    values = {"status": "closed", "closed_at": closed}
    save_changes(
        uow, actor, ticket, values, entity="ticket", action=Action.TICKET_CLOSE, commit=False
    )


def stock_by_lot(
    uow: UnitOfWork, product_id: str, location_id: str
) -> list[tuple[InventoryLot, int]]:
    """The product's lots here with what is on hand, first expiring first (no expiry last)."""
    return _shelves(uow, {product_id}, location_id).get(product_id, [])


def _shelves(
    uow: UnitOfWork, product_ids: set[str], location_id: str, *, on: dt.date | None = None
) -> dict[str, list[tuple[InventoryLot, int]]]:
    """``stock_by_lot`` for several products in one query; ``on``: only lots in date then."""
    on_hand = (
        select(func.coalesce(func.sum(InventoryMovement.quantity), 0))
        .where(InventoryMovement.lot_id == InventoryLot.id, InventoryMovement.deleted.is_(False))
        .scalar_subquery()
    )
    query = select(InventoryLot, on_hand).where(
        InventoryLot.product_id.in_(sorted(product_ids)),
        InventoryLot.location_id == location_id,
        InventoryLot.deleted.is_(False),
    )
    if on is not None:
        query = query.where(InventoryLot.expires_on.is_(None) | (InventoryLot.expires_on >= on))
    rows = uow.session.execute(
        query.order_by(
            InventoryLot.expires_on.is_(None), InventoryLot.expires_on, InventoryLot.received_at
        )
    )
    shelves: dict[str, list[tuple[InventoryLot, int]]] = {}
    for lot, left in rows:
        shelves.setdefault(lot.product_id, []).append((lot, int(left)))
    return shelves


def _take_stock(
    uow: UnitOfWork,
    actor: Actor,
    shelf: list[tuple[InventoryLot, int]],
    line: TicketLine,
    location_id: str,
) -> None:
    """Take ``line``'s quantity from ``shelf`` (updated in place, for a second line of the
    same product), first expiring first, skipping lots out of date."""
    today = dt.datetime.now(dt.UTC).date()
    wanted = line.quantity
    for n, (lot, left) in enumerate(shelf):
        if lot.expires_on is not None and lot.expires_on < today:
            continue
        take = min(wanted, left)
        if take > 0:
            _movement(uow, actor, lot, line, -take, "")
            shelf[n] = (lot, left - take)
            wanted -= take
    if not wanted:
        return
    every = shelf or stock_by_lot(uow, line.item_id or "", location_id)
    if every:
        # NOTE: the product is in the client's hands; the count was wrong (or every lot is
        # out of date). Sell it from the newest lot and say so, rather than refuse at the till.
        _movement(uow, actor, every[-1][0], line, -wanted, "sold with the stock count short")


def _movement(
    uow: UnitOfWork, actor: Actor, lot: InventoryLot, line: TicketLine, quantity: int, reason: str
) -> None:
    values: dict[str, Any] = {
        "lot_id": lot.id,
        "quantity": quantity,
        "kind": "sale",
        "ticket_line_id": line.id,
        "at": now(),
        "staff_id": actor.staff_id,
        "reason": reason,
    }
    row = InventoryMovement(org_id=actor.org_id, **values)
    save_new(
        uow,
        actor,
        row,
        values,
        entity="inventory_movement",
        action=Action.TICKET_CLOSE,
        commit=False,
    )


def _issue_gift_card(uow: UnitOfWork, actor: Actor, line: TicketLine, at: dt.datetime) -> None:
    card = uow.session.get(GiftCard, line.item_id) if line.item_id else None
    if card is None:
        return  # made with the line (services/gift_cards.py); never missing
    save_changes(
        uow, actor, card, {"status": "active", "issued_at": at}, entity="gift_card",
        action=Action.GIFT_CARD_SELL, commit=False,
    )  # fmt: skip
    amount = line.unit_price_minor * line.quantity
    add_movement(uow, actor, card.id, amount, "issue", action=Action.GIFT_CARD_SELL, at=at)


def _hand_over_package(
    uow: UnitOfWork, actor: Actor, ticket: Ticket, line: TicketLine, at: dt.datetime
) -> None:
    plan = uow.session.get(PackagePlan, line.item_id) if line.item_id else None
    if plan is None or ticket.client_id is None:
        return  # checked when the line was added
    expires = add_months(at, plan.valid_months) if plan.valid_months else None
    for _ in range(line.quantity):
        values: dict[str, Any] = {
            "client_id": ticket.client_id,
            "package_plan_id": plan.id,
            "sessions_total": plan.sessions,
            "purchased_at": at,
            "ticket_id": ticket.id,
            "expires_at": expires,
        }
        row = ClientPackage(org_id=actor.org_id, **values)
        save_new(
            uow,
            actor,
            row,
            values,
            entity="client_package",
            action=Action.TICKET_CLOSE,
            commit=False,
        )


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day ``months`` later, or that month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last_day = (following - dt.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))
