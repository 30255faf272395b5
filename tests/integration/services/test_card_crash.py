"""Crash tests: a real checkout process, killed with SIGKILL between creating the payment
intent and sending it to the reader, and after Stripe took the payment but before the app
recorded it. After the restart (``resume_card_payments``, which the app runs at start-up)
there is exactly one charge at Stripe and exactly one payment row."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from medspa_desktop.services.card_payments import resume_card_payments
from medspa_desktop.store.models import Payment, PaymentAttempt

from .card_checkout import CardDesk, set_up_card_desk
from .checkout_clinic import set_up_shop

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.slow


@pytest.fixture
def desk(clinic, stripe_fake) -> CardDesk:
    return set_up_card_desk(set_up_shop(clinic), stripe_fake)


def _crash_at(desk: CardDesk, key: bytes, ticket_id: str, point: str) -> None:
    """Run the checkout in its own process and kill it at ``point``."""
    actor = dataclasses.asdict(desk.shop.b.desk)
    spec = {
        "data_dir": str(desk.shop.store.data_dir),
        "key": key.hex(),
        "stripe_url": desk.fake.url,
        "stripe_key": desk.fake.api_key,
        "ticket_id": ticket_id,
        "amount": 30000,
        "reader_id": desk.reader_id,
        "actor": {**actor, "role": actor["role"].value},
        "point": point,
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.services.card_crash_child", json.dumps(spec)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == f"AT {point}", f"the checkout ended before {point}: {line!r}"
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)


def _rows(desk: CardDesk) -> tuple[list[Payment], list[PaymentAttempt]]:
    with desk.shop.store.session_factory() as session:
        return list(session.scalars(select(Payment))), list(session.scalars(select(PaymentAttempt)))


def test_killed_after_the_intent_is_created_nothing_is_charged_and_the_retry_charges_once(
    desk, templates
):
    ticket = desk.shop.open_for(desk.shop.book_botox())
    _crash_at(desk, templates.key, ticket.id, "before-process")
    (attempt,) = _rows(desk)[1]
    assert attempt.status == "created" and attempt.stripe_payment_intent_id  # stored, unsent
    (resumed,) = resume_card_payments(uows=desk.shop.uow, terminal=desk.terminal)
    assert resumed.status == "cancelled"
    assert desk.fake.state.succeeded_charges(resumed.intent_id) == 0
    retry = desk.start(ticket.id, 30000)
    desk.send(retry.id)
    desk.tap()
    assert desk.check(retry.id).status == "succeeded"
    payments, _ = _rows(desk)
    assert [p.amount_minor for p in payments] == [30000]
    intents = desk.fake.state.payment_intents()
    assert sum(desk.fake.state.succeeded_charges(pi["id"]) for pi in intents) == 1


def test_killed_after_stripe_took_the_payment_the_restart_records_it_once(desk, templates):
    ticket = desk.shop.open_for(desk.shop.book_botox())
    desk.fake.faults.reader_auto_present()  # the client taps as soon as the reader asks
    _crash_at(desk, templates.key, ticket.id, "after-success")
    payments, (attempt,) = _rows(desk)
    assert payments == [] and attempt.status == "processing"  # charged, not yet recorded
    (resumed,) = resume_card_payments(uows=desk.shop.uow, terminal=desk.terminal)
    assert resumed.status == "succeeded"
    assert resume_card_payments(uows=desk.shop.uow, terminal=desk.terminal) == []
    payments, _ = _rows(desk)
    assert [(p.amount_minor, p.card_last4) for p in payments] == [(30000, "4242")]
    assert desk.fake.state.succeeded_charges(resumed.intent_id) == 1
    assert len(desk.fake.state.payment_intents()) == 1
