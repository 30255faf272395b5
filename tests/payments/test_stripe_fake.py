"""Behaviour of the fake Stripe server, driven through the real ``stripe`` SDK over HTTP."""

from __future__ import annotations

import json

import httpx
import pytest
import stripe

from .stripe_helpers import new_pi, pay, wait_for

DECLINES = [
    ("4000000000000002", "card_declined", "generic_decline"),
    ("4000000000009995", "card_declined", "insufficient_funds"),
    ("4000000000000069", "expired_card", "expired_card"),
]


def test_approved_card_completes_the_payment(sdk, reader, stripe_fake):
    pi = new_pi(sdk, description="Botox, 20 units")
    processing = sdk.v1.terminal.readers.process_payment_intent(
        reader.id, params={"payment_intent": pi.id}
    )
    assert processing.action.type == "process_payment_intent"
    assert processing.action.status == "in_progress"
    assert processing.action.process_payment_intent.payment_intent == pi.id
    assert sdk.v1.payment_intents.retrieve(pi.id).status == "requires_payment_method"

    done = sdk.v1.test_helpers.terminal.readers.present_payment_method(reader.id)
    assert done.action.status == "succeeded"
    paid = sdk.v1.payment_intents.retrieve(pi.id, params={"expand": ["latest_charge"]})
    assert paid.status == "succeeded"
    assert paid.amount_received == 1500
    card = paid.latest_charge.payment_method_details.card_present
    assert (card.brand, card.last4) == ("visa", "4242")
    assert paid.latest_charge.id.startswith("ch_")
    assert paid.payment_method.startswith("pm_")
    assert stripe_fake.state.succeeded_charges(pi.id) == 1


def test_card_number_is_never_kept(sdk, reader, stripe_fake):
    pay(sdk, reader, new_pi(sdk), card="5555555555554444")
    stripe_fake.faults.reader_auto_present("4000000000009995")
    pi = new_pi(sdk)
    sdk.v1.terminal.readers.process_payment_intent(reader.id, params={"payment_intent": pi.id})
    assert wait_for(lambda: sdk.v1.payment_intents.retrieve(pi.id).last_payment_error)
    everything = json.dumps(stripe_fake.state.snapshot())
    for number in ("5555555555554444", "4000000000009995"):
        assert number not in everything
    assert "4444" in everything


@pytest.mark.parametrize(("number", "code", "decline_code"), DECLINES)
def test_declined_card_fails_the_action_and_allows_a_retry(
    sdk, reader, stripe_fake, number, code, decline_code
):
    pi = new_pi(sdk)
    declined = pay(sdk, reader, pi, card=number)
    assert declined.action.status == "failed"
    assert declined.action.failure_code == code
    assert declined.action.failure_message
    assert declined.action.api_error.decline_code == decline_code
    again = sdk.v1.payment_intents.retrieve(pi.id)
    assert again.status == "requires_payment_method"
    assert again.last_payment_error.type == "card_error"
    assert again.last_payment_error.code == code
    assert again.last_payment_error.decline_code == decline_code
    assert again.last_payment_error.payment_method.card_present.last4 == number[-4:]
    assert stripe_fake.state.succeeded_charges(pi.id) == 0

    pay(sdk, reader, pi)  # the same PaymentIntent, a good card this time
    assert sdk.v1.payment_intents.retrieve(pi.id).status == "succeeded"
    assert stripe_fake.state.succeeded_charges(pi.id) == 1


def test_manual_capture_and_partial_capture(sdk, reader):
    pi = new_pi(sdk, amount=5000, capture_method="manual")
    pay(sdk, reader, pi)
    held = sdk.v1.payment_intents.retrieve(pi.id)
    assert (held.status, held.amount_capturable) == ("requires_capture", 5000)
    captured = sdk.v1.payment_intents.capture(pi.id, params={"amount_to_capture": 4000})
    assert (captured.status, captured.amount_received) == ("succeeded", 4000)
    charge = sdk.v1.charges.retrieve(captured.latest_charge)
    assert (charge.captured, charge.amount_captured, charge.amount_refunded) == (True, 4000, 1000)


def test_tip_on_the_reader_raises_the_amount(sdk, reader):
    pi = new_pi(sdk, amount=2000)
    pay(sdk, reader, pi, amount_tip=300)
    tipped = sdk.v1.payment_intents.retrieve(pi.id)
    assert (tipped.amount, tipped.amount_received, tipped.amount_details.tip.amount) == (
        2300,
        2300,
        300,
    )


