"""Working a ticket's money out again after any change, and storing what it comes to.

Public API (called by the ticket services inside their unit of work; never commits):

- ``live_lines(uow, ticket_id) -> list[TicketLine]``: the lines not removed, in the order
  they were added.
- ``reprice(uow, actor, ticket) -> TicketTotals``: prices the ticket with
  ``domain/ticket_math`` (the rounding rule is documented there) and writes every line's
  and the ticket's totals that changed, each with its outbox mutation.
- ``line_input(line) / ticket_discount(ticket) / ticket_tip(ticket)``: the stored choices as
  the domain's values.
"""

from __future__ import annotations

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.ticket_math import (
    Discount,
    LineInput,
    TicketMathError,
    TicketTotals,
    Tip,
    price_ticket,
)
from medspa_desktop.services.errors import RuleViolation
from medspa_desktop.services.writes import save_changes
from medspa_desktop.store.models import Ticket, TicketLine
from medspa_desktop.store.uow import UnitOfWork

UNTAXED_KINDS = frozenset({"gift_card"})
"""A gift card sale is money held for later, not a supply: no tax until it is spent."""


def live_lines(uow: UnitOfWork, ticket_id: str) -> list[TicketLine]:
    return list(
        uow.session.scalars(
            select(TicketLine)
            .where(TicketLine.ticket_id == ticket_id, TicketLine.deleted.is_(False))
            .order_by(TicketLine.id)
        )
    )


def line_input(line: TicketLine) -> LineInput:
    discount = None
    if line.discount_kind:
        discount = Discount(line.discount_kind, line.discount_value, line.discount_reason)  # type: ignore[arg-type]
    return LineInput(
        kind=line.kind,
        quantity=line.quantity,
        unit_price_minor=line.unit_price_minor,
        tax_rate_bp=line.tax_rate_bp,
        discount=discount,
        staff_id=line.staff_id,
        taxable=line.kind not in UNTAXED_KINDS,
    )


def ticket_discount(ticket: Ticket) -> Discount | None:
    if not ticket.ticket_discount_kind:
        return None
    return Discount(
        ticket.ticket_discount_kind,  # type: ignore[arg-type]
        ticket.ticket_discount_value,
        ticket.ticket_discount_reason,
    )


def ticket_tip(ticket: Ticket) -> Tip | None:
    if ticket.tip_percent_bp:
        return Tip("percent", ticket.tip_percent_bp)
    return Tip("amount", ticket.tip_minor) if ticket.tip_minor else None


def price(ticket: Ticket, lines: list[TicketLine]) -> TicketTotals:
    """The ticket's totals from its stored choices; a rule broken says what to change."""
    try:
        return price_ticket(
            [line_input(line) for line in lines],
            ticket_discount(ticket),
            ticket_tip(ticket),
            currency=ticket.currency,
        )
    except TicketMathError as err:
        raise RuleViolation(str(err)) from err


def reprice(uow: UnitOfWork, actor: Actor, ticket: Ticket) -> TicketTotals:
    lines = live_lines(uow, ticket.id)
    totals = price(ticket, lines)
    for line, worked in zip(lines, totals.lines, strict=True):
        values = {"discount_minor": worked.discount, "tax_minor": worked.tax}
        values["total_minor"] = worked.total
        save_changes(
            uow, actor, line, values, entity="ticket_line", action=Action.TICKET_EDIT, commit=False
        )
    values = {
        "subtotal_minor": totals.subtotal,
        "discount_minor": totals.discount,
        "tax_minor": totals.tax,
        "tip_minor": totals.tip,
        "total_minor": totals.total,
    }
    save_changes(
        uow, actor, ticket, values, entity="ticket", action=Action.TICKET_EDIT, commit=False
    )
    return totals
