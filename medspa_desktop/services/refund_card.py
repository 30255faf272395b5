"""Card refunds through the provider, made durable so a lost answer never refunds twice.

Public API (blocks on the network: call from a worker thread, never the GUI thread):

- ``start(uow, actor, payment, amount_minor, reason, restock_line_ids, action)
  -> PaymentAttempt``: commits a ``refund`` attempt before anything is sent; the attempt's
  id is the idempotency key of every try.
- ``send(uow, actor, terminal, attempt) -> CardOutcome``: asks the provider; on success the
  ``Refund`` row and the attempt's success commit in one transaction. No connection leaves
  the attempt ``created`` (``UNREACHABLE``); a refusal marks it ``failed``.
- ``unfinished(uow, org_id) -> list[str]``: refund attempts still to send, oldest first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.card_terminal import (
    CardTerminal,
    RefundState,
    TerminalRefused,
    TerminalUnreachable,
)
from medspa_desktop.domain.ids import new_id
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.common import now
from medspa_desktop.services.refund_ledger import IN_FLIGHT, write_refund
from medspa_desktop.store.models import Payment, PaymentAttempt, Refund
from medspa_desktop.store.uow import UnitOfWork

UNREACHABLE = (
    "No connection to the card provider: the refund will be sent when the connection is "
    "back; nothing was refunded twice."
)
KEY_LIFETIME = dt.timedelta(hours=23)
"""Stripe remembers an idempotency key for 24 hours; an attempt older than this is first
looked for among the provider's refunds, so a key it has forgotten cannot refund twice."""


@dataclass(frozen=True)
class CardOutcome:
    status: str
    """``refunded``, ``pending`` (no connection; sent again later) or ``failed``."""
    refund_id: str | None
    message: str


def start(
    uow: UnitOfWork,
    actor: Actor,
    payment: Payment,
    amount_minor: int,
    reason: str,
    restock_line_ids: Iterable[str],
    action: Action,
) -> PaymentAttempt:
    detail = {
        "reason": reason,
        "restock_line_ids": list(restock_line_ids),
        "staff_id": actor.staff_id,
        "action": action.value,
    }
    attempt = PaymentAttempt(
        id=new_id(),
        org_id=actor.org_id,
        ticket_id=payment.ticket_id,
        amount_minor=amount_minor,
        currency=payment.currency,
        status="created",
        stripe_payment_intent_id=payment.stripe_payment_intent_id,
        kind="refund",
        refund_of=payment.id,
        detail=json.dumps(detail),
    )
    uow.session.add(attempt)
    record_audit(
        uow, actor, action, entity="payment", entity_id=payment.id, outcome="ok",
        detail="card refund sent to the provider",
    )  # fmt: skip
    uow.commit()
    return attempt


def unfinished(uow: UnitOfWork, org_id: str) -> list[str]:
    return list(
        uow.session.scalars(
            select(PaymentAttempt.id)
            .where(
                PaymentAttempt.org_id == org_id,
                PaymentAttempt.kind == "refund",
                PaymentAttempt.status.in_(IN_FLIGHT),
            )
            .order_by(PaymentAttempt.created_at, PaymentAttempt.id)
        )
    )


def send(
    uow: UnitOfWork, actor: Actor, terminal: CardTerminal, attempt: PaymentAttempt
) -> CardOutcome:
    try:
        state = _found_at_provider(uow, terminal, attempt) or terminal.refund(
            key=attempt.id,
            intent_id=attempt.stripe_payment_intent_id or "",
            amount_minor=attempt.amount_minor,
        )
    except TerminalUnreachable:
        _note(uow, attempt, "created", UNREACHABLE)
        return CardOutcome("pending", None, UNREACHABLE)
    except TerminalRefused as err:
        return _failed(uow, attempt, str(err))
    if state.status in ("failed", "canceled"):
        return _failed(uow, attempt, f"the refund {state.status}")
    return CardOutcome("refunded", _finish(uow, actor, attempt, state.id), "")


def _found_at_provider(
    uow: UnitOfWork, terminal: CardTerminal, attempt: PaymentAttempt
) -> RefundState | None:
    """For an attempt older than the provider's key memory: its refund, if it was made."""
    if now() - attempt.created_at < KEY_LIFETIME:
        return None
    known = set(
        uow.session.scalars(
            select(Refund.stripe_refund_id)
            .join(Payment, Payment.id == Refund.payment_id)
            .where(Payment.stripe_payment_intent_id == attempt.stripe_payment_intent_id)
        )
    )
    for state in terminal.refunds_between(attempt.created_at - dt.timedelta(minutes=5), now()):
        same = (state.intent_id, state.amount_minor) == (
            attempt.stripe_payment_intent_id,
            attempt.amount_minor,
        )
        if same and state.id not in known:
            return state
    return None


def _finish(uow: UnitOfWork, actor: Actor, attempt: PaymentAttempt, stripe_refund_id: str) -> str:
    row = uow.session.scalar(select(Refund).where(Refund.stripe_refund_id == stripe_refund_id))
    if row is None:
        payment = uow.session.get(Payment, attempt.refund_of)
        assert payment is not None  # the attempt was made from it
        detail = json.loads(attempt.detail)
        row = write_refund(
            uow,
            actor,
            payment,
            attempt.amount_minor,
            str(detail.get("reason", "")),
            staff_id=detail.get("staff_id"),
            action=Action(detail.get("action", Action.PAYMENT_REFUND.value)),
            stripe_refund_id=stripe_refund_id,
            restock_line_ids=tuple(detail.get("restock_line_ids", ())),
        )
    _note(uow, attempt, "succeeded", "")
    return row.id


def _failed(uow: UnitOfWork, attempt: PaymentAttempt, why: str) -> CardOutcome:
    _note(uow, attempt, "failed", why)
    message = f"The card provider refused the refund ({why}). Nothing was refunded."
    return CardOutcome("failed", None, message)


def _note(uow: UnitOfWork, attempt: PaymentAttempt, status: str, error: str) -> None:
    attempt.status = status
    attempt.last_error = error[:500]
    attempt.updated_at = now()
    uow.commit()
