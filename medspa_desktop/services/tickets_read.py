"""Reading a ticket for checkout: its lines, totals, payments taken and what is still owed.

Public API (off the GUI thread; results are frozen):

- ``ticket_view(ticket_id, *, uow, actor) -> TicketView``
- ``open_ticket_row(uow, actor, ticket_id) -> Ticket``: the stored ticket when it may still
  change (open), for the ticket services.
- ``paid_minor(uow, ticket_id) -> int``: payments taken less refunds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.ticket_math import TicketTotals
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.errors import NotFound, RuleViolation
from medspa_desktop.services.ticket_pricing import live_lines, price
from medspa_desktop.store.models import Client, Location, Payment, Refund, Staff, Ticket
from medspa_desktop.store.uow import UnitOfWork


@dataclass(frozen=True)
class LineView:
    id: str
    kind: str
    item_id: str | None
    description: str
    quantity: int
    unit_price_minor: int
    discount_minor: int
    discount_kind: str
    discount_value: int
    discount_reason: str
    tax_rate_bp: int
    tax_minor: int
    total_minor: int
    staff_id: str | None
    staff_name: str
    appointment_id: str | None


@dataclass(frozen=True)
class PaymentView:
    id: str
    tender: str
    amount_minor: int
    refunded_minor: int
    card_brand: str
    card_last4: str
    received_at: dt.datetime


@dataclass(frozen=True)
class TicketView:
    id: str
    number: str
    status: str
    location_id: str
    client_id: str | None
    client_name: str
    currency: str
    lines: tuple[LineView, ...]
    subtotal_minor: int
    discount_minor: int
    tax_minor: int
    tip_minor: int
    tip_percent_bp: int
    tip_split: tuple[tuple[str | None, int], ...]
    total_minor: int
    ticket_discount_kind: str
    ticket_discount_value: int
    ticket_discount_reason: str
    payments: tuple[PaymentView, ...]
    paid_minor: int
    balance_minor: int
    tip_presets_bp: tuple[int, ...]
    opened_at: dt.datetime
    closed_at: dt.datetime | None


def open_ticket_row(uow: UnitOfWork, actor: Actor, ticket_id: str) -> Ticket:
    ticket = ticket_row(uow, actor, ticket_id)
    if ticket.status != "open":
        raise RuleViolation(
            f"Ticket {ticket.number} is {ticket.status} and cannot change. "
            "Open a new ticket, or refund from the closed one."
        )
    return ticket


def ticket_row(uow: UnitOfWork, actor: Actor, ticket_id: str) -> Ticket:
    ticket = uow.session.get(Ticket, ticket_id)
    if ticket is None or ticket.deleted or ticket.org_id != actor.org_id:
        raise NotFound("That ticket no longer exists.")
    return ticket


def paid_minor(uow: UnitOfWork, ticket_id: str) -> int:
    taken = uow.session.scalar(
        select(func.coalesce(func.sum(Payment.amount_minor), 0)).where(
            Payment.ticket_id == ticket_id, Payment.deleted.is_(False)
        )
    )
    refunded = uow.session.scalar(
        select(func.coalesce(func.sum(Refund.amount_minor), 0))
        .join(Payment, Payment.id == Refund.payment_id)
        .where(Payment.ticket_id == ticket_id, Refund.deleted.is_(False))
    )
    return int(taken or 0) - int(refunded or 0)


def ticket_view(ticket_id: str, *, uow: UnitOfWork, actor: Actor) -> TicketView:
    authorize(uow, actor, Action.TICKET_VIEW, entity="ticket", entity_id=ticket_id)
    ticket = ticket_row(uow, actor, ticket_id)
    lines = live_lines(uow, ticket.id)
    totals = price(ticket, lines)
    names = _staff_names(uow, {line.staff_id for line in lines if line.staff_id})
    payments = _payments(uow, ticket.id)
    paid = sum(p.amount_minor - p.refunded_minor for p in payments)
    return TicketView(
        id=ticket.id,
        number=ticket.number,
        status=ticket.status,
        location_id=ticket.location_id,
        client_id=ticket.client_id,
        client_name=_client_name(uow, ticket.client_id),
        currency=ticket.currency,
        lines=tuple(_line_view(line, names) for line in lines),
        **_totals(ticket, totals),
        payments=payments,
        paid_minor=paid,
        balance_minor=ticket.total_minor - paid if ticket.status == "open" else 0,
        tip_presets_bp=_presets(uow, ticket.location_id),
        opened_at=ticket.opened_at,
        closed_at=ticket.closed_at,
    )


def _totals(ticket: Ticket, totals: TicketTotals) -> dict[str, Any]:
    return {
        "subtotal_minor": ticket.subtotal_minor,
        "discount_minor": ticket.discount_minor,
        "tax_minor": ticket.tax_minor,
        "tip_minor": ticket.tip_minor,
        "tip_percent_bp": ticket.tip_percent_bp,
        "tip_split": totals.tip_split,
        "total_minor": ticket.total_minor,
        "ticket_discount_kind": ticket.ticket_discount_kind,
        "ticket_discount_value": ticket.ticket_discount_value,
        "ticket_discount_reason": ticket.ticket_discount_reason,
    }


def _line_view(line: object, names: dict[str, str]) -> LineView:
    fields = {
        name: getattr(line, name) for name in LineView.__dataclass_fields__ if name != "staff_name"
    }
    staff_id = fields["staff_id"]
    return LineView(**fields, staff_name=names.get(staff_id, "") if staff_id else "")


def _payments(uow: UnitOfWork, ticket_id: str) -> tuple[PaymentView, ...]:
    refunded = (
        select(func.coalesce(func.sum(Refund.amount_minor), 0))
        .where(Refund.payment_id == Payment.id, Refund.deleted.is_(False))
        .scalar_subquery()
    )
    rows = uow.session.execute(
        select(Payment, refunded)
        .where(Payment.ticket_id == ticket_id, Payment.deleted.is_(False))
        .order_by(Payment.received_at, Payment.id)
    )
    return tuple(
        PaymentView(
            p.id, p.tender, p.amount_minor, int(back), p.card_brand, p.card_last4, p.received_at
        )
        for p, back in rows
    )


def _staff_names(uow: UnitOfWork, ids: set[str | None]) -> dict[str, str]:
    if not ids:
        return {}
    rows = uow.session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(ids)))
    return {staff_id: name for staff_id, name in rows}


def _client_name(uow: UnitOfWork, client_id: str | None) -> str:
    if client_id is None:
        return "Walk-in"
    client = uow.session.get(Client, client_id)
    return f"{client.first_name} {client.last_name}".strip() if client else "Walk-in"


def _presets(uow: UnitOfWork, location_id: str) -> tuple[int, ...]:
    location = uow.session.get(Location, location_id)
    text = location.tip_presets_bp if location else ""
    return tuple(int(part) for part in text.split(",") if part.strip().isdigit())
