"""The payment ledger: one row per sum of money taken against a ticket; never updated.

Public API (inside the caller's unit of work; never commits):

- ``record_payment(uow, actor, ticket, tender, amount_minor, **card) -> Payment``: appends
  the payment with its outbox mutation and audit entry, then closes the ticket when it is
  paid in full (``ticket_close.close_ticket``). ``owed_before``: what was owed before it,
  when the caller has just worked it out (saves reading the ledger again). ``card`` holds
  what may be kept of a card: ``stripe_payment_intent_id``, ``card_brand``,
  ``card_last4``; nothing else of a card is ever stored.
- ``owed_minor(uow, ticket) -> int``: what is still owed on an open ticket.
"""

from __future__ import annotations

from typing import Any

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.ticket_math import TENDER_KINDS
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import RuleViolation
from medspa_desktop.services.ticket_close import close_ticket
from medspa_desktop.services.tickets_read import paid_minor
from medspa_desktop.services.writes import save_new
from medspa_desktop.store.models import Payment, Ticket
from medspa_desktop.store.uow import UnitOfWork

CARD_FIELDS = frozenset({"stripe_payment_intent_id", "card_brand", "card_last4", "gift_card_id"})


def owed_minor(uow: UnitOfWork, ticket: Ticket) -> int:
    return ticket.total_minor - paid_minor(uow, ticket.id)


def record_payment(
    uow: UnitOfWork,
    actor: Actor,
    ticket: Ticket,
    tender: str,
    amount_minor: int,
    *,
    owed_before: int | None = None,
    **card: Any,
) -> Payment:
    if tender not in TENDER_KINDS:
        raise RuleViolation(f"Unknown way to pay {tender!r}.")
    if set(card) - CARD_FIELDS:
        raise RuleViolation("Only a card's Stripe ids, brand and last four digits are kept.")
    last4 = str(card.get("card_last4") or "")
    if last4 and not (len(last4) == 4 and last4.isdigit()):
        raise RuleViolation("A card is kept by its last four digits only.")
    values = {
        "ticket_id": ticket.id,
        "client_id": ticket.client_id,
        "tender": tender,
        "amount_minor": amount_minor,
        "currency": ticket.currency,
        "received_at": now(),
        "staff_id": actor.staff_id,
        **card,
    }
    payment = Payment(org_id=actor.org_id, **values)
    save_new(
        uow, actor, payment, values, entity="payment", action=Action.PAYMENT_TAKE, commit=False
    )
    owed = owed_minor(uow, ticket) if owed_before is None else owed_before - amount_minor
    if owed == 0:
        close_ticket(uow, actor, ticket)
    return payment
