"""Card reconciliation against Stripe (the local fake, through the real ``stripe`` SDK): a
manager sees every difference between what Stripe took and what the clinic recorded, with
what to do about it, and nothing that is only a matter of a payment crossing midnight."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from medspa_desktop.services.errors import PermissionDenied
from medspa_desktop.services.locations import CreateLocation, create_location
from medspa_desktop.services.payments_ledger import record_payment
from medspa_desktop.services.reconcile import reconcile_day, reconcile_text, was_reconciled
from medspa_desktop.services.refunds import RefundPayment, refund_payment
from medspa_desktop.services.tickets import OpenTicket, open_ticket
from medspa_desktop.store.models import AuditEntry, Ticket

from .card_checkout import CardDesk, set_up_card_desk
from .checkout_clinic import set_up_shop

NEW_YORK = ZoneInfo("America/New_York")
BOTOX = 30000


@pytest.fixture
def desk(clinic, stripe_fake) -> CardDesk:
    return set_up_card_desk(set_up_shop(clinic), stripe_fake)


def _today(zone: ZoneInfo = NEW_YORK) -> dt.date:
    return dt.datetime.now(zone).date()


def _pay_by_card(desk: CardDesk, hour: int):
    ticket = desk.shop.open_for(desk.shop.book_botox(hour))
    attempt = desk.start(ticket.id, BOTOX)
    desk.send(attempt.id)
    desk.tap()
    done = desk.check(attempt.id)
    assert done.status == "succeeded"
    return done


def _charge_at_stripe(desk: CardDesk, amount: int, **metadata: str) -> str:
    """Money taken on the reader straight from Stripe, not through the app."""
    sdk = desk.fake.client(max_network_retries=0)
    params: Any = {
        "amount": amount,
        "currency": "usd",
        "payment_method_types": ["card_present"],
        "capture_method": "automatic",
        "metadata": metadata,
    }
    intent = sdk.v1.payment_intents.create(params)
    process: Any = {"payment_intent": intent.id}
    sdk.v1.terminal.readers.process_payment_intent(desk.stripe_reader_id, process)
    desk.tap()
    assert desk.terminal.find_intent(intent.id).status == "succeeded"
    return intent.id


def _charge_at(desk: CardDesk, moment: dt.datetime, amount: int) -> str:
    """A charge made directly at Stripe whose ``created`` is ``moment``."""
    offset = moment.timestamp() - time.time()
    desk.fake.advance_clock(offset)
    try:
        return _charge_at_stripe(desk, amount)
    finally:
        desk.fake.advance_clock(-offset)


def _reconcile(desk: CardDesk, day: dt.date, *, actor=None, location_id: str | None = None):
    with desk.shop.uow() as uow:
        return reconcile_day(
            location_id or desk.shop.b.clinic.location_id,
            day,
            uow=uow,
            actor=actor or desk.shop.b.manager,
            terminal=desk.terminal,
        )


def _record_card_payment(desk: CardDesk, intent_id: str, amount: int, location_id=None) -> str:
    """A card payment row written as if the app had taken it (no charge at Stripe made)."""
    shop = desk.shop
    if location_id is None:
        ticket_id = shop.open_for(shop.book_botox(15)).id
    else:
        with shop.uow() as uow:
            cmd = OpenTicket(location_id, client_id=shop.b.client)
            ticket_id = open_ticket(cmd, uow=uow, actor=shop.b.clinic.owner).id
    with shop.uow() as uow:
        ticket = uow.session.get(Ticket, ticket_id)
        record_payment(
            uow, shop.b.desk, ticket, "card", amount,
            stripe_payment_intent_id=intent_id, card_brand="visa", card_last4="4242",
        )  # fmt: skip
        uow.commit()
        return ticket.number


def test_a_day_taken_through_the_app_matches_with_the_right_totals(desk):
    first = _pay_by_card(desk, 10)
    _pay_by_card(desk, 12)
    with desk.shop.uow() as uow:
        cmd = RefundPayment(first.payment_id, 5000, "Client changed her mind about the serum")
        done = refund_payment(cmd, uow=uow, actor=desk.shop.b.manager, terminal=desk.terminal)
    assert done.status == "refunded"

    rec = _reconcile(desk, _today())

    assert rec.differences == () and rec.matches
    assert (rec.stripe_total_minor, rec.local_total_minor) == (2 * BOTOX, 2 * BOTOX)
    assert (rec.stripe_refunds_minor, rec.local_refunds_minor) == (5000, 5000)
    assert (rec.matched, rec.refunds_matched, rec.recorded_other_day) == (2, 1, 0)
    text = reconcile_text(rec)
    assert "Everything matches" in text and "USD 600.00" in text and "USD 50.00" in text


def test_the_reconciliation_is_audited_with_counts_only(desk):
    _pay_by_card(desk, 10)
    rec = _reconcile(desk, _today())
    with desk.shop.store.session_factory() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "payment.reconcile")
        ).one()
    assert entry.staff_id == desk.shop.b.manager.staff_id and entry.outcome == "ok"
    assert entry.detail == f"{rec.day}: 1 payments and 0 refunds matched, 0 differences"
    with desk.shop.uow() as uow:
        assert was_reconciled(rec.location_id, rec.day, uow=uow)
        assert not was_reconciled(rec.location_id, rec.day - dt.timedelta(days=1), uow=uow)


def test_money_stripe_took_without_a_payment_here_is_missing_locally_with_what_to_do(desk):
    _pay_by_card(desk, 10)
    direct = _charge_at_stripe(desk, 12345)
    elsewhere = _charge_at_stripe(desk, 20000, attempt="0190aaaa-other-device")

    rec = _reconcile(desk, _today())

    by_id = {d.stripe_id: d for d in rec.differences}
    assert set(by_id) == {direct, elsewhere} and rec.matched == 1
    unknown = by_id[direct]
    assert (unknown.kind, unknown.amount_stripe, unknown.amount_local) == (
        "missing_locally", 12345, None,
    )  # fmt: skip
    assert "USD 123.45" in unknown.explanation and "visa •••• 4242" in unknown.explanation
    assert "Stripe dashboard" in unknown.explanation
    assert "0190aaaa-other-device" in by_id[elsewhere].explanation
    assert "syncing from another device" in by_id[elsewhere].explanation
    assert (rec.stripe_total_minor, rec.local_total_minor) == (BOTOX + 32345, BOTOX)
    text = reconcile_text(rec)
    assert "2 differences" in text and "Charged at Stripe, not recorded here" in text


def test_a_card_payment_stripe_does_not_know_is_missing_at_stripe(desk):
    number = _record_card_payment(desk, "pi_doesnotexist", BOTOX)

    rec = _reconcile(desk, _today())

    (diff,) = rec.differences
    assert (diff.kind, diff.stripe_id, diff.amount_stripe, diff.amount_local) == (
        "missing_at_stripe", "pi_doesnotexist", None, BOTOX,
    )  # fmt: skip
    assert "not known to Stripe" in diff.explanation and number in diff.explanation
    assert (rec.stripe_total_minor, rec.local_total_minor) == (0, BOTOX)


def test_a_payment_recorded_for_another_amount_than_stripe_charged_differs(desk):
    intent = _charge_at_stripe(desk, BOTOX)
    number = _record_card_payment(desk, intent, 25000)

    (diff,) = _reconcile(desk, _today()).differences

    assert (diff.kind, diff.amount_stripe, diff.amount_local) == ("amount_differs", BOTOX, 25000)
    assert "USD 300.00" in diff.explanation and "USD 250.00" in diff.explanation
    assert number in diff.explanation


def test_a_refund_made_in_the_stripe_dashboard_is_missing_locally(desk):
    paid = _pay_by_card(desk, 10)
    sdk = desk.fake.client(max_network_retries=0)
    params: Any = {"payment_intent": paid.intent_id, "amount": 1500}
    refund = sdk.v1.refunds.create(params)

    rec = _reconcile(desk, _today())

    (diff,) = rec.differences
    assert (diff.kind, diff.stripe_id, diff.amount_stripe) == (
        "refund_missing_locally", refund.id, 1500,
    )  # fmt: skip
    assert "USD 15.00" in diff.explanation
    assert (rec.stripe_refunds_minor, rec.local_refunds_minor, rec.matched) == (1500, 0, 1)


def test_the_day_is_the_locations_local_day_not_the_utc_day(desk):
    today = _today()
    late = dt.datetime.combine(today, dt.time(23, 30), NEW_YORK)  # the next day in UTC
    after_midnight = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0, 30), NEW_YORK)
    tonight = _charge_at(desk, late, 11100)
    tomorrow = _charge_at(desk, after_midnight, 22200)

    on_today = _reconcile(desk, today)
    on_tomorrow = _reconcile(desk, today + dt.timedelta(days=1))

    assert [(d.stripe_id, d.amount_stripe) for d in on_today.differences] == [(tonight, 11100)]
    assert [(d.stripe_id, d.amount_stripe) for d in on_tomorrow.differences] == [(tomorrow, 22200)]
    assert "23:30" in on_today.differences[0].explanation


@pytest.mark.parametrize("before", [1, 6 * 3600], ids=["a second", "resumed hours later"])
def test_a_payment_stripe_created_before_midnight_and_recorded_after_is_no_difference(desk, before):
    midnight = dt.datetime.combine(_today(), dt.time(), NEW_YORK)
    offset = (midnight - dt.timedelta(seconds=before)).timestamp() - time.time()
    desk.fake.advance_clock(offset)  # Stripe makes the intent yesterday (23:59:59, 18:00) ...
    try:
        _pay_by_card(desk, 10)  # ... and the app records the payment today
    finally:
        desk.fake.advance_clock(-offset)

    today = _reconcile(desk, _today())
    yesterday = _reconcile(desk, _today() - dt.timedelta(days=1))

    assert today.matches and (today.matched, today.stripe_total_minor) == (1, BOTOX)
    assert yesterday.matches and yesterday.stripe_total_minor == 0
    assert yesterday.recorded_other_day == 1
    assert "counted on the day they were recorded" in " ".join(reconcile_text(yesterday).split())


def test_money_recorded_at_another_location_is_reconciled_there(desk):
    with desk.shop.uow() as uow:
        uptown = create_location(
            CreateLocation("Uptown", "America/Los_Angeles"), uow=uow, actor=desk.shop.b.clinic.owner
        )
    intent = _charge_at_stripe(desk, BOTOX)
    _record_card_payment(desk, intent, BOTOX, location_id=uptown.id)

    here = _reconcile(desk, _today())
    there = _reconcile(desk, _today(ZoneInfo(uptown.time_zone)), location_id=uptown.id)

    assert here.matches and here.stripe_total_minor == 0
    assert there.matches and (there.matched, there.stripe_total_minor) == (1, BOTOX)


def test_front_desk_may_not_reconcile_and_the_refusal_is_audited(desk):
    with pytest.raises(PermissionDenied, match="reconcile card payments"):
        _reconcile(desk, _today(), actor=desk.shop.b.desk)
    with desk.shop.store.session_factory() as session:
        outcomes = session.scalars(
            select(AuditEntry.outcome).where(AuditEntry.action == "payment.reconcile")
        ).all()
    assert outcomes == ["denied"]