def test_cancel_action_clears_the_reader(sdk, reader):
    pi = new_pi(sdk)
    sdk.v1.terminal.readers.process_payment_intent(reader.id, params={"payment_intent": pi.id})
    canceled = sdk.v1.terminal.readers.cancel_action(reader.id)
    assert canceled.action is None
    assert sdk.v1.payment_intents.retrieve(pi.id).status == "requires_payment_method"
    with pytest.raises(stripe.InvalidRequestError):
        sdk.v1.terminal.readers.cancel_action(reader.id)
    with pytest.raises(stripe.InvalidRequestError):
        sdk.v1.test_helpers.terminal.readers.present_payment_method(reader.id)
    pay(sdk, reader, pi)
    assert sdk.v1.payment_intents.retrieve(pi.id).status == "succeeded"


def test_busy_reader_refuses_a_second_payment(sdk, reader):
    first, second = new_pi(sdk), new_pi(sdk)
    sdk.v1.terminal.readers.process_payment_intent(reader.id, params={"payment_intent": first.id})
    with pytest.raises(stripe.InvalidRequestError) as refused:
        sdk.v1.terminal.readers.process_payment_intent(
            reader.id, params={"payment_intent": second.id}
        )
    assert refused.value.code == "terminal_reader_busy"


def test_offline_reader_refuses_work(sdk, reader, stripe_fake):
    stripe_fake.faults.reader_offline()
    assert sdk.v1.terminal.readers.retrieve(reader.id).status == "offline"
    with pytest.raises(stripe.InvalidRequestError) as refused:
        pay(sdk, reader, new_pi(sdk))
    assert refused.value.code == "terminal_reader_offline"


def test_refund_partial_then_over_refund_is_refused(sdk, reader, stripe_fake):
    pi = new_pi(sdk, amount=1500)
    pay(sdk, reader, pi)
    part = sdk.v1.refunds.create(params={"payment_intent": pi.id, "amount": 500})
    assert (part.status, part.amount, part.payment_intent) == ("succeeded", 500, pi.id)
    with pytest.raises(stripe.InvalidRequestError) as too_much:
        sdk.v1.refunds.create(params={"payment_intent": pi.id, "amount": 1001})
    assert too_much.value.code == "amount_too_large"
    rest = sdk.v1.refunds.create(
        params={"payment_intent": pi.id, "reason": "requested_by_customer"}
    )
    assert rest.amount == 1000
    with pytest.raises(stripe.InvalidRequestError) as again:
        sdk.v1.refunds.create(params={"charge": part.charge})
    assert again.value.code == "charge_already_refunded"
    listed = sdk.v1.refunds.list(params={"payment_intent": pi.id})
    assert [r.id for r in listed.data] == [rest.id, part.id]
    assert sdk.v1.refunds.retrieve(part.id).amount == 500
    charge = sdk.v1.charges.retrieve(part.charge)
    assert (charge.refunded, charge.amount_refunded) == (True, 1500)


def test_refund_of_an_unpaid_payment_intent_is_refused(sdk):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        sdk.v1.refunds.create(params={"payment_intent": new_pi(sdk).id})
    assert refused.value.code == "payment_intent_unexpected_state"


def test_lists_filter_by_created_and_paginate(sdk, stripe_fake):
    old = new_pi(sdk)
    stripe_fake.advance_clock(3600)
    mid, new = new_pi(sdk), new_pi(sdk)
    assert mid.created >= old.created + 3600
    since = sdk.v1.payment_intents.list(params={"created": {"gte": mid.created}})
    assert [p.id for p in since.data] == [new.id, mid.id]
    before = sdk.v1.payment_intents.list(params={"created": {"lt": mid.created}})
    assert [p.id for p in before.data] == [old.id]
    page = sdk.v1.payment_intents.list(params={"limit": 2})
    assert page.has_more and [p.id for p in page.data] == [new.id, mid.id]
    rest = sdk.v1.payment_intents.list(params={"limit": 2, "starting_after": mid.id})
    assert (rest.has_more, [p.id for p in rest.data]) == (False, [old.id])
    every = [p.id for p in sdk.v1.payment_intents.list(params={"limit": 1}).auto_paging_iter()]
    assert every == [new.id, mid.id, old.id]


def test_reader_list_filters_by_location(sdk, reader):
    other = sdk.v1.terminal.locations.create(
        params={"display_name": "Back room", "address": {"country": "US"}}
    )
    sdk.v1.terminal.readers.create(
        params={"registration_code": "simulated-wpe", "location": other.id}
    )
    listed = sdk.v1.terminal.readers.list(params={"location": reader.location})
    assert [r.id for r in listed.data] == [reader.id]
    assert listed.data[0].device_type == "simulated_wisepos_e"


