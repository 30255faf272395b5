"""The stored side of card attempts: reading, finishing and recording one exactly once.

Public API (used by ``card_payments`` and the refund service; worker threads):

- ``AttemptInfo``: a frozen view of a ``PaymentAttempt`` (never a card number: there is none).
- ``load_attempt(uow, attempt_id)``, ``attempt_info(row)``.
- ``finish(uows, attempt_id, status, message) -> AttemptInfo``: ends an attempt unpaid.
- ``record_card_payment(uows, attempt_id, intent) -> AttemptInfo``: the ``Payment`` row and
  the attempt's ``succeeded`` in one transaction; an attempt that already has its payment
  is returned as it is, so recording twice is impossible.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.domain.card_terminal import IntentState
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import NotFound
from medspa_desktop.services.payments_ledger import record_payment
from medspa_desktop.store.models import PaymentAttempt, Staff, Ticket
from medspa_desktop.store.uow import UnitOfWork


@dataclass(frozen=True)
class AttemptInfo:
    id: str
    ticket_id: str
    kind: str
    status: str
    amount_minor: int
    currency: str
    message: str
    payment_id: str | None
    intent_id: str | None
    created_at: dt.datetime

    @property
    def finished(self) -> bool:
        return self.status in ("succeeded", "failed", "cancelled")


def load_attempt(uow: UnitOfWork, attempt_id: str) -> PaymentAttempt:
    attempt = uow.session.get(PaymentAttempt, attempt_id)
    if attempt is None:
        raise NotFound("That card payment is not on this device.")
    return attempt


def attempt_info(row: PaymentAttempt) -> AttemptInfo:
    return AttemptInfo(
        row.id,
        row.ticket_id,
        row.kind,
        row.status,
        row.amount_minor,
        row.currency,
        row.last_error,
        row.payment_id,
        row.stripe_payment_intent_id,
        row.created_at,
    )


def finish(
    uows: Callable[[], UnitOfWork], attempt_id: str, status: str, message: str
) -> AttemptInfo:
    with uows() as uow:
        attempt = load_attempt(uow, attempt_id)
        if attempt.status in ("created", "processing"):
            attempt.status, attempt.last_error, attempt.updated_at = status, message, now()
            uow.commit()
        return attempt_info(attempt)


def record_card_payment(
    uows: Callable[[], UnitOfWork], attempt_id: str, intent: IntentState
) -> AttemptInfo:
    with uows() as uow:
        attempt = load_attempt(uow, attempt_id)
        if attempt.payment_id is not None:
            return attempt_info(attempt)
        ticket = uow.session.get(Ticket, attempt.ticket_id)
        assert ticket is not None, "an attempt's ticket is never deleted"
        payment = record_payment(
            uow,
            attempt_actor(uow, attempt, ticket),
            ticket,
            "card",
            intent.amount_minor,
            stripe_payment_intent_id=intent.id,
            card_brand=intent.card_brand[:20],
            card_last4=intent.card_last4,
        )
        attempt.status, attempt.payment_id = "succeeded", payment.id
        attempt.last_error, attempt.updated_at = "", now()
        uow.commit()
        return attempt_info(attempt)


def attempt_actor(uow: UnitOfWork, attempt: PaymentAttempt, ticket: Ticket) -> Actor:
    """Who took the payment: the staff member who started the attempt (also when a restart
    finishes it before anyone has logged in)."""
    detail = json.loads(attempt.detail or "{}")
    staff = uow.session.get(Staff, detail.get("staff_id", ""))
    return Actor(
        staff_id=staff.id if staff else "",
        org_id=attempt.org_id,
        role=Role(staff.role) if staff else Role.FRONT_DESK,
        device_id=uow.device_id,
        location_id=ticket.location_id,
        display_name=staff.display_name if staff else "",
    )
