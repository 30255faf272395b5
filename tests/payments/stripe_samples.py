"""Sample objects and error answers from the fake, for the contract tests."""

from __future__ import annotations

from typing import Any

import stripe

from tests.stripe_fake import FakeControl

from .stripe_helpers import Raw

ADDRESS = {
    "address[country]": "US",
    "address[line1]": "1 Main St",
    "address[city]": "San Francisco",
    "address[state]": "CA",
    "address[postal_code]": "94110",
}


def _pi(raw: Raw, **extra: str) -> dict:
    form = {"amount": "2500", "currency": "usd", "payment_method_types[0]": "card_present"}
    return raw.post("/v1/payment_intents", {**form, "metadata[ticket]": "T-1", **extra})


def _process(raw: Raw, reader_id: str, pi_id: str) -> dict:
    path = f"/v1/terminal/readers/{reader_id}/process_payment_intent"
    return raw.post(path, {"payment_intent": pi_id})


def _tap(raw: Raw, reader_id: str, pi_id: str, number: str = "4242424242424242") -> dict:
    _process(raw, reader_id, pi_id)
    path = f"/v1/test_helpers/terminal/readers/{reader_id}/present_payment_method"
    return raw.post(path, {"card_present[number]": number})


def build_samples(raw: Raw) -> dict[str, dict[str, dict]]:
    """One sample object per interesting state, grouped by fixture resource name."""
    location = raw.post("/v1/terminal/locations", {"display_name": "Front", **ADDRESS})
    idle = raw.post(
        "/v1/terminal/readers", {"registration_code": "simulated-wpe", "location": location["id"]}
    )
    fresh, paid, declined = _pi(raw), _pi(raw, description="Filler, 1 syringe"), _pi(raw)
    reader_ok = _tap(raw, idle["id"], paid["id"])
    reader_declined = _tap(raw, idle["id"], declined["id"], "4000000000000002")
    in_progress = _process(raw, idle["id"], _pi(raw, capture_method="manual")["id"])
    canceled = raw.post(f"/v1/payment_intents/{_pi(raw)['id']}/cancel")
    paid = raw.get(f"/v1/payment_intents/{paid['id']}")
    declined = raw.get(f"/v1/payment_intents/{declined['id']}")
    return {
        "payment_intent": {
            "fresh": fresh,
            "succeeded": paid,
            "declined": declined,
            "canceled": canceled,
        },
        "terminal.reader": {
            "idle": idle,
            "in_progress": in_progress,
            "succeeded": reader_ok,
            "declined": reader_declined,
        },
        **_money_samples(raw, paid, declined),
        "terminal.location": {"created": location},
    }


def _money_samples(raw: Raw, paid: dict, declined: dict) -> dict[str, dict[str, dict]]:
    refund = raw.post("/v1/refunds", {"payment_intent": paid["id"], "amount": "1000"})
    return {
        "charge": {
            "succeeded": raw.get(f"/v1/charges/{paid['latest_charge']}"),
            "failed": raw.get(f"/v1/charges/{declined['latest_charge']}"),
        },
        "payment_method": {
            "tapped": raw.get(f"/v1/payment_methods/{paid['payment_method']}"),
            "declined": declined["last_payment_error"]["payment_method"],
        },
        "refund": {"partial": refund},
    }


