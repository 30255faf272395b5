"""Demo mode's simulated reader runs the same card checkout as Stripe Terminal: a tap
succeeds, an amount ending in .02 is declined, and a restart mid-payment resumes."""

from __future__ import annotations

from medspa_desktop.payments.simulated import SimulatedTerminal
from medspa_desktop.services.card_payments import (
    StartCardPayment,
    check_card_payment,
    resume_card_payments,
    send_to_reader,
    start_card_payment,
)
from medspa_desktop.store.models import CardReader

from .checkout_clinic import set_up_shop


def _reader(shop) -> str:
    with shop.uow() as uow:
        row = CardReader(location_id=shop.b.clinic.location_id, stripe_reader_id="tmr_demo_dt")
        row.label, row.org_id = "Demo reader", shop.b.clinic.org_id
        row.updated_hlc, row.updated_by = uow.clock.now(), uow.device_id
        uow.session.add(row)
        uow.commit()
        return row.id


def _pay(shop, terminal, reader: str, amount: int, hour: int = 10):
    ticket = shop.open_for(shop.book_botox(hour))
    with shop.uow() as uow:
        cmd = StartCardPayment(ticket.id, amount, reader)
        attempt = start_card_payment(cmd, uow=uow, actor=shop.b.desk, terminal=terminal)
    send_to_reader(attempt.id, uows=shop.uow, terminal=terminal)
    return attempt, check_card_payment(attempt.id, uows=shop.uow, terminal=terminal)


def test_the_demo_reader_approves_and_declines_like_stripes_test_cards(clinic):
    shop = set_up_shop(clinic)
    terminal, reader = SimulatedTerminal(tap_seconds=0), _reader(shop)
    _, paid = _pay(shop, terminal, reader, 30000)
    assert paid.status == "succeeded"
    _, declined = _pay(shop, terminal, reader, 10002, hour=12)
    assert declined.status == "failed" and "declined" in declined.message


def test_a_demo_restarted_mid_payment_resumes_from_the_readers_saved_state(clinic, tmp_path):
    shop = set_up_shop(clinic)
    state = tmp_path / "reader.json"
    before = SimulatedTerminal(tap_seconds=0, state_file=state)
    attempt, _ = _pay(
        shop, SimulatedTerminal(tap_seconds=3600, state_file=state), _reader(shop), 30000
    )
    assert before is not None
    after = SimulatedTerminal(tap_seconds=0, state_file=state)  # the app started again
    (resumed,) = resume_card_payments(uows=shop.uow, terminal=after)
    assert resumed.id == attempt.id and resumed.status == "cancelled"
