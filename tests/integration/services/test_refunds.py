"""Refunds: a new ledger row against one payment, never more than was paid, by managers and
owners only; products back on the lots they came from; a gift card gets its money back; a
card refund goes through Stripe exactly once, whatever happens to the connection."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from sqlalchemy import select

from medspa_desktop.payments.stripe_terminal import NETWORK_RETRIES, StripeTerminal
from medspa_desktop.services.errors import PermissionDenied, RuleViolation, ValidationError
from medspa_desktop.services.gift_cards import SellGiftCard, gift_card_balance, sell_gift_card
from medspa_desktop.services.refund_card import UNREACHABLE
from medspa_desktop.services.refunds import (
    RefundPayment,
    RefundTicket,
    VoidPayment,
    refund_payment,
    refund_ticket,
    resume_refunds,
    void_payment,
)
from medspa_desktop.store.models import InventoryMovement, Payment, PaymentAttempt, Refund

from .checkout_clinic import Shop, set_up_shop
from .helpers import audit_entries, mutations
from .till import add, paid_intent, pay, record_card


@pytest.fixture
def shop(clinic) -> Shop:
    return set_up_shop(clinic)


def _refund(shop: Shop, payment_id: str, amount: int, reason="Client unhappy", actor=None, **kw):
    with shop.uow() as uow:
        cmd = RefundPayment(payment_id, amount, reason, **kw)
        return refund_payment(cmd, uow=uow, actor=actor or shop.b.manager)


def _card_refund(shop: Shop, terminal, payment_id: str, amount: int):
    with shop.uow() as uow:
        cmd = RefundPayment(payment_id, amount, "Reaction to the product")
        return refund_payment(cmd, uow=uow, actor=shop.b.manager, terminal=terminal)


def _rows(shop: Shop, model):
    with shop.store.session_factory() as session:
        return list(session.scalars(select(model)))


def test_a_partial_refund_then_the_rest_and_never_more_than_was_paid(shop):
    ticket = shop.open_for(shop.book_botox())
    taken = pay(shop, ticket.id, "cash", 30000)
    first = _refund(shop, taken.payment_id, 10000)
    assert (first.status, first.ticket.paid_minor) == ("refunded", 20000)
    assert "Give the client USD 100.00 in cash" in first.message
    with pytest.raises(RuleViolation, match=r"the USD 200\.00 left to refund"):
        _refund(shop, taken.payment_id, 20001)
    rest = _refund(shop, taken.payment_id, 20000)
    assert rest.ticket.payments[0].refunded_minor == 30000 and rest.ticket.paid_minor == 0
    with pytest.raises(RuleViolation, match=r"USD 0\.00 left"):
        _refund(shop, taken.payment_id, 1)
    (payment,) = _rows(shop, Payment)
    assert payment.amount_minor == 30000  # the payment itself is never changed
    refunds = _rows(shop, Refund)
    assert sorted(r.amount_minor for r in refunds) == [10000, 20000]
    assert {r.payment_id for r in refunds} == {payment.id}
    assert len(mutations(shop.store, "create_refund")) == 2


def test_the_front_desk_cannot_refund_and_a_reason_is_required(shop):
    ticket = shop.open_for(shop.book_botox())
    taken = pay(shop, ticket.id, "cash", 30000)
    with pytest.raises(PermissionDenied):
        _refund(shop, taken.payment_id, 100, actor=shop.b.desk)
    assert audit_entries(shop.store, action="payment.refund", outcome="denied")
    with pytest.raises(ValidationError, match="Say why"):
        _refund(shop, taken.payment_id, 100, reason="  ")
    with pytest.raises(PermissionDenied), shop.uow() as uow:
        void_payment(VoidPayment(taken.payment_id, "Wrong"), uow=uow, actor=shop.b.desk)
    assert _rows(shop, Refund) == []


def test_restocking_puts_the_sold_serum_back_on_the_lots_it_came_from(shop):
    ticket = shop.open_for()
    view = add(shop, ticket.id, "product", shop.serum, quantity=3)  # 2 from LOT-SOON, 1 LATER
    taken = pay(shop, ticket.id, "cash", view.total_minor)
    assert (shop.on_hand(shop.soon_lot), shop.on_hand(shop.later_lot)) == (0, 9)
    line = view.lines[0].id
    _refund(shop, taken.payment_id, view.total_minor, restock_line_ids=(line,))
    assert (shop.on_hand(shop.soon_lot), shop.on_hand(shop.later_lot)) == (2, 10)
    (refund,) = _rows(shop, Refund)
    assert refund.restock is True
    returned = [m for m in _rows(shop, InventoryMovement) if m.kind == "return"]
    assert sorted((m.lot_id, m.quantity) for m in returned) == sorted(
        [(shop.soon_lot, 2), (shop.later_lot, 1)]
    )
    assert {m.ticket_line_id for m in returned} == {line}


def test_a_line_cannot_be_restocked_twice_or_from_another_ticket(shop):
    ticket = shop.open_for()
    view = add(shop, ticket.id, "product", shop.serum)
    taken = pay(shop, ticket.id, "cash", view.total_minor)
    line = view.lines[0].id
    _refund(shop, taken.payment_id, 1000, restock_line_ids=(line,))
    with pytest.raises(RuleViolation, match="nothing to put back"):
        _refund(shop, taken.payment_id, 1000, restock_line_ids=(line,))
    other = shop.open_for(shop.book_botox())
    other_paid = pay(shop, other.id, "cash", 30000)
    with pytest.raises(RuleViolation, match="this payment's ticket"):
        _refund(shop, other_paid.payment_id, 1000, restock_line_ids=(line,))


def test_a_gift_card_refund_puts_the_money_back_on_the_card(shop):
    sale = shop.open_for()
    with shop.uow() as uow:
        view = sell_gift_card(SellGiftCard(sale.id, 5000), uow=uow, actor=shop.b.desk)
    code = view.lines[0].description.removeprefix("Gift card ")
    pay(shop, sale.id, "cash", 5000)
    ticket = shop.open_for(shop.book_botox())
    spent = pay(shop, ticket.id, "gift_card", 5000, code)
    done = _refund(shop, spent.payment_id, 3000)
    assert done.message == "USD 30.00 is back on the gift card."
    with shop.uow() as uow:
        card = gift_card_balance(code, uow=uow, actor=shop.b.desk)
    assert card.balance_minor == 3000
    assert [(m.kind, m.amount_minor) for m in card.history] == [
        ("issue", 5000),
        ("redeem", -5000),
        ("refund", 3000),
    ]


def test_voiding_a_pay_later_payment_takes_it_off_the_clients_account(shop):
    ticket = shop.open_for(shop.book_botox())
    later = pay(shop, ticket.id, "pay_later", 30000)
    with shop.uow() as uow:
        cmd = VoidPayment(later.payment_id, "Booked in error")
        done = void_payment(cmd, uow=uow, actor=shop.b.manager)
    assert (done.amount_minor, done.ticket.paid_minor) == (30000, 0)
    assert done.message == "The client's account owes USD 300.00 less."
    assert audit_entries(shop.store, action="payment.void", entity="refund")
    with pytest.raises(RuleViolation, match="already been refunded in full"), shop.uow() as uow:
        void_payment(cmd, uow=uow, actor=shop.b.manager)


def test_refund_all_gives_back_what_is_left_on_every_payment_of_the_ticket(shop):
    ticket = shop.open_for(shop.book_botox())
    cash = pay(shop, ticket.id, "cash", 10000)
    pay(shop, ticket.id, "pay_later", 20000)
    _refund(shop, cash.payment_id, 2500)
    with shop.uow() as uow:
        done = refund_ticket(
            RefundTicket(ticket.id, "Treatment not done"), uow=uow, actor=shop.b.manager
        )
    assert [d.amount_minor for d in done] == [7500, 20000]
    assert done[-1].ticket.paid_minor == 0
    with pytest.raises(RuleViolation, match="Nothing is left"), shop.uow() as uow:
        refund_ticket(RefundTicket(ticket.id, "Again"), uow=uow, actor=shop.b.manager)


def test_a_card_refund_whose_answer_is_lost_is_made_once_at_stripe(shop, stripe_fake):
    ticket = shop.open_for(shop.book_botox())
    intent = paid_intent(stripe_fake, 30000)
    payment = record_card(shop, ticket.id, 30000, intent_id=intent)
    terminal = StripeTerminal(stripe_fake.api_key, stripe_fake.url)
    # Stripe makes the refund, then every answer (the SDK's own retries too) is lost.
    stripe_fake.faults.drop_after_commit("POST", "/v1/refunds", times=NETWORK_RETRIES + 1)
    pending = _card_refund(shop, terminal, payment, 10000)
    assert (pending.status, pending.message, pending.refund_id) == ("pending", UNREACHABLE, None)
    assert _rows(shop, Refund) == [] and len(stripe_fake.state.refunds()) == 1
    with pytest.raises(RuleViolation, match=r"USD 200\.00 left"):  # the pending one counts
        _card_refund(shop, terminal, payment, 20001)
    (finished,) = resume_refunds(uow_factory=shop.uow, terminal=terminal, actor=shop.b.desk)
    assert (finished.status, finished.amount_minor) == ("refunded", 10000)
    assert finished.message == "USD 100.00 was refunded to the card (VISA •••• 4242)."
    (refund,) = _rows(shop, Refund)
    (at_stripe,) = stripe_fake.state.refunds()
    assert refund.stripe_refund_id == at_stripe["id"] and at_stripe["amount"] == 10000
    assert refund.staff_id == shop.b.manager.staff_id  # who asked, not who was signed in
    keys = {r["idempotency_key"] for r in stripe_fake.state.requests("POST", "/v1/refunds")}
    assert keys == {finished.attempt_id}
    (attempt,) = _rows(shop, PaymentAttempt)
    assert (attempt.kind, attempt.status, attempt.refund_of) == ("refund", "succeeded", payment)
    assert resume_refunds(uow_factory=shop.uow, terminal=terminal, actor=shop.b.desk) == ()


def test_a_refund_left_longer_than_stripe_keeps_keys_is_found_not_sent_again(shop, stripe_fake):
    ticket = shop.open_for(shop.book_botox())
    payment = record_card(shop, ticket.id, 30000, intent_id=paid_intent(stripe_fake, 30000))
    terminal = StripeTerminal(stripe_fake.api_key, stripe_fake.url)
    stripe_fake.faults.drop_after_commit("POST", "/v1/refunds", times=NETWORK_RETRIES + 1)
    assert _card_refund(shop, terminal, payment, 5000).status == "pending"
    sent = len(stripe_fake.state.requests("POST", "/v1/refunds"))
    with shop.uow() as uow:
        (attempt,) = uow.session.scalars(select(PaymentAttempt))
        attempt.created_at -= dt.timedelta(days=2)  # the idempotency key is long forgotten
        uow.commit()
    (done,) = resume_refunds(uow_factory=shop.uow, terminal=terminal, actor=shop.b.manager)
    assert done.status == "refunded"
    assert len(stripe_fake.state.requests("POST", "/v1/refunds")) == sent
    (refund,) = _rows(shop, Refund)
    assert refund.stripe_refund_id == stripe_fake.state.refunds()[0]["id"]


def test_with_no_connection_the_card_refund_waits_and_nothing_is_refunded(shop, stripe_fake):
    ticket = shop.open_for(shop.book_botox())
    payment = record_card(shop, ticket.id, 30000, intent_id=paid_intent(stripe_fake, 30000))
    nowhere = StripeTerminal(stripe_fake.api_key, f"http://127.0.0.1:{_closed_port()}")
    pending = _card_refund(shop, nowhere, payment, 30000)
    assert pending.status == "pending"
    assert pending.message == (
        "No connection to the card provider: the refund will be sent when the connection is "
        "back; nothing was refunded twice."
    )
    (attempt,) = _rows(shop, PaymentAttempt)
    assert (attempt.status, attempt.amount_minor, attempt.last_error) == (
        "created",
        30000,
        UNREACHABLE,
    )
    assert _rows(shop, Refund) == [] and stripe_fake.state.refunds() == []


def test_a_card_refund_stripe_refuses_is_failed_and_frees_the_amount(shop, stripe_fake):
    ticket = shop.open_for(shop.book_botox())
    payment = record_card(shop, ticket.id, 30000, intent_id=paid_intent(stripe_fake, 30000))
    terminal = StripeTerminal(stripe_fake.api_key, stripe_fake.url)
    stripe_fake.faults.stripe_error(
        400, "invalid_request_error", "Refunds are paused.", path_prefix="/v1/refunds"
    )
    with pytest.raises(RuleViolation, match=r"refused the refund.*Nothing was refunded"):
        _card_refund(shop, terminal, payment, 30000)
    (attempt,) = _rows(shop, PaymentAttempt)
    assert attempt.status == "failed" and _rows(shop, Refund) == []
    assert _card_refund(shop, terminal, payment, 30000).status == "refunded"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
