"""Gift cards: sold on a ticket, spent as a tender, balance always the sum of a ledger.

Public API (off the GUI thread; results are frozen):

- ``SellGiftCard(ticket_id, amount_minor, code="")`` -> ``sell_gift_card``: a gift card
  line; ``code`` is a physical card's printed code, or one is made. The card becomes usable
  when the ticket is paid (``ticket_close``).
- ``gift_card_balance(code, *, uow, actor) -> GiftCardInfo``: balance, status and history.
- ``usable_card(uow, code, currency) -> (GiftCard, balance)``: for a gift card tender.
- ``new_code()``: 16 characters in four groups, no look-alike letters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.errors import NotFound, RuleViolation, ValidationError
from medspa_desktop.services.ticket_catalogue import catalogue_item
from medspa_desktop.services.tickets import add_catalogue_line
from medspa_desktop.services.tickets_read import TicketView, open_ticket_row
from medspa_desktop.services.writes import save_new
from medspa_desktop.store.models import GiftCard, GiftCardLedger, Location
from medspa_desktop.store.uow import UnitOfWork

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I: read over the phone and typed from a plastic card."""


@dataclass(frozen=True)
class SellGiftCard:
    ticket_id: str
    amount_minor: int
    code: str = ""


@dataclass(frozen=True)
class GiftCardMovement:
    kind: str
    amount_minor: int
    at: dt.datetime


@dataclass(frozen=True)
class GiftCardInfo:
    id: str
    code: str
    status: str
    balance_minor: int
    currency: str
    expires_at: dt.datetime | None
    history: tuple[GiftCardMovement, ...]


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalise(code: str) -> str:
    """What was typed, as stored: upper case, groups of four joined by hyphens."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def sell_gift_card(cmd: SellGiftCard, *, uow: UnitOfWork, actor: Actor) -> TicketView:
    authorize(uow, actor, Action.GIFT_CARD_SELL, entity="gift_card")
    ticket = open_ticket_row(uow, actor, cmd.ticket_id)
    location = uow.session.get(Location, ticket.location_id)
    assert location is not None
    item = catalogue_item(uow, location, "gift_card", None, cmd.amount_minor)
    code = normalise(cmd.code) if cmd.code.strip() else new_code()
    if len(code.replace("-", "")) < 8:
        raise ValidationError({"code": "A gift card code has at least 8 letters and digits."})
    if uow.session.scalar(select(GiftCard.id).where(GiftCard.code == code)):
        raise RuleViolation(f"Gift card {code} already exists. Check the card, or sell another.")
    values = {
        "code": code,
        "initial_minor": cmd.amount_minor,
        "currency": ticket.currency,
        "client_id": ticket.client_id,
        "status": "pending",
    }
    card = GiftCard(org_id=actor.org_id, **values)
    save_new(
        uow, actor, card, values, entity="gift_card", action=Action.GIFT_CARD_SELL, commit=False
    )
    sold = item.named(f"Gift card {code}")
    return add_catalogue_line(uow, actor, ticket, dataclasses.replace(sold, item_id=card.id), None)


def balance_of(uow: UnitOfWork, card_id: str) -> int:
    total = uow.session.scalar(
        select(func.coalesce(func.sum(GiftCardLedger.amount_minor), 0)).where(
            GiftCardLedger.gift_card_id == card_id, GiftCardLedger.deleted.is_(False)
        )
    )
    return int(total or 0)


def usable_card(uow: UnitOfWork, code: str, currency: str) -> tuple[GiftCard, int]:
    card = _card(uow, code)
    if card.status == "pending":
        raise RuleViolation(f"Gift card {card.code} is not paid for yet, so it cannot be spent.")
    if card.status == "void":
        raise RuleViolation(f"Gift card {card.code} was cancelled and cannot be spent.")
    if card.expires_at is not None and card.expires_at < dt.datetime.now(dt.UTC):
        raise RuleViolation(f"Gift card {card.code} expired on {card.expires_at:%d %b %Y}.")
    if card.currency != currency:
        raise RuleViolation(f"Gift card {card.code} is in {card.currency}, not {currency}.")
    balance = balance_of(uow, card.id)
    if balance <= 0:
        raise RuleViolation(f"Gift card {card.code} has nothing left on it.")
    return card, balance


def gift_card_balance(code: str, *, uow: UnitOfWork, actor: Actor) -> GiftCardInfo:
    authorize(uow, actor, Action.GIFT_CARD_VIEW, entity="gift_card")
    card = _card(uow, code)
    rows = uow.session.scalars(
        select(GiftCardLedger)
        .where(GiftCardLedger.gift_card_id == card.id, GiftCardLedger.deleted.is_(False))
        .order_by(GiftCardLedger.at, GiftCardLedger.id)
    )
    history = tuple(GiftCardMovement(r.kind, r.amount_minor, r.at) for r in rows)
    return GiftCardInfo(
        card.id,
        card.code,
        card.status,
        sum(m.amount_minor for m in history),
        card.currency,
        card.expires_at,
        history,
    )


def _card(uow: UnitOfWork, code: str) -> GiftCard:
    card = uow.session.scalar(
        select(GiftCard).where(GiftCard.code == normalise(code), GiftCard.deleted.is_(False))
    )
    if card is None:
        raise NotFound(f"No gift card {normalise(code) or code!r}. Check the code on the card.")
    return card
