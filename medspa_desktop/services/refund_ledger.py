"""Writing one refund: its ledger row, a gift card's money back, products back on the shelf.

Public API (inside the caller's unit of work; never commits):

- ``write_refund(uow, actor, payment, amount_minor, reason, *, staff_id, action,
  stripe_refund_id=None, restock_line_ids=()) -> Refund``: appends the ``Refund`` row (a
  payment is never changed); a gift card payment gets a ``refund`` entry on the card's
  ledger; chosen product lines go back on the lots they were sold from.
- ``refunded_minor(uow, payment_id) -> int``: refunded so far plus card refunds on their
  way to the provider (so two refunds in flight cannot add up to more than was paid).
- ``check_restock(uow, payment, line_ids)``: refuses lines that are not products of the
  payment's ticket or have nothing left to put back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import RuleViolation
from medspa_desktop.services.gift_card_ledger import add_movement
from medspa_desktop.services.writes import save_new
from medspa_desktop.store.models import (
    InventoryMovement,
    Payment,
    PaymentAttempt,
    Refund,
    TicketLine,
)
from medspa_desktop.store.uow import UnitOfWork

IN_FLIGHT = ("created", "processing")
"""Statuses of a card refund attempt that may still reach the provider."""


def refunded_minor(uow: UnitOfWork, payment_id: str) -> int:
    written = uow.session.scalar(
        select(func.coalesce(func.sum(Refund.amount_minor), 0)).where(
            Refund.payment_id == payment_id, Refund.deleted.is_(False)
        )
    )
    in_flight = uow.session.scalar(
        select(func.coalesce(func.sum(PaymentAttempt.amount_minor), 0)).where(
            PaymentAttempt.kind == "refund",
            PaymentAttempt.refund_of == payment_id,
            PaymentAttempt.status.in_(IN_FLIGHT),
        )
    )
    return int(written or 0) + int(in_flight or 0)


def check_restock(uow: UnitOfWork, payment: Payment, line_ids: Iterable[str]) -> None:
    for line_id in line_ids:
        line = uow.session.get(TicketLine, line_id)
        if line is None or line.deleted or line.ticket_id != payment.ticket_id:
            raise RuleViolation("Only products sold on this payment's ticket can be restocked.")
        if line.kind != "product":
            raise RuleViolation(f"{line.description} is not a product, so it has no stock.")
        if not _left_to_return(uow, line.id):
            raise RuleViolation(
                f"{line.description} has nothing to put back on the shelf: it is already "
                "back, or it never left stock. Refund without restocking it."
            )


def write_refund(
    uow: UnitOfWork,
    actor: Actor,
    payment: Payment,
    amount_minor: int,
    reason: str,
    *,
    staff_id: str | None,
    action: Action,
    stripe_refund_id: str | None = None,
    restock_line_ids: Iterable[str] = (),
) -> Refund:
    restocked = [_restock(uow, actor, line_id, action) for line_id in restock_line_ids]
    values: dict[str, Any] = {
        "payment_id": payment.id,
        "amount_minor": amount_minor,
        "reason": reason[:200],
        "stripe_refund_id": stripe_refund_id,
        "restock": any(restocked),
        "at": now(),
        "staff_id": staff_id,
    }
    row = Refund(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity="refund", action=action, commit=False)
    if payment.tender == "gift_card" and payment.gift_card_id:
        _back_on_card(uow, actor, payment, amount_minor, staff_id, action)
    return row


def _back_on_card(
    uow: UnitOfWork,
    actor: Actor,
    payment: Payment,
    amount_minor: int,
    staff_id: str | None,
    action: Action,
) -> None:
    card_id = payment.gift_card_id or ""
    add_movement(
        uow, actor, card_id, amount_minor, "refund", action=action, payment_id=payment.id,
        staff_id=staff_id,
    )  # fmt: skip


def _left_to_return(uow: UnitOfWork, line_id: str) -> dict[str, int]:
    """``{lot id: quantity}`` sold on the line and not yet returned, per lot."""
    rows = uow.session.execute(
        select(InventoryMovement.lot_id, func.sum(InventoryMovement.quantity))
        .where(
            InventoryMovement.ticket_line_id == line_id,
            InventoryMovement.kind.in_(("sale", "return")),
            InventoryMovement.deleted.is_(False),
        )
        .group_by(InventoryMovement.lot_id)
    )
    return {lot_id: -int(net) for lot_id, net in rows if net < 0}


def _restock(uow: UnitOfWork, actor: Actor, line_id: str, action: Action) -> bool:
    # NOTE: worked out again when the refund is written, not when it was asked for: a card
    # refund may complete later, after another refund has already put the line back.
    left = _left_to_return(uow, line_id)
    for lot_id, quantity in left.items():
        values: dict[str, Any] = {
            "lot_id": lot_id,
            "quantity": quantity,
            "kind": "return",
            "ticket_line_id": line_id,
            "at": now(),
            "staff_id": actor.staff_id,
            "reason": "refunded",
        }
        row = InventoryMovement(org_id=actor.org_id, **values)
        save_new(uow, actor, row, values, entity="inventory_movement", action=action, commit=False)
    return bool(left)
