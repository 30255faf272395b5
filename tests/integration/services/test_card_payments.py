"""Card payments on a Stripe Terminal reader through the real ``stripe`` SDK (against the
local fake under tests/): one charge and one payment row, whatever the desk or the network
does; declines and cancels leave nothing charged; no internet is known before the tap."""

from __future__ import annotations

import pytest
import stripe
from sqlalchemy import select

from medspa_desktop.domain.card_terminal import TerminalUnreachable
from medspa_desktop.payments.provider import API_BASE_VARIABLE
from medspa_desktop.payments.resume import settle_interrupted
from medspa_desktop.payments.stripe_terminal import StripeTerminal
from medspa_desktop.services.card_payments import (
    StartCardPayment,
    cancel_card_payment,
    check_card_payment,
    resume_card_payments,
    start_card_payment,
)
from medspa_desktop.services.checkout import TakePayment, take_payment
from medspa_desktop.services.errors import RuleViolation
from medspa_desktop.services.tickets_read import ticket_view
from medspa_desktop.store.models import Payment, PaymentAttempt
from medspa_desktop.store.payment_keys import save_stripe_key

from .card_checkout import DECLINING, CardDesk, set_up_card_desk
from .checkout_clinic import set_up_shop


@pytest.fixture
def desk(clinic, stripe_fake) -> CardDesk:
    return set_up_card_desk(set_up_shop(clinic), stripe_fake)


def _payments(desk: CardDesk) -> list[Payment]:
    with desk.shop.store.session_factory() as session:
        return list(session.scalars(select(Payment).where(Payment.tender == "card")))


def test_a_tapped_card_is_one_charge_and_one_payment_with_only_brand_and_last_four(desk):
    ticket = desk.shop.open_for(desk.shop.book_botox())
    with desk.shop.uow() as uow:
        take_payment(TakePayment(ticket.id, "cash", 10000), uow=uow, actor=desk.shop.b.desk)
    attempt = desk.start(ticket.id, 20000)
    assert attempt.status == "created" and attempt.intent_id is None  # committed before Stripe
    sent = desk.send(attempt.id)
    assert sent.status == "processing" and desk.check(attempt.id).status == "processing"
    desk.tap()
    done = desk.check(attempt.id)
    assert done.status == "succeeded" and desk.check(attempt.id).payment_id == done.payment_id
    (payment,) = _payments(desk)
    assert (payment.amount_minor, payment.card_brand, payment.card_last4) == (20000, "visa", "4242")
    assert payment.stripe_payment_intent_id == done.intent_id
    assert desk.fake.state.succeeded_charges(done.intent_id) == 1
    with desk.shop.uow() as uow:
        assert ticket_view(ticket.id, uow=uow, actor=desk.shop.b.desk).status == "closed"


def test_a_declined_card_is_not_charged_and_the_next_card_is(desk):
    ticket = desk.shop.open_for(desk.shop.book_botox())
    first = desk.start(ticket.id, 30000)
    desk.send(first.id)
    desk.tap(DECLINING)
    declined = desk.check(first.id)
    assert declined.status == "failed" and "declined" in declined.message.lower()
    assert desk.fake.state.succeeded_charges(declined.intent_id) == 0
    again = desk.start(ticket.id, 30000)
    desk.send(again.id)
    desk.tap()
    assert desk.check(again.id).status == "succeeded"
    assert [p.amount_minor for p in _payments(desk)] == [30000]


def test_cancelling_at_the_desk_stops_the_reader_and_cancels_the_intent(desk):
    ticket = desk.shop.open_for(desk.shop.book_botox())
    attempt = desk.start(ticket.id, 30000)
    desk.send(attempt.id)
    with pytest.raises(RuleViolation, match="still in progress"):
        desk.start(ticket.id, 30000)
    cancelled = cancel_card_payment(attempt.id, uows=desk.shop.uow, terminal=desk.terminal)
    assert cancelled.status == "cancelled" and "not charged" in cancelled.message
    assert desk.terminal.find_intent(cancelled.intent_id or "").status == "canceled"
    assert desk.terminal.reader(desk.stripe_reader_id).action == ""
    assert _payments(desk) == []


