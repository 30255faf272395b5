"""Paying and refunding a ticket in exact minor units: tenders, balance, change, refunds.

The rules the front desk relies on:

* A ticket closes only when its tenders add up to its total exactly, to the minor unit.
* Cash may be handed over in excess: the change is given back and the cash tender recorded
  is the amount that was due, not the notes handed over, so the drawer balances.
* Card, gift card and pay-later tenders cannot exceed what is still owed; there is no
  "change" on a card.
* Every tender and every refund is more than zero, and the refunds against a payment never
  add up to more than was paid.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from medspa_desktop.domain.ticket_rounding import TicketMathError, money_text, require_whole

TenderKind = Literal["card", "cash", "gift_card", "pay_later"]
TENDER_KINDS: tuple[TenderKind, ...] = ("card", "cash", "gift_card", "pay_later")
_SPOKEN = {"card": "card", "cash": "cash", "gift_card": "gift card", "pay_later": "pay-later"}


@dataclass(frozen=True)
class Tender:
    """One way part of a ticket was paid, and how much (minor units, always above zero)."""

    kind: TenderKind
    amount_minor: int

    def __post_init__(self) -> None:
        if self.kind not in TENDER_KINDS:
            spoken = ", ".join(_SPOKEN[kind] for kind in TENDER_KINDS)
            raise TicketMathError(f"Payment is by {spoken}; not {self.kind!r}")
        require_whole("A payment's amount", self.amount_minor)
        if self.amount_minor <= 0:
            raise TicketMathError("A payment must be more than zero")


@dataclass(frozen=True)
class TakenTender:
    """A tender as recorded on the ticket, and the cash change to hand back (0 if none)."""

    tender: Tender
    change_minor: int


def tendered(tenders: Iterable[Tender]) -> int:
    """The sum of the tenders taken so far."""
    return sum(tender.amount_minor for tender in tenders)


def balance_due(total: int, tenders: Iterable[Tender], refunds: int = 0) -> int:
    """What is still owed: ``total − tenders + refunds``.

    Money refunded is no longer paid, so it is owed again. A negative result means the client
    has paid more than the total (which :func:`take_tender` never lets happen).
    """
    if refunds < 0:
        raise TicketMathError("Refunds cannot be negative")
    return total - tendered(tenders) + refunds


def can_close(total: int, tenders: Iterable[Tender]) -> bool:
    """Whether the ticket may close: only when the tenders add up to the total exactly."""
    return tendered(tenders) == total


def cash_change(amount_due_minor: int, tendered_minor: int) -> int:
    """Change to hand back for cash: what was handed over beyond the amount due, or 0."""
    if amount_due_minor < 0:
        raise TicketMathError("The amount due cannot be negative")
    if tendered_minor <= 0:
        raise TicketMathError("A payment must be more than zero")
    return max(0, tendered_minor - amount_due_minor)


def take_tender(
    total: int,
    tenders: Iterable[Tender],
    kind: TenderKind,
    offered_minor: int,
    *,
    currency: str = "USD",
) -> TakenTender:
    """Record one more tender against a ticket that already has ``tenders``.

    Cash over the balance is recorded as the balance with the excess as change; any other
    tender over the balance is refused, with the amount that would be accepted.
    """
    if offered_minor <= 0:
        raise TicketMathError("A payment must be more than zero")
    owed = balance_due(total, tenders)
    if owed <= 0:
        raise TicketMathError("This ticket is already paid in full")
    if kind == "cash":
        change = cash_change(owed, offered_minor)
        return TakenTender(Tender("cash", offered_minor - change), change)
    tender = Tender(kind, offered_minor)
    if offered_minor > owed:
        raise TicketMathError(
            f"A {_SPOKEN[kind]} payment of {money_text(offered_minor, currency)} is more than"
            f" the {money_text(owed, currency)} still owed; take {money_text(owed, currency)}"
            " or less"
        )
    return TakenTender(tender, 0)


def refundable(paid_minor: int, refunded_minor: int) -> int:
    """What can still be refunded on a payment: paid less what was already refunded."""
    if paid_minor < 0 or refunded_minor < 0:
        raise TicketMathError("A payment and its refunds cannot be negative")
    if refunded_minor > paid_minor:
        raise TicketMathError("More has been refunded than was paid; ask a manager to check")
    return paid_minor - refunded_minor


def check_refund(
    payment_amount: int, already_refunded: int, amount: int, *, currency: str = "USD"
) -> None:
    """Refuse a refund that is not above zero or would take back more than was paid."""
    if amount <= 0:
        raise TicketMathError("A refund must be more than zero")
    left = refundable(payment_amount, already_refunded)
    if amount > left:
        raise TicketMathError(
            f"A refund of {money_text(amount, currency)} is more than the "
            f"{money_text(left, currency)} left to refund on this payment "
            f"(paid {money_text(payment_amount, currency)})"
        )