def build_errors(raw: Raw, control: FakeControl, samples: dict) -> dict[str, tuple[int, dict]]:
    """One error answer per kind, as (HTTP status, body)."""
    paid = samples["payment_intent"]["succeeded"]
    busy_reader = samples["terminal.reader"]["in_progress"]
    held = busy_reader["action"]["process_payment_intent"]["payment_intent"]
    capture = f"/v1/payment_intents/{held}/capture"
    control.faults.stripe_error(
        402,
        "card_error",
        "Your card was declined.",
        code="card_declined",
        decline_code="generic_decline",
        path_prefix=capture,
    )
    form, key = {"amount": "900", "currency": "usd"}, {"Idempotency-Key": "contract-1"}
    raw.post("/v1/payment_intents", form, **key)
    busy = f"/v1/terminal/readers/{busy_reader['id']}/process_payment_intent"
    no_auth = raw.http.get("/v1/charges", headers={"Authorization": ""})
    return {
        "resource_missing": (404, raw.get("/v1/payment_intents/pi_missing", 404)),
        "unrecognized_url": (404, raw.get("/v1/nothing_here", 404)),
        "parameter_missing": (400, raw.post("/v1/payment_intents", {"currency": "usd"}, 400)),
        "idempotency": (
            400,
            raw.post("/v1/payment_intents", {**form, "amount": "901"}, 400, **key),
        ),
        "unexpected_state": (400, raw.post(f"/v1/payment_intents/{paid['id']}/cancel", {}, 400)),
        "reader_busy": (400, raw.post(busy, {"payment_intent": paid["id"]}, 400)),
        "card_error": (402, raw.post(capture, {}, 402)),
        "unauthenticated": (no_auth.status_code, no_auth.json()),
    }


def drive_every_endpoint(sdk: Any) -> dict[type, list]:
    """Call every route of the fake through the SDK; the objects it returned, by SDK class."""
    address = {"line1": "1 Main St", "city": "SF", "country": "US"}
    loc = sdk.v1.terminal.locations.create(params={"display_name": "Front", "address": address})
    rdr = sdk.v1.terminal.readers.create(
        params={"registration_code": "simulated-wpe", "location": loc.id}
    )
    pis = _drive_payments(sdk, rdr.id)
    pi = pis[0]
    refund = sdk.v1.refunds.create(params={"payment_intent": pi.id, "amount": 100})
    terminal = sdk.v1.terminal
    return {
        stripe.terminal.Location: [
            loc,
            terminal.locations.retrieve(loc.id),
            *terminal.locations.list().data,
        ],
        stripe.terminal.Reader: [
            rdr,
            terminal.readers.retrieve(rdr.id),
            *terminal.readers.list().data,
        ],
        stripe.PaymentIntent: [*pis, *sdk.v1.payment_intents.list().data],
        stripe.Charge: [sdk.v1.charges.retrieve(pi.latest_charge), *sdk.v1.charges.list().data],
        stripe.PaymentMethod: [sdk.v1.payment_methods.retrieve(pi.payment_method)],
        stripe.Refund: [refund, sdk.v1.refunds.retrieve(refund.id), *sdk.v1.refunds.list().data],
    }


def _drive_payments(sdk: Any, reader_id: str) -> list:
    """Paid (after a canceled action), captured and canceled PaymentIntents."""
    readers, helpers = sdk.v1.terminal.readers, sdk.v1.test_helpers.terminal.readers
    types = {"payment_method_types": ["card_present"], "currency": "usd"}
    pi = sdk.v1.payment_intents.create(params={"amount": 1000, **types})
    pi = sdk.v1.payment_intents.update(pi.id, params={"metadata": {"ticket": "T-9"}})
    readers.process_payment_intent(reader_id, params={"payment_intent": pi.id})
    readers.cancel_action(reader_id)
    readers.process_payment_intent(reader_id, params={"payment_intent": pi.id})
    assert helpers.present_payment_method(reader_id).action.status == "succeeded"
    held = sdk.v1.payment_intents.create(
        params={"amount": 700, "capture_method": "manual", **types}
    )
    readers.process_payment_intent(reader_id, params={"payment_intent": held.id})
    helpers.present_payment_method(reader_id)
    captured = sdk.v1.payment_intents.capture(held.id)
    spare = sdk.v1.payment_intents.create(params={"amount": 600, **types})
    canceled = sdk.v1.payment_intents.cancel(spare.id)
    assert (captured.status, canceled.status) == ("succeeded", "canceled")
    return [sdk.v1.payment_intents.retrieve(pi.id), captured, canceled]
