"""Appending to a gift card's balance ledger (never updated; the balance is its sum).

``add_movement(uow, actor, card_id, amount_minor, kind, *, action, payment_id=None,
staff_id=..., at=None)`` inside the caller's transaction: ``kind`` ``issue`` (+), ``redeem``
(-), ``refund`` (+) or ``adjust``; written with its outbox mutation and audit entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.common import now
from medspa_desktop.services.writes import save_new
from medspa_desktop.store.models import GiftCardLedger
from medspa_desktop.store.uow import UnitOfWork

_ACTOR = object()


def add_movement(
    uow: UnitOfWork,
    actor: Actor,
    card_id: str,
    amount_minor: int,
    kind: str,
    *,
    action: Action,
    payment_id: str | None = None,
    staff_id: str | object | None = _ACTOR,
    at: dt.datetime | None = None,
) -> GiftCardLedger:
    """``staff_id`` defaults to the actor's (a refund finished later names who asked)."""
    values: dict[str, Any] = {
        "gift_card_id": card_id,
        "amount_minor": amount_minor,
        "kind": kind,
        "payment_id": payment_id,
        "at": at or now(),
        "staff_id": actor.staff_id if staff_id is _ACTOR else staff_id,
    }
    row = GiftCardLedger(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity="gift_card_ledger", action=action, commit=False)
    return row
