"""The card ledger side of ``services.reconcile``: the local day as a UTC window, the day's
card payments and refunds here, where Stripe's listed ones are recorded, and the look-ups
at Stripe for what its listing missed.

Used only by ``services.reconcile``. ``read_ledger`` reads the database (inside the caller's
unit of work); ``complete_lookups`` asks Stripe: call it with no transaction open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Executable, select

from medspa_desktop.domain.card_terminal import (
    CardTerminal,
    IntentState,
    RefundState,
    TerminalRefused,
)
from medspa_desktop.domain.money import Money
from medspa_desktop.store.models import Payment, PaymentAttempt, Refund, Ticket
from medspa_desktop.store.uow import UnitOfWork

SLACK = dt.timedelta(minutes=10)
"""Stripe is asked for this much either side of the day, so a payment recorded a moment
after Stripe created it (across midnight, or with a device clock a little off) still pairs."""
REFUND_LOOK_BACK = dt.timedelta(days=7)
"""How far back a refund recorded today is looked for at Stripe (it may have been made long
before its answer came back)."""
CHUNK = 500
"""Ids per ``IN (...)`` query, well under SQLite's limit on parameters."""


@dataclass(frozen=True)
class Day:
    """The local day of a location as a UTC window ``[start, end)``."""

    location_id: str
    day: dt.date
    zone: ZoneInfo
    currency: str
    start: dt.datetime
    end: dt.datetime

    @classmethod
    def of(cls, location_id: str, day: dt.date, zone: ZoneInfo, currency: str) -> Day:
        start = dt.datetime.combine(day, dt.time(), zone).astimezone(dt.UTC)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone).astimezone(dt.UTC)
        return cls(location_id, day, zone, currency, start, end)

    def holds(self, moment: dt.datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    def clock(self, moment: dt.datetime | None) -> str:
        if moment is None:
            return "an unknown time"
        local = moment.astimezone(self.zone)
        return f"{local:%H:%M}" if local.date() == self.day else f"{local:%d %b %H:%M}"

    def money(self, minor: int, currency: str = "") -> str:
        return Money(minor, (currency or self.currency).upper()).format()


@dataclass(frozen=True)
class Entry:
    """A card payment or card refund recorded here."""

    stripe_id: str
    amount_minor: int
    currency: str
    at: dt.datetime
    ticket_number: str


class Place(NamedTuple):
    location_id: str
    ticket_number: str


@dataclass
class Ledger:
    payments: list[Entry]
    refunds: list[Entry]
    intents: dict[str, IntentState | None]
    """Stripe's payment intents by id; ``None``: Stripe has no such intent."""
    stripe_refunds: dict[str, RefundState]
    payment_places: dict[str, Place]
    """Where each listed intent (and each listed refund's intent) is recorded, any day."""
    refund_places: dict[str, Place]
    attempt_places: dict[str, Place]
    """Card payments started on this computer, by attempt id (``metadata[attempt]``)."""


def read_ledger(
    uow: UnitOfWork, day: Day, intents: dict[str, IntentState], refunds: dict[str, RefundState]
) -> Ledger:
    """The day's card payments and refunds here, and where Stripe's listed ones are recorded."""
    paid_with = [*intents, *(refund.intent_id for refund in refunds.values())]
    attempts = [intent.attempt_id for intent in intents.values() if intent.attempt_id]
    return Ledger(
        payments=_card_payments(uow, day),
        refunds=_card_refunds(uow, day),
        intents=dict(intents),
        stripe_refunds=dict(refunds),
        payment_places=_places(uow, paid_with, _payment_places),
        refund_places=_places(uow, refunds, _refund_places),
        attempt_places=_places(uow, attempts, _attempt_places),
    )


def complete_lookups(ledger: Ledger, day: Day, terminal: CardTerminal) -> None:
    """Ask Stripe for what the listing missed: each recorded intent one by one, and refunds
    further back. Network only: call it with no transaction open."""
    for entry in ledger.payments:
        if entry.stripe_id and entry.stripe_id not in ledger.intents:
            ledger.intents[entry.stripe_id] = _find_intent(terminal, entry.stripe_id)
    unlisted = [e for e in ledger.refunds if e.stripe_id not in ledger.stripe_refunds]
    if unlisted:
        earliest = min(entry.at for entry in unlisted) - REFUND_LOOK_BACK
        for refund in terminal.refunds_between(earliest, day.end + SLACK):
            ledger.stripe_refunds.setdefault(refund.id, refund)


def _find_intent(terminal: CardTerminal, intent_id: str) -> IntentState | None:
    try:
        return terminal.find_intent(intent_id)
    except TerminalRefused as err:
        if err.code == "resource_missing":
            return None
        raise


def _card_payments(uow: UnitOfWork, day: Day) -> list[Entry]:
    rows = uow.session.execute(
        select(
            Payment.stripe_payment_intent_id,
            Payment.amount_minor,
            Payment.currency,
            Payment.received_at,
            Ticket.number,
        )
        .join(Ticket, Ticket.id == Payment.ticket_id)
        .where(
            Ticket.location_id == day.location_id,
            Payment.tender == "card",
            Payment.deleted.is_(False),
            Payment.received_at >= day.start,
            Payment.received_at < day.end,
        )
        .order_by(Payment.received_at, Payment.id)
    )
    return [
        Entry(pi or "", amount, currency, at, number) for pi, amount, currency, at, number in rows
    ]


def _card_refunds(uow: UnitOfWork, day: Day) -> list[Entry]:
    rows = uow.session.execute(
        select(
            Refund.stripe_refund_id, Refund.amount_minor, Payment.currency, Refund.at, Ticket.number
        )
        .join(Payment, Payment.id == Refund.payment_id)
        .join(Ticket, Ticket.id == Payment.ticket_id)
        .where(
            Ticket.location_id == day.location_id,
            Payment.tender == "card",
            Refund.stripe_refund_id.is_not(None),
            Refund.deleted.is_(False),
            Refund.at >= day.start,
            Refund.at < day.end,
        )
        .order_by(Refund.at, Refund.id)
    )
    return [
        Entry(re or "", amount, currency, at, number) for re, amount, currency, at, number in rows
    ]


def _places(
    uow: UnitOfWork, ids: Iterable[str], query: Callable[[list[str]], Executable]
) -> dict[str, Place]:
    wanted, found = sorted(set(ids)), {}
    for first in range(0, len(wanted), CHUNK):
        for key, location_id, number in uow.session.execute(query(wanted[first : first + CHUNK])):
            found[key] = Place(location_id, number)
    return found


def _payment_places(ids: list[str]) -> Executable:
    return (
        select(Payment.stripe_payment_intent_id, Ticket.location_id, Ticket.number)
        .join(Ticket, Ticket.id == Payment.ticket_id)
        .where(
            Payment.stripe_payment_intent_id.in_(ids),
            Payment.tender == "card",
            Payment.deleted.is_(False),
        )
    )


def _refund_places(ids: list[str]) -> Executable:
    return (
        select(Refund.stripe_refund_id, Ticket.location_id, Ticket.number)
        .join(Payment, Payment.id == Refund.payment_id)
        .join(Ticket, Ticket.id == Payment.ticket_id)
        .where(Refund.stripe_refund_id.in_(ids), Refund.deleted.is_(False))
    )


def _attempt_places(ids: list[str]) -> Executable:
    return (
        select(PaymentAttempt.id, Ticket.location_id, Ticket.number)
        .join(Ticket, Ticket.id == PaymentAttempt.ticket_id)
        .where(PaymentAttempt.id.in_(ids), PaymentAttempt.kind == "payment")
    )