def test_cancel_payment_intent(sdk, reader):
    pi = sdk.v1.payment_intents.cancel(
        new_pi(sdk).id, params={"cancellation_reason": "requested_by_customer"}
    )
    assert (pi.status, pi.cancellation_reason) == ("canceled", "requested_by_customer")
    paid = new_pi(sdk)
    pay(sdk, reader, paid)
    with pytest.raises(stripe.InvalidRequestError) as refused:
        sdk.v1.payment_intents.cancel(paid.id)
    assert refused.value.code == "payment_intent_unexpected_state"
    assert refused.value.error.payment_intent.status == "succeeded"


def test_update_metadata_after_payment(sdk, reader):
    pi = new_pi(sdk)
    pay(sdk, reader, pi)
    updated = sdk.v1.payment_intents.update(
        pi.id, params={"metadata": {"ticket": "", "visit": "V-9"}}
    )
    assert updated.metadata.to_dict() == {"visit": "V-9"}
    with pytest.raises(stripe.InvalidRequestError):
        sdk.v1.payment_intents.update(pi.id, params={"amount": 999})


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda sdk: sdk.v1.payment_intents.retrieve("pi_nope"), "id"),
        (lambda sdk: sdk.v1.payment_intents.cancel("pi_nope"), "id"),
        (lambda sdk: sdk.v1.refunds.retrieve("re_nope"), "id"),
        (lambda sdk: sdk.v1.terminal.readers.retrieve("tmr_nope"), "id"),
        (lambda sdk: sdk.v1.terminal.locations.retrieve("tml_nope"), "id"),
        (lambda sdk: sdk.v1.refunds.create(params={"payment_intent": "pi_nope"}), "payment_intent"),
    ],
)
def test_unknown_ids_are_resource_missing(sdk, call, param):
    with pytest.raises(stripe.InvalidRequestError) as missing:
        call(sdk)
    assert (missing.value.http_status, missing.value.code) == (404, "resource_missing")
    assert missing.value.param == param


def test_bad_requests_are_invalid_request_errors(sdk):
    with pytest.raises(stripe.InvalidRequestError) as no_amount:
        sdk.v1.payment_intents.create(params={"currency": "usd"})
    assert (no_amount.value.code, no_amount.value.param) == ("parameter_missing", "amount")
    with pytest.raises(stripe.InvalidRequestError) as unknown:
        sdk.v1.payment_intents.create(params={"amount": 100, "currency": "usd", "colour": "red"})
    assert unknown.value.code == "parameter_unknown"


def test_api_keys_are_checked(stripe_fake):
    for key in ("sk_live_abcdefgh", "pk_test_abcdefgh"):
        with pytest.raises(stripe.AuthenticationError):
            stripe.StripeClient(key, base_addresses={"api": stripe_fake.url}).v1.charges.list()
    raw = httpx.get(f"{stripe_fake.url}/v1/charges")
    assert raw.status_code == 401
    assert raw.json()["error"]["type"] == "invalid_request_error"


def test_module_level_configuration(stripe_fake, monkeypatch):
    monkeypatch.setattr(stripe, "api_key", "sk_test_module_level")
    monkeypatch.setattr(stripe, "api_base", stripe_fake.url)
    pi = stripe.PaymentIntent.create(amount=1200, currency="usd", metadata={"ticket": "T-5"})
    assert stripe.PaymentIntent.retrieve(pi.id).metadata["ticket"] == "T-5"


def test_raw_form_encoding_variants(stripe_fake):
    headers = {"Authorization": f"Bearer {stripe_fake.api_key}"}
    form = {
        "amount": "1500",
        "currency": "USD",
        "payment_method_types[]": ["card_present", "interac_present"],
        "metadata[ticket]": "T-6",
        "metadata[0]": "zero",
        "payment_method_options[card_present][request_extended_authorization]": "true",
        "expand[]": "latest_charge",
    }
    body = httpx.post(f"{stripe_fake.url}/v1/payment_intents", data=form, headers=headers).json()
    assert body["payment_method_types"] == ["card_present", "interac_present"]
    assert body["metadata"] == {"ticket": "T-6", "0": "zero"}
    assert body["currency"] == "usd"
    assert body["payment_method_options"]["card_present"]["request_extended_authorization"] is True


def test_card_on_a_payment_intent_canceled_meanwhile_fails_the_action(sdk, reader, stripe_fake):
    pi = new_pi(sdk)
    sdk.v1.terminal.readers.process_payment_intent(reader.id, params={"payment_intent": pi.id})
    sdk.v1.payment_intents.cancel(pi.id)
    tapped = sdk.v1.test_helpers.terminal.readers.present_payment_method(reader.id)
    assert (tapped.action.status, tapped.action.failure_code) == (
        "failed",
        "payment_intent_unexpected_state",
    )
    assert stripe_fake.state.charges() == []
