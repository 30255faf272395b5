"""The matching behind ``services.reconcile``: pair the day's card payments and refunds
with Stripe's by Stripe id, and explain every difference with what to do about it.

Used only by ``services.reconcile``; pure (the ledger comes from ``reconcile_ledger``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from medspa_desktop.domain.card_terminal import (
    REQUIRES_CAPTURE,
    SUCCEEDED,
    IntentState,
    RefundState,
)
from medspa_desktop.services.reconcile_ledger import Day, Entry, Ledger, Place

TAKEN = (SUCCEEDED, REQUIRES_CAPTURE)
REFUNDED = ("succeeded", "pending")
MISSING_LOCALLY = "missing_locally"
MISSING_AT_STRIPE = "missing_at_stripe"
AMOUNT_DIFFERS = "amount_differs"
REFUND_MISSING_LOCALLY = "refund_missing_locally"
REFUND_MISSING_AT_STRIPE = "refund_missing_at_stripe"
REFUND_AMOUNT_DIFFERS = "refund_amount_differs"


@dataclass(frozen=True)
class Difference:
    kind: str
    """``missing_locally``, ``missing_at_stripe``, ``amount_differs`` or the same three
    prefixed ``refund_``."""
    stripe_id: str
    """The payment intent or refund (``""`` for a card payment recorded with none)."""
    amount_stripe: int | None
    amount_local: int | None
    explanation: str
    """What happened and what to do, fit to show to a manager."""


@dataclass
class Tally:
    stripe_minor: int = 0
    local_minor: int = 0
    matched: int = 0
    other_day: int = 0
    differences: list[Difference] = field(default_factory=list)

    def differ(
        self, kind: str, stripe_id: str, stripe: int | None, local: int | None, text: str
    ) -> None:
        self.differences.append(Difference(kind, stripe_id, stripe, local, text))


def match_charges(day: Day, ledger: Ledger) -> Tally:
    tally, accounted = Tally(), set[str]()
    for entry in ledger.payments:
        twice = bool(entry.stripe_id) and entry.stripe_id in accounted
        accounted.add(entry.stripe_id)
        intent = None if twice else ledger.intents.get(entry.stripe_id)
        _compare_charge(day, entry, intent, tally, twice=twice)
    for intent in ledger.intents.values():
        if intent is None or intent.id in accounted or intent.status not in TAKEN:
            continue
        if day.holds(intent.created):
            _unrecorded_charge(day, ledger, intent, tally)
    return tally


def match_refunds(day: Day, ledger: Ledger) -> Tally:
    tally = Tally()
    for entry in ledger.refunds:
        _compare_refund(day, entry, ledger.stripe_refunds.get(entry.stripe_id), tally)
    recorded = {entry.stripe_id for entry in ledger.refunds}
    for refund in ledger.stripe_refunds.values():
        if refund.id not in recorded and refund.status in REFUNDED and day.holds(refund.created):
            _unrecorded_refund(day, ledger, refund, tally)
    return tally


def _compare_charge(
    day: Day, entry: Entry, intent: IntentState | None, tally: Tally, *, twice: bool
) -> None:
    tally.local_minor += entry.amount_minor
    recorded = f"{day.money(entry.amount_minor, entry.currency)} recorded at {day.clock(entry.at)}"
    if intent is None or intent.status not in TAKEN:
        tally.differ(
            MISSING_AT_STRIPE, entry.stripe_id, None, entry.amount_minor,
            f"A card payment of {recorded} on ticket {entry.ticket_number} "
            f"{_not_charged(entry, intent, twice)}. The client may not have paid: check the ticket "
            "and the Stripe dashboard, and take the payment again only if Stripe has no charge.",
        )  # fmt: skip
        return
    tally.stripe_minor += intent.amount_minor
    if (intent.amount_minor, intent.currency.upper()) == (entry.amount_minor, entry.currency):
        tally.matched += 1
        return
    tally.differ(
        AMOUNT_DIFFERS, intent.id, intent.amount_minor, entry.amount_minor,
        f"Stripe charged {day.money(intent.amount_minor, intent.currency)} ({intent.id}) for the "
        f"card payment of {recorded} on ticket {entry.ticket_number}; check the charge in the "
        "Stripe dashboard, then correct the ticket with a refund or a further payment.",
    )  # fmt: skip


def _not_charged(entry: Entry, intent: IntentState | None, twice: bool) -> str:
    if twice:
        return f"records Stripe payment {entry.stripe_id} a second time (Stripe took it once)"
    if not entry.stripe_id:
        return "has no Stripe reference"
    if intent is None:
        return (
            f"is not known to Stripe ({entry.stripe_id}; was it taken with another Stripe account?)"
        )
    status = intent.status.replace("_", " ")
    return f"is {status} at Stripe ({entry.stripe_id}), so the card was not charged"


def _unrecorded_charge(day: Day, ledger: Ledger, intent: IntentState, tally: Tally) -> None:
    place = ledger.payment_places.get(intent.id)
    if place is not None:  # recorded on another day, or at another location
        tally.other_day += place.location_id == day.location_id
        return
    started = ledger.attempt_places.get(intent.attempt_id)
    if started is not None and started.location_id != day.location_id:
        return
    tally.stripe_minor += intent.amount_minor
    card = intent.card_brand or "card"
    card = f"{card} •••• {intent.card_last4}" if intent.card_last4 else card
    took = "charged" if intent.status == SUCCEEDED else "authorised (not yet captured)"
    head = (
        f"Stripe {took} {day.money(intent.amount_minor, intent.currency)} ({card}) at "
        f"{day.clock(intent.created)} with no payment recorded ({intent.id})"
    )
    text = f"{head}; {_what_to_do(intent, started)}."
    tally.differ(MISSING_LOCALLY, intent.id, intent.amount_minor, None, text)


def _what_to_do(intent: IntentState, started: Place | None) -> str:
    if started is not None:
        return (
            f"it was taken on this computer for ticket {started.ticket_number}: open that "
            "ticket (the app records the payment when it next checks it, at the latest on restart)"
        )
    if intent.attempt_id:
        return (
            f"check the ticket of attempt {intent.attempt_id}, it may still be syncing from "
            "another device"
        )
    return "it was not taken through this app: look it up in the Stripe dashboard"


def _compare_refund(day: Day, entry: Entry, refund: RefundState | None, tally: Tally) -> None:
    tally.local_minor += entry.amount_minor
    recorded = f"{day.money(entry.amount_minor, entry.currency)} recorded at {day.clock(entry.at)}"
    if refund is None or refund.status not in REFUNDED:
        said = f"Stripe has it as {refund.status}" if refund else "Stripe does not know it"
        tally.differ(
            REFUND_MISSING_AT_STRIPE, entry.stripe_id, None, entry.amount_minor,
            f"A card refund of {recorded} on ticket {entry.ticket_number} was not made at Stripe "
            f"({entry.stripe_id}: {said}). The client may not have had the money back: check "
            "the Stripe dashboard before refunding again.",
        )  # fmt: skip
        return
    tally.stripe_minor += refund.amount_minor
    if refund.amount_minor == entry.amount_minor:
        tally.matched += 1
        return
    tally.differ(
        REFUND_AMOUNT_DIFFERS, refund.id, refund.amount_minor, entry.amount_minor,
        f"Stripe refunded {day.money(refund.amount_minor)} ({refund.id}) for the refund of "
        f"{recorded} on ticket {entry.ticket_number}; check it in the Stripe dashboard.",
    )  # fmt: skip


def _unrecorded_refund(day: Day, ledger: Ledger, refund: RefundState, tally: Tally) -> None:
    place = ledger.refund_places.get(refund.id)
    if place is not None:
        tally.other_day += place.location_id == day.location_id
        return
    paid = ledger.payment_places.get(refund.intent_id)
    if paid is not None and paid.location_id != day.location_id:
        return
    tally.stripe_minor += refund.amount_minor
    on = f"the card payment of ticket {paid.ticket_number}" if paid else "a card payment"
    tally.differ(
        REFUND_MISSING_LOCALLY, refund.id, refund.amount_minor, None,
        f"Stripe refunded {day.money(refund.amount_minor)} on {on} ({refund.intent_id}) at "
        f"{day.clock(refund.created)} with no refund recorded here ({refund.id}); it may still "
        "be syncing from another device, or it was made in the Stripe dashboard: ask who "
        "made it and why.",
    )  # fmt: skip