def test_no_internet_is_known_before_the_tap_and_nothing_is_started(desk):
    ticket = desk.shop.open_for(desk.shop.book_botox())
    offline = StripeTerminal(desk.fake.api_key, "http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(TerminalUnreachable, match="need the internet"), desk.shop.uow() as uow:
        cmd = StartCardPayment(ticket.id, 30000, desk.reader_id)
        start_card_payment(cmd, uow=uow, actor=desk.shop.b.desk, terminal=offline)
    with desk.shop.store.session_factory() as session:
        assert session.scalars(select(PaymentAttempt)).all() == []
    with desk.shop.uow() as uow:  # every other tender still works offline
        done = take_payment(TakePayment(ticket.id, "cash", 30000), uow=uow, actor=desk.shop.b.desk)
    assert done.ticket.status == "closed"


def test_a_lost_answer_when_creating_the_intent_is_replayed_not_repeated(desk):
    ticket = desk.shop.open_for(desk.shop.book_botox())
    attempt = desk.start(ticket.id, 30000)
    desk.fake.faults.drop_after_commit("POST", "/v1/payment_intents")
    sent = desk.send(attempt.id)  # the SDK sends again with the same key: Stripe replays
    assert sent.status == "processing"
    assert len(desk.fake.state.payment_intents()) == 1
    desk.tap()
    assert desk.check(attempt.id).status == "succeeded"


def test_resuming_records_a_payment_that_succeeded_while_the_app_was_down(desk):
    ticket = desk.shop.open_for(desk.shop.book_botox())
    attempt = desk.start(ticket.id, 30000)
    desk.send(attempt.id)
    desk.tap()  # the client paid; the app never asked again (it had crashed)
    (resumed,) = resume_card_payments(uows=desk.shop.uow, terminal=desk.terminal)
    assert resumed.status == "succeeded"
    assert resume_card_payments(uows=desk.shop.uow, terminal=desk.terminal) == []
    assert len(_payments(desk)) == 1
    assert desk.fake.state.succeeded_charges(resumed.intent_id) == 1


def test_resuming_an_attempt_nobody_paid_cancels_it_at_stripe(desk):
    ticket = desk.shop.open_for(desk.shop.book_botox())
    attempt = desk.start(ticket.id, 30000)
    desk.send(attempt.id)
    (resumed,) = resume_card_payments(uows=desk.shop.uow, terminal=desk.terminal)
    assert resumed.status == "cancelled" and "not charged" in resumed.message
    assert desk.terminal.find_intent(resumed.intent_id or "").status == "canceled"
    with pytest.raises(stripe.InvalidRequestError, match="no in-progress action"):
        desk.tap()  # too late: the reader has nothing to charge
    assert desk.fake.state.succeeded_charges(resumed.intent_id) == 0
    assert _payments(desk) == []


def test_start_up_settles_interrupted_payments_with_the_key_from_the_keyring(
    desk, memory_keyring, monkeypatch
):
    store = desk.shop.store
    save_stripe_key(store.data_dir, desk.fake.api_key)
    ticket = desk.shop.open_for(desk.shop.book_botox())
    attempt = desk.start(ticket.id, 30000)
    desk.send(attempt.id)
    desk.tap()  # paid while the app was down
    monkeypatch.setenv(API_BASE_VARIABLE, "http://127.0.0.1:9")  # no internet at start-up
    notice = settle_interrupted(store)
    assert "1 card payment(s)" in notice and "nobody is charged twice" in notice
    assert _payments(desk) == []
    monkeypatch.setenv(API_BASE_VARIABLE, desk.fake.url)  # the next start, online
    assert settle_interrupted(store) == ""
    assert [p.amount_minor for p in _payments(desk)] == [30000]
    assert desk.fake.api_key not in str(memory_keyring.entries.keys())


def test_a_reader_nobody_taps_times_out_and_the_payment_is_cancelled(desk):
    ticket = desk.shop.open_for(desk.shop.book_botox())
    attempt = desk.start(ticket.id, 30000)
    desk.send(attempt.id)
    assert desk.check(attempt.id).status == "processing"
    late = check_card_payment(attempt.id, uows=desk.shop.uow, terminal=desk.terminal, timeout_s=0)
    assert late.status == "cancelled" and "timed out" in late.message
    assert desk.terminal.find_intent(late.intent_id or "").status == "canceled"
    assert desk.terminal.reader(desk.stripe_reader_id).action == ""
    assert _payments(desk) == []
