"""Card payments on a Stripe Terminal reader: never a second charge, never a payment
recorded that Stripe did not take, whatever crashes or network failures happen.

How (each step its own transaction, so a crash between any two is recoverable):

1. ``start_card_payment`` writes a ``PaymentAttempt`` (status ``created``) and commits it
   before the first call to Stripe. Its id is the idempotency key of the payment intent;
   the other calls for the attempt use it with the step's name after it
   (``<id>:process``), because Stripe ties a key to one endpoint and one set of arguments.
2. ``send_to_reader`` creates the payment intent (``metadata[attempt]`` = the id), stores
   its id, and sends it to the reader (``processing``).
3. ``check_card_payment`` (polled by the checkout screen) asks Stripe: a success records the
   ``Payment`` and marks the attempt ``succeeded`` in one transaction (the attempt's
   ``payment_id`` makes recording happen once); a decline marks it ``failed`` with
   Stripe's words and cancels the intent, so a new attempt starts clean.
4. ``cancel_card_payment`` stops the reader, then records the payment if the card was
   tapped meanwhile, or cancels the intent.
5. ``resume_card_payments`` runs at start-up before anything else: each unfinished attempt
   is found at Stripe (created again with its own key when its id was never stored:
   Stripe replays the first one) and recorded, or cancelled if nobody paid.

All functions block on the network: worker threads only. ``uows`` makes a new unit of
work per transaction (``store.uow``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.card_terminal import (
    CANCELED,
    REQUIRES_CAPTURE,
    SUCCEEDED,
    CardTerminal,
    IntentState,
    TerminalRefused,
    TerminalUnreachable,
)
from medspa_desktop.domain.ids import new_id
from medspa_desktop.domain.money import Money
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.card_attempts import (
    AttemptInfo,
    attempt_info,
    finish,
    load_attempt,
    record_card_payment,
)
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import RuleViolation, ValidationError
from medspa_desktop.services.payments_ledger import owed_minor
from medspa_desktop.services.tickets_read import open_ticket_row
from medspa_desktop.store.models import CardReader, PaymentAttempt
from medspa_desktop.store.uow import UnitOfWork

UowFactory = Callable[[], UnitOfWork]
UNFINISHED = ("created", "processing")
READER_TIMEOUT_S = 120.0
"""How long the reader waits for the client's card before the payment is cancelled."""
NOT_CHARGED = "The card was not charged"


@dataclass(frozen=True)
class StartCardPayment:
    ticket_id: str
    amount_minor: int
    reader_id: str
    """The ``CardReader`` row's id."""


def start_card_payment(
    cmd: StartCardPayment, *, uow: UnitOfWork, actor: Actor, terminal: CardTerminal
) -> AttemptInfo:
    """Check the ticket, the amount and the reader (online, reachable), then commit the
    attempt. Raises ``TerminalUnreachable`` before anything is written when offline."""
    authorize(uow, actor, Action.PAYMENT_TAKE, entity="ticket", entity_id=cmd.ticket_id)
    reader_id, label = _check_start(uow, actor, cmd)
    # NOTE: the unit of work holds the database's write lock; let go of it while Stripe is
    # asked (seconds when the network is slow), then check again before writing.
    uow.rollback()
    state = terminal.reader(reader_id)  # no internet: fails here, before the client taps
    if not state.online:
        raise RuleViolation(f"Card reader {label} is offline. Check its power and Wi-Fi.")
    _check_start(uow, actor, cmd)
    ticket = open_ticket_row(uow, actor, cmd.ticket_id)
    detail = {"staff_id": actor.staff_id, "location_id": ticket.location_id}
    attempt = PaymentAttempt(
        id=new_id(),
        org_id=actor.org_id,
        ticket_id=ticket.id,
        amount_minor=cmd.amount_minor,
        currency=ticket.currency,
        status="created",
        reader_id=reader_id,
        kind="payment",
        detail=json.dumps(detail),
    )
    uow.session.add(attempt)
    uow.commit()
    return attempt_info(attempt)


def _check_start(uow: UnitOfWork, actor: Actor, cmd: StartCardPayment) -> tuple[str, str]:
    """The reader's Stripe id and label, once the ticket, amount and reader are fine."""
    ticket = open_ticket_row(uow, actor, cmd.ticket_id)
    owed = owed_minor(uow, ticket)
    if not 0 < cmd.amount_minor <= owed:
        owed_text = Money(owed, ticket.currency).format()
        raise ValidationError({"amount_minor": f"Charge more than 0 and at most {owed_text}."})
    if cmd.amount_minor < 50:
        raise ValidationError(
            {"amount_minor": "A card payment is at least 0.50; take cash for less."}
        )
    _refuse_if_busy(uow, ticket.id)
    reader = uow.session.get(CardReader, cmd.reader_id)
    if reader is None or reader.deleted or not reader.active:
        raise RuleViolation(
            "That card reader is no longer set up. Choose another in Settings → Payments."
        )
    return reader.stripe_reader_id, reader.label


