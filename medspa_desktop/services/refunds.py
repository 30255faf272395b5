"""Refunds: money given back against one payment, as a new ledger row; never an update.

Public API (off the GUI thread; a card refund blocks on the network; results are frozen):

- ``RefundPayment(payment_id, amount_minor, reason, restock_line_ids=())`` ->
  ``refund_payment(cmd, *, uow, actor, terminal=None) -> RefundDone``: managers and owners;
  at most what is left on the payment. Cash comes out of the drawer (the daily close counts
  it); a gift card gets the money back on its ledger; pay later lowers what the client owes;
  a card is refunded through ``terminal`` (the ``CardTerminal`` port), durably: with no
  connection the result is ``pending`` and ``resume_refunds`` sends it later, with the same
  idempotency key. ``restock_line_ids`` names product lines of the ticket to put back on
  the lots they were sold from.
- ``VoidPayment(payment_id, reason, restock_line_ids=())`` -> ``void_payment``: the whole of
  what is left on a payment (``PAYMENT_VOID``).
- ``RefundTicket(ticket_id, reason, restock_line_ids=())`` -> ``refund_ticket`` ->
  ``tuple[RefundDone, ...]``: everything left on every payment of the ticket, one refund
  (and one transaction) per payment.
- ``resume_refunds(*, uow_factory, terminal, actor) -> tuple[RefundDone, ...]``: sends the
  card refunds still waiting (a job, after the connection is back). The refund was
  authorised when it was asked for, so any signed-in member of staff's session may finish it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.card_terminal import CardTerminal
from medspa_desktop.domain.money import Money
from medspa_desktop.domain.ticket_math import TicketMathError
from medspa_desktop.domain.ticket_tender import check_refund, refundable
from medspa_desktop.services import refund_card
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.errors import NotFound, RuleViolation, ValidationError
from medspa_desktop.services.refund_ledger import check_restock, refunded_minor, write_refund
from medspa_desktop.services.tickets_read import TicketView, ticket_row, ticket_view
from medspa_desktop.store.models import Payment, PaymentAttempt
from medspa_desktop.store.uow import UnitOfWork


@dataclass(frozen=True)
class RefundPayment:
    payment_id: str
    amount_minor: int
    reason: str
    restock_line_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class VoidPayment:
    payment_id: str
    reason: str
    restock_line_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefundTicket:
    ticket_id: str
    reason: str
    restock_line_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefundDone:
    payment_id: str
    amount_minor: int
    status: str
    """``refunded``; ``pending`` (a card refund waiting for the connection); ``failed``."""
    refund_id: str | None
    attempt_id: str | None
    message: str
    """What to tell the client or do next, fit to show."""
    ticket: TicketView


def refund_payment(
    cmd: RefundPayment, *, uow: UnitOfWork, actor: Actor, terminal: CardTerminal | None = None
) -> RefundDone:
    authorize(uow, actor, Action.PAYMENT_REFUND, entity="payment", entity_id=cmd.payment_id)
    return _refund(uow, actor, terminal, cmd, Action.PAYMENT_REFUND)


def void_payment(
    cmd: VoidPayment, *, uow: UnitOfWork, actor: Actor, terminal: CardTerminal | None = None
) -> RefundDone:
    authorize(uow, actor, Action.PAYMENT_VOID, entity="payment", entity_id=cmd.payment_id)
    payment = _payment(uow, actor, cmd.payment_id)
    left = refundable(payment.amount_minor, refunded_minor(uow, payment.id))
    if left == 0:
        raise RuleViolation("This payment has already been refunded in full.")
    whole = RefundPayment(payment.id, left, cmd.reason, cmd.restock_line_ids)
    return _refund(uow, actor, terminal, whole, Action.PAYMENT_VOID)


def refund_ticket(
    cmd: RefundTicket, *, uow: UnitOfWork, actor: Actor, terminal: CardTerminal | None = None
) -> tuple[RefundDone, ...]:
    authorize(uow, actor, Action.PAYMENT_REFUND, entity="ticket", entity_id=cmd.ticket_id)
    ticket = ticket_row(uow, actor, cmd.ticket_id)
    _require_reason(cmd.reason)
    payments = uow.session.scalars(
        select(Payment)
        .where(Payment.ticket_id == ticket.id, Payment.deleted.is_(False))
        .order_by(Payment.received_at, Payment.id)
    ).all()
    lefts = [(p.id, p.amount_minor - refunded_minor(uow, p.id)) for p in payments]
    lefts = [(payment_id, left) for payment_id, left in lefts if left > 0]
    if not lefts:
        raise RuleViolation(f"Nothing is left to refund on ticket {ticket.number}.")
    done, restock = [], cmd.restock_line_ids
    for payment_id, left in lefts:
        each = RefundPayment(payment_id, left, cmd.reason, restock)
        done.append(_refund(uow, actor, terminal, each, Action.PAYMENT_REFUND))
        restock = ()
    return tuple(done)


def resume_refunds(
    *, uow_factory: Callable[[], UnitOfWork], terminal: CardTerminal, actor: Actor
) -> tuple[RefundDone, ...]:
    with uow_factory() as uow:
        waiting = refund_card.unfinished(uow, actor.org_id)
    done: list[RefundDone] = []
    for attempt_id in waiting:
        with uow_factory() as uow:
            attempt = uow.session.get(PaymentAttempt, attempt_id)
            if attempt is None or attempt.status not in ("created", "processing"):
                continue
            outcome = refund_card.send(uow, actor, terminal, attempt)
            done.append(_card_done(uow, actor, attempt, outcome))
        if outcome.status == "pending":
            break  # still no connection: the rest would only wait as long
    return tuple(done)


def _refund(
    uow: UnitOfWork,
    actor: Actor,
    terminal: CardTerminal | None,
    cmd: RefundPayment,
    action: Action,
) -> RefundDone:
    reason = _require_reason(cmd.reason)
    payment = _payment(uow, actor, cmd.payment_id)
    _check_amount(uow, payment, cmd.amount_minor)
    check_restock(uow, payment, cmd.restock_line_ids)
    if payment.tender == "card":
        return _refund_card(uow, actor, terminal, payment, cmd, reason, action)
    row = write_refund(
        uow,
        actor,
        payment,
        cmd.amount_minor,
        reason,
        staff_id=actor.staff_id,
        action=action,
        restock_line_ids=cmd.restock_line_ids,
    )
    uow.commit()
    message = _told(payment, cmd.amount_minor)
    view = ticket_view(payment.ticket_id, uow=uow, actor=actor)
    return RefundDone(payment.id, cmd.amount_minor, "refunded", row.id, None, message, view)


def _refund_card(
    uow: UnitOfWork,
    actor: Actor,
    terminal: CardTerminal | None,
    payment: Payment,
    cmd: RefundPayment,
    reason: str,
    action: Action,
) -> RefundDone:
    if terminal is None:
        raise RuleViolation(
            "Card refunds go back through the card provider, which is not set up on this "
            "computer. Refund from a computer with the card reader, or set up payments."
        )
    if not payment.stripe_payment_intent_id:
        raise RuleViolation("This card payment has no card provider reference to refund.")
    attempt = refund_card.start(
        uow, actor, payment, cmd.amount_minor, reason, cmd.restock_line_ids, action
    )
    outcome = refund_card.send(uow, actor, terminal, attempt)
    if outcome.status == "failed":
        raise RuleViolation(outcome.message)
    return _card_done(uow, actor, attempt, outcome)


def _card_done(
    uow: UnitOfWork, actor: Actor, attempt: PaymentAttempt, outcome: refund_card.CardOutcome
) -> RefundDone:
    payment = uow.session.get(Payment, attempt.refund_of)
    assert payment is not None  # the attempt was made from it
    message = outcome.message or _told(payment, attempt.amount_minor)
    view = ticket_view(payment.ticket_id, uow=uow, actor=actor)
    return RefundDone(
        payment.id,
        attempt.amount_minor,
        outcome.status,
        outcome.refund_id,
        attempt.id,
        message,
        view,
    )


def _require_reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the money is given back."})
    return reason.strip()


def _payment(uow: UnitOfWork, actor: Actor, payment_id: str) -> Payment:
    payment = uow.session.get(Payment, payment_id)
    if payment is None or payment.deleted or payment.org_id != actor.org_id:
        raise NotFound("That payment no longer exists.")
    return payment


def _check_amount(uow: UnitOfWork, payment: Payment, amount_minor: int) -> None:
    already = refunded_minor(uow, payment.id)
    try:
        check_refund(payment.amount_minor, already, amount_minor, currency=payment.currency)
    except TicketMathError as err:
        raise RuleViolation(f"{err}.") from err


def _told(payment: Payment, amount_minor: int) -> str:
    money = Money(amount_minor, payment.currency).format()
    if payment.tender == "cash":
        return f"Give the client {money} in cash from the drawer."
    if payment.tender == "gift_card":
        return f"{money} is back on the gift card."
    if payment.tender == "pay_later":
        return f"The client's account owes {money} less."
    card = f"{payment.card_brand.upper()} •••• {payment.card_last4}".strip()
    return f"{money} was refunded to the card{f' ({card})' if payment.card_last4 else ''}."
