"""Taking payment at the desk without a card reader: cash, gift card and pay later.

Public API (off the GUI thread; results are frozen):

- ``TakePayment(ticket_id, tender, amount_minor, gift_card_code="")`` -> ``take_payment``
  -> ``PaymentTaken``: ``tender`` is ``cash`` (``amount_minor`` is what the client hands
  over; change is given from it), ``gift_card`` (at most the card's balance) or
  ``pay_later`` (the balance goes on the client's account). The ticket closes itself when
  the payments equal its total exactly. Card payments: ``services/card_payments.py``.
- ``VoidTicket(ticket_id, reason)`` -> ``void_ticket``: managers and owners, for a ticket
  with nothing paid on it (refund first otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.money import Money
from medspa_desktop.domain.ticket_math import (
    TakenTender,
    Tender,
    TenderKind,
    TicketMathError,
    take_tender,
)
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import RuleViolation, ValidationError
from medspa_desktop.services.gift_card_ledger import add_movement
from medspa_desktop.services.gift_cards import usable_card
from medspa_desktop.services.payments_ledger import owed_minor, record_payment
from medspa_desktop.services.ticket_pricing import live_lines
from medspa_desktop.services.tickets_read import (
    TicketView,
    open_ticket_row,
    paid_minor,
    ticket_view,
)
from medspa_desktop.services.writes import save_changes
from medspa_desktop.store.models import GiftCard, Ticket
from medspa_desktop.store.uow import UnitOfWork

DESK_TENDERS = ("cash", "gift_card", "pay_later")


@dataclass(frozen=True)
class TakePayment:
    ticket_id: str
    tender: str
    amount_minor: int
    gift_card_code: str = ""


@dataclass(frozen=True)
class PaymentTaken:
    payment_id: str
    amount_minor: int
    change_minor: int
    ticket: TicketView


@dataclass(frozen=True)
class VoidTicket:
    ticket_id: str
    reason: str


def take_payment(cmd: TakePayment, *, uow: UnitOfWork, actor: Actor) -> PaymentTaken:
    if cmd.tender not in DESK_TENDERS:
        raise ValidationError({"tender": "Take card payments on the card reader."})
    action = Action.PAYMENT_PAY_LATER if cmd.tender == "pay_later" else Action.PAYMENT_TAKE
    authorize(uow, actor, action, entity="ticket", entity_id=cmd.ticket_id)
    if cmd.tender == "gift_card":
        authorize(uow, actor, Action.GIFT_CARD_REDEEM, entity="gift_card")
    ticket = open_ticket_row(uow, actor, cmd.ticket_id)
    paid = paid_minor(uow, ticket.id)
    taken = _take(uow, ticket, cmd, paid)
    amount = taken.tender.amount_minor
    extra: dict[str, Any] = {}
    card: GiftCard | None = None
    if cmd.tender == "gift_card":
        card, balance = usable_card(uow, cmd.gift_card_code, ticket.currency)
        if amount > balance:
            raise RuleViolation(
                f"Gift card {card.code} has {_money(balance, ticket.currency)} left. Take that "
                "from the card and the rest another way."
            )
        extra["gift_card_id"] = card.id
    owed = ticket.total_minor - paid
    payment = record_payment(uow, actor, ticket, cmd.tender, amount, owed_before=owed, **extra)
    if card is not None:
        _redeem(uow, actor, card, payment.id, amount)
    uow.commit()
    view = ticket_view(ticket.id, uow=uow, actor=actor)
    return PaymentTaken(payment.id, amount, taken.change_minor, view)


def _take(uow: UnitOfWork, ticket: Ticket, cmd: TakePayment, paid: int) -> TakenTender:
    if cmd.tender == "pay_later" and ticket.client_id is None:
        raise RuleViolation("Pay later puts the balance on a client's account: choose the client.")
    if ticket.subtotal_minor == 0 and not live_lines(uow, ticket.id):
        raise RuleViolation("The ticket is empty. Add what the client is paying for first.")
    earlier = [Tender("cash", paid)] if paid > 0 else []
    kind = cast(TenderKind, cmd.tender)
    try:
        return take_tender(
            ticket.total_minor, earlier, kind, cmd.amount_minor, currency=ticket.currency
        )
    except TicketMathError as err:
        raise RuleViolation(f"{err}.") from err


def _redeem(uow: UnitOfWork, actor: Actor, card: GiftCard, payment_id: str, amount: int) -> None:
    add_movement(
        uow,
        actor,
        card.id,
        -amount,
        "redeem",
        action=Action.GIFT_CARD_REDEEM,
        payment_id=payment_id,
    )


def void_ticket(cmd: VoidTicket, *, uow: UnitOfWork, actor: Actor) -> TicketView:
    authorize(uow, actor, Action.TICKET_VOID, entity="ticket", entity_id=cmd.ticket_id)
    ticket = open_ticket_row(uow, actor, cmd.ticket_id)
    if not cmd.reason.strip():
        raise ValidationError({"reason": "Say why the ticket is voided."})
    if paid_minor(uow, ticket.id) != 0 or owed_minor(uow, ticket) != ticket.total_minor:
        raise RuleViolation("Money has been taken on this ticket: refund it before voiding.")
    for line in live_lines(uow, ticket.id):
        if line.kind == "gift_card" and line.item_id:
            card = uow.session.get(GiftCard, line.item_id)
            if card is not None:
                save_changes(
                    uow, actor, card, {"status": "void"}, entity="gift_card",
                    action=Action.TICKET_VOID, commit=False,
                )  # fmt: skip
    values = {"status": "voided", "void_reason": cmd.reason.strip()[:200], "closed_at": now()}
    save_changes(
        uow, actor, ticket, values, entity="ticket", action=Action.TICKET_VOID, commit=False
    )
    uow.commit()
    return ticket_view(ticket.id, uow=uow, actor=actor)


def _money(minor: int, currency: str) -> str:
    return Money(minor, currency).format()