def send_to_reader(attempt_id: str, *, uows: UowFactory, terminal: CardTerminal) -> AttemptInfo:
    intent = _intent_of(attempt_id, uows=uows, terminal=terminal)
    with uows() as uow:
        attempt = load_attempt(uow, attempt_id)
        reader_id = attempt.reader_id or ""
    try:
        terminal.process(key=f"{attempt_id}:process", reader_id=reader_id, intent_id=intent.id)
    except TerminalRefused as err:
        _cancel_intent(attempt_id, intent.id, terminal)
        return finish(uows, attempt_id, "failed", f"{NOT_CHARGED}: {err}")
    with uows() as uow:
        attempt = load_attempt(uow, attempt_id)
        attempt.status, attempt.updated_at = "processing", now()
        uow.commit()
        return attempt_info(attempt)


def check_card_payment(
    attempt_id: str,
    *,
    uows: UowFactory,
    terminal: CardTerminal,
    timeout_s: float = READER_TIMEOUT_S,
) -> AttemptInfo:
    """One look at Stripe: records a success, ends a decline; a payment nobody has paid
    ``timeout_s`` after it reached the reader is cancelled; otherwise still waiting."""
    with uows() as uow:
        attempt = load_attempt(uow, attempt_id)
        if attempt.status not in UNFINISHED or not attempt.stripe_payment_intent_id:
            return attempt_info(attempt)
        intent_id, reader_id = attempt.stripe_payment_intent_id, attempt.reader_id or ""
        waited = (now() - attempt.updated_at.replace(tzinfo=dt.UTC)).total_seconds()
    intent = terminal.find_intent(intent_id)
    if intent.status in (SUCCEEDED, REQUIRES_CAPTURE, CANCELED):
        return _settle(attempt_id, intent, uows=uows, terminal=terminal)
    reader = terminal.reader(reader_id)
    if reader.action == "failed" and reader.action_intent_id == intent.id:
        message = intent.decline_message or reader.failure_message or "The card was declined."
        after = _cancel_intent(attempt_id, intent.id, terminal)
        return _conclude(
            attempt_id, after, uows, terminal, "failed", f"{message} Try another card or tender."
        )
    if waited > timeout_s:
        with suppress(TerminalRefused):  # nothing in progress on the reader any more
            terminal.cancel_action(key=f"{attempt_id}:cancel-action", reader_id=reader_id)
        return _abandon(attempt_id, uows=uows, terminal=terminal, why="the reader timed out")
    with uows() as uow:
        return attempt_info(load_attempt(uow, attempt_id))


def cancel_card_payment(
    attempt_id: str, *, uows: UowFactory, terminal: CardTerminal
) -> AttemptInfo:
    """The front desk cancels: stop the reader; a tap that got through is still recorded."""
    with uows() as uow:
        attempt = load_attempt(uow, attempt_id)
        if attempt.status not in UNFINISHED:
            return attempt_info(attempt)
        reader_id = attempt.reader_id or ""
    with suppress(TerminalRefused):  # nothing in progress on the reader any more
        terminal.cancel_action(key=f"{attempt_id}:cancel-action", reader_id=reader_id)
    return _abandon(attempt_id, uows=uows, terminal=terminal, why="cancelled at the desk")


def resume_card_payments(*, uows: UowFactory, terminal: CardTerminal) -> list[AttemptInfo]:
    """Find out at Stripe what happened to every unfinished attempt, and settle each."""
    with uows() as uow:
        ids = list(
            uow.session.scalars(
                select(PaymentAttempt.id)
                .where(PaymentAttempt.status.in_(UNFINISHED), PaymentAttempt.kind == "payment")
                .order_by(PaymentAttempt.created_at)
            )
        )
    done = []
    for attempt_id in ids:
        intent = _intent_of(attempt_id, uows=uows, terminal=terminal)
        if intent.status in (SUCCEEDED, REQUIRES_CAPTURE, CANCELED):
            done.append(_settle(attempt_id, intent, uows=uows, terminal=terminal))
            continue
        with uows() as uow:
            reader_id = load_attempt(uow, attempt_id).reader_id or ""
        _stop_reader_for(attempt_id, reader_id, intent.id, terminal)
        done.append(_abandon(attempt_id, uows=uows, terminal=terminal, why="interrupted"))
    return done


