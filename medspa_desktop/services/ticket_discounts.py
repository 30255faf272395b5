"""Discounts and tips on an open ticket.

Public API (off the GUI thread; each returns the ticket as a ``TicketView``):

- ``DiscountLine(line_id, kind, value, reason="")`` -> ``discount_line``; ``kind`` ``""``
  takes the discount off again.
- ``DiscountTicket(ticket_id, kind, value, reason="")`` -> ``discount_ticket``: shared
  across the lines (``domain/ticket_math``).
- ``SetTip(ticket_id, percent_bp=0, amount_minor=0)`` -> ``set_tip``: a preset percent
  (worked out again when lines change) or a typed amount; both 0 removes the tip.

A discount above the location's first limit needs a written reason; above the second, a
manager or owner must apply it (the front desk hands over or switches user with a PIN).
Whoever approved it is stored and audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.permissions import is_allowed
from medspa_desktop.domain.ticket_math import Discount, TicketMathError, Tip, discount_approval
from medspa_desktop.services.authz import authorize, refuse
from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.services.ticket_pricing import live_lines, price, reprice
from medspa_desktop.services.tickets_read import TicketView, open_ticket_row, ticket_view
from medspa_desktop.services.writes import save_changes
from medspa_desktop.store.models import Location, Ticket, TicketLine
from medspa_desktop.store.uow import UnitOfWork

KINDS = ("", "percent", "amount")


@dataclass(frozen=True)
class DiscountLine:
    line_id: str
    kind: str
    value: int = 0
    reason: str = ""


@dataclass(frozen=True)
class DiscountTicket:
    ticket_id: str
    kind: str
    value: int = 0
    reason: str = ""


@dataclass(frozen=True)
class SetTip:
    ticket_id: str
    percent_bp: int = 0
    amount_minor: int = 0


def discount_line(cmd: DiscountLine, *, uow: UnitOfWork, actor: Actor) -> TicketView:
    line = uow.session.get(TicketLine, cmd.line_id)
    if line is None or line.deleted:
        raise NotFound("That line is no longer on the ticket.")
    authorize(uow, actor, Action.DISCOUNT_APPLY, entity="ticket", entity_id=line.ticket_id)
    ticket = open_ticket_row(uow, actor, line.ticket_id)
    base = line.quantity * line.unit_price_minor
    chosen = _chosen(uow, actor, ticket, cmd, base)
    values = {f"discount_{name}": value for name, value in chosen.items()}
    save_changes(
        uow, actor, line, values, entity="ticket_line", action=Action.DISCOUNT_APPLY, commit=False
    )
    return _finish(uow, actor, ticket)


def discount_ticket(cmd: DiscountTicket, *, uow: UnitOfWork, actor: Actor) -> TicketView:
    authorize(uow, actor, Action.DISCOUNT_APPLY, entity="ticket", entity_id=cmd.ticket_id)
    ticket = open_ticket_row(uow, actor, cmd.ticket_id)
    lines = live_lines(uow, ticket.id)
    base = sum(worked.amount - worked.line_discount for worked in price(ticket, lines).lines)
    chosen = _chosen(uow, actor, ticket, cmd, base)
    values = {f"ticket_discount_{name}": chosen[name] for name in ("kind", "value", "reason")}
    values["discount_approved_by"] = chosen["approved_by"]
    save_changes(
        uow, actor, ticket, values, entity="ticket", action=Action.DISCOUNT_APPLY, commit=False
    )
    return _finish(uow, actor, ticket)


def set_tip(cmd: SetTip, *, uow: UnitOfWork, actor: Actor) -> TicketView:
    authorize(uow, actor, Action.TICKET_EDIT, entity="ticket", entity_id=cmd.ticket_id)
    ticket = open_ticket_row(uow, actor, cmd.ticket_id)
    if cmd.percent_bp and cmd.amount_minor:
        raise ValidationError({"tip": "Choose a percent or type an amount, not both."})
    try:
        if cmd.percent_bp:
            Tip("percent", cmd.percent_bp)
        elif cmd.amount_minor:
            Tip("amount", cmd.amount_minor)
    except TicketMathError as err:
        raise ValidationError({"tip": str(err)}) from err
    values = {"tip_percent_bp": cmd.percent_bp, "tip_minor": cmd.amount_minor}
    save_changes(
        uow, actor, ticket, values, entity="ticket", action=Action.TICKET_EDIT, commit=False
    )
    return _finish(uow, actor, ticket)


def _chosen(
    uow: UnitOfWork, actor: Actor, ticket: Ticket, cmd: DiscountLine | DiscountTicket, base: int
) -> dict[str, str | int]:
    """The discount as it will be stored (kind, value, reason, approved_by), once it is
    valid for ``base`` and allowed for ``actor``."""
    off = _off(_discount(cmd.kind, cmd.value, cmd.reason), base, ticket.currency)
    approver = _approve(uow, actor, ticket, off, base, cmd.reason)
    return {
        "kind": cmd.kind,
        "value": cmd.value if cmd.kind else 0,
        "reason": cmd.reason.strip() if cmd.kind else "",
        "approved_by": approver,
    }


def _finish(uow: UnitOfWork, actor: Actor, ticket: Ticket) -> TicketView:
    reprice(uow, actor, ticket)
    uow.commit()
    return ticket_view(ticket.id, uow=uow, actor=actor)


def _discount(kind: str, value: int, reason: str) -> Discount | None:
    if kind not in KINDS:
        raise ValidationError({"kind": "A discount is a percent or an amount."})
    if not kind:
        return None
    try:
        return Discount(kind, value, reason)  # type: ignore[arg-type]
    except TicketMathError as err:
        raise ValidationError({"value": str(err)}) from err


def _off(discount: Discount | None, base: int, currency: str) -> int:
    if discount is None:
        return 0
    off = discount.off(base)
    if off > base:
        raise ValidationError(
            {"value": "A discount cannot be more than what it comes off. Lower the amount."}
        )
    return off


def _approve(
    uow: UnitOfWork, actor: Actor, ticket: Ticket, off: int, base: int, reason: str
) -> str:
    """Who approved the discount ("" when none was needed); refuses what needs more."""
    location = uow.session.get(Location, ticket.location_id)
    if location is None:
        raise NotFound("That ticket's location no longer exists.")
    needs = discount_approval(
        off, base, location.discount_reason_limit_bp, location.discount_approval_limit_bp
    )
    if needs != "none" and not reason.strip():
        raise ValidationError(
            {"reason": "A discount this large needs a reason. Write why it is given."}
        )
    if needs != "manager":
        return ""
    if not is_allowed(actor.role, Action.DISCOUNT_APPROVE_OVER_LIMIT):
        refuse(
            uow,
            actor,
            Action.DISCOUNT_APPROVE_OVER_LIMIT,
            "This discount is over the location's limit: a manager or owner must apply it. "
            "Ask one to switch in with their PIN.",
            entity="ticket",
            entity_id=ticket.id,
        )
    return actor.staff_id
