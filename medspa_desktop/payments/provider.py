"""Which card terminal this clinic PC uses: the simulated reader in demo mode, Stripe
Terminal with the key from the OS keyring otherwise, or none (card payments not set up).

``MEDSPA_STRIPE_API_BASE`` points the Stripe SDK at another address; only the tests use it
(a local Stripe-compatible server). Not on the GUI thread (the keyring may be slow).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select

from medspa_desktop.domain.card_terminal import CardTerminal, IntentState, RefundState
from medspa_desktop.payments.simulated import SimulatedTerminal
from medspa_desktop.payments.stripe_terminal import StripeTerminal
from medspa_desktop.store.database import Store
from medspa_desktop.store.models import Payment, Refund
from medspa_desktop.store.payment_keys import stripe_key

API_BASE_VARIABLE = "MEDSPA_STRIPE_API_BASE"
DEMO_STATE_FILE = "demo-card-reader.json"

_demo_terminals: dict[Path, SimulatedTerminal] = {}


def seed_demo_reader(store: Store) -> None:
    """A demo clinic's simulated Stripe account starts with the card payments and refunds
    its generated history recorded, so reconciling a past demo day matches. Once per data
    directory (the reader's state file says it was done); not on the GUI thread."""
    if not store.demo or (store.data_dir / DEMO_STATE_FILE).exists():
        return
    with store.uow() as uow:
        intents = [
            IntentState(pid or "", "succeeded", amount, currency, brand, last4, created=at)
            for pid, amount, currency, brand, last4, at in uow.session.execute(
                select(
                    Payment.stripe_payment_intent_id, Payment.amount_minor, Payment.currency,
                    Payment.card_brand, Payment.card_last4, Payment.received_at,
                ).where(Payment.tender == "card", Payment.stripe_payment_intent_id.is_not(None))
            )
        ]  # fmt: skip
        refunds = [
            RefundState(rid or "", pid or "", amount, "succeeded", at)
            for rid, pid, amount, at in uow.session.execute(
                select(
                    Refund.stripe_refund_id, Payment.stripe_payment_intent_id,
                    Refund.amount_minor, Refund.at,
                )
                .join(Payment, Payment.id == Refund.payment_id)
                .where(Payment.tender == "card", Refund.stripe_refund_id.is_not(None))
            )
        ]  # fmt: skip
    terminal = card_terminal(store.data_dir, demo=True)
    assert isinstance(terminal, SimulatedTerminal)
    terminal.adopt(intents, refunds)


def card_terminal(data_dir: Path, *, demo: bool) -> CardTerminal | None:
    if demo:
        # one per data directory, so every screen sees the same simulated reader
        found = _demo_terminals.get(data_dir)
        if found is None:
            found = _demo_terminals[data_dir] = SimulatedTerminal(
                state_file=data_dir / DEMO_STATE_FILE
            )
        return found
    key = stripe_key(data_dir)
    if not key:
        return None
    return StripeTerminal(key, os.environ.get(API_BASE_VARIABLE) or None)