def _refuse_if_busy(uow: UnitOfWork, ticket_id: str) -> None:
    busy = uow.session.scalar(
        select(PaymentAttempt.id).where(
            PaymentAttempt.ticket_id == ticket_id,
            PaymentAttempt.status.in_(UNFINISHED),
            PaymentAttempt.kind == "payment",
        )
    )
    if busy:
        raise RuleViolation(
            "A card payment on this ticket is still in progress. Finish or cancel it first."
        )


def _intent_of(attempt_id: str, *, uows: UowFactory, terminal: CardTerminal) -> IntentState:
    """The attempt's payment intent: stored, or created with the attempt's own key (which
    replays the one Stripe already made if the answer was lost)."""
    with uows() as uow:
        attempt = load_attempt(uow, attempt_id)
        if attempt.stripe_payment_intent_id:
            intent_id = attempt.stripe_payment_intent_id
        else:
            intent_id = ""
            amount, currency, ticket_id = attempt.amount_minor, attempt.currency, attempt.ticket_id
    if intent_id:
        return terminal.find_intent(intent_id)
    intent = terminal.create_intent(
        key=attempt_id,
        amount_minor=amount,
        currency=currency,
        attempt_id=attempt_id,
        description=f"Ticket {ticket_id}",
    )
    with uows() as uow:
        attempt = load_attempt(uow, attempt_id)
        attempt.stripe_payment_intent_id, attempt.updated_at = intent.id, now()
        uow.commit()
    return intent


def _settle(
    attempt_id: str, intent: IntentState, *, uows: UowFactory, terminal: CardTerminal
) -> AttemptInfo:
    if intent.status == REQUIRES_CAPTURE:
        intent = terminal.capture(key=f"{attempt_id}:capture", intent_id=intent.id)
    if intent.status == SUCCEEDED:
        return record_card_payment(uows, attempt_id, intent)
    return finish(uows, attempt_id, "cancelled", f"{NOT_CHARGED}: the payment was cancelled.")


def _abandon(attempt_id: str, *, uows: UowFactory, terminal: CardTerminal, why: str) -> AttemptInfo:
    with uows() as uow:
        intent_id = load_attempt(uow, attempt_id).stripe_payment_intent_id
    if not intent_id:
        return finish(uows, attempt_id, "cancelled", f"{NOT_CHARGED} ({why}).")
    intent = _cancel_intent(attempt_id, intent_id, terminal)
    return _conclude(attempt_id, intent, uows, terminal, "cancelled", f"{NOT_CHARGED} ({why}).")


def _conclude(
    attempt_id: str,
    intent: IntentState,
    uows: UowFactory,
    terminal: CardTerminal,
    status: str,
    message: str,
) -> AttemptInfo:
    """After cancelling ``intent``: paid after all is recorded; cancelled ends the attempt
    as ``status``; anything else (Stripe still processing a tap) stays unfinished."""
    if intent.status in (SUCCEEDED, REQUIRES_CAPTURE):
        return _settle(attempt_id, intent, uows=uows, terminal=terminal)
    if intent.status == CANCELED:
        return finish(uows, attempt_id, status, message)
    with uows() as uow:
        attempt = load_attempt(uow, attempt_id)
        attempt.last_error = "Stripe is still processing the card; checking again shortly."
        uow.commit()
        return attempt_info(attempt)


def _cancel_intent(attempt_id: str, intent_id: str, terminal: CardTerminal) -> IntentState:
    """Cancel the intent so it can never be charged; if it was paid meanwhile, say so."""
    try:
        return terminal.cancel_intent(key=f"{attempt_id}:cancel", intent_id=intent_id)
    except TerminalRefused:
        return terminal.find_intent(intent_id)  # succeeded (or cancelled) in the meantime


def _stop_reader_for(
    attempt_id: str, reader_id: str, intent_id: str, terminal: CardTerminal
) -> None:
    if not reader_id:
        return
    try:
        reader = terminal.reader(reader_id)
        if reader.action == "in_progress" and reader.action_intent_id == intent_id:
            terminal.cancel_action(key=f"{attempt_id}:cancel-action", reader_id=reader_id)
    except (TerminalRefused, TerminalUnreachable):
        pass  # cancelling the intent below is what guarantees no later charge
