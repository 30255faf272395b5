"""Fault injection, idempotency and remote control of the fake, through the real SDK."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import stripe

from tests.stripe_fake import FakeControl

from .stripe_helpers import Raw, new_pi, pay, wait_for


def test_idempotent_replay_returns_the_same_payment_intent(sdk, stripe_fake):
    params = {"amount": 1500, "currency": "usd", "payment_method_types": ["card_present"]}
    options = {"idempotency_key": "ticket-T-1"}
    first = sdk.v1.payment_intents.create(params=params, options=options)
    second = sdk.v1.payment_intents.create(params=params, options=options)
    assert second.id == first.id
    assert second.client_secret == first.client_secret
    assert second.last_response.headers["Idempotent-Replayed"] == "true"
    assert len(stripe_fake.state.payment_intents()) == 1


def test_idempotency_key_with_other_params_is_refused(sdk, stripe_fake):
    options = {"idempotency_key": "ticket-T-2"}
    sdk.v1.payment_intents.create(params={"amount": 1500, "currency": "usd"}, options=options)
    with pytest.raises(stripe.IdempotencyError):
        sdk.v1.payment_intents.create(params={"amount": 2500, "currency": "usd"}, options=options)
    assert len(stripe_fake.state.payment_intents()) == 1


def test_drop_after_commit_without_retries(sdk, stripe_fake):
    stripe_fake.faults.drop_after_commit("POST", "/v1/payment_intents")
    options = {"idempotency_key": "ticket-T-3"}
    params = {"amount": 1500, "currency": "usd", "payment_method_types": ["card_present"]}
    with pytest.raises(stripe.APIConnectionError):
        sdk.v1.payment_intents.create(params=params, options=options)
    committed = stripe_fake.state.payment_intents()
    assert len(committed) == 1  # the work was done although no answer came back
    retried = sdk.v1.payment_intents.create(params=params, options=options)
    assert retried.id == committed[0]["id"]
    assert len(stripe_fake.state.payment_intents()) == 1


def test_drop_after_commit_with_sdk_retries_creates_one_payment_intent(stripe_fake):
    sdk = stripe_fake.client(max_network_retries=2)
    stripe_fake.faults.drop_after_commit("POST", "/v1/payment_intents")
    pi = sdk.v1.payment_intents.create(
        params={"amount": 1500, "currency": "usd"}, options={"idempotency_key": "ticket-T-4"}
    )
    assert [p["id"] for p in stripe_fake.state.payment_intents()] == [pi.id]
    posts = stripe_fake.state.requests("POST", "/v1/payment_intents")
    assert [(p["fault"], p["replayed"]) for p in posts] == [
        ("drop_after_commit", False),
        (None, True),
    ]
    assert {p["idempotency_key"] for p in posts} == {"ticket-T-4"}


def test_server_error_does_nothing(sdk, stripe_fake):
    stripe_fake.faults.server_error("POST", "/v1/payment_intents")
    with pytest.raises(stripe.APIError) as failed:
        new_pi(sdk)
    assert failed.value.http_status == 500
    assert stripe_fake.state.payment_intents() == []
    new_pi(sdk)
    assert len(stripe_fake.state.payment_intents()) == 1


def test_delayed_response_times_out_after_the_work_is_done(stripe_fake):
    impatient = stripe_fake.client(
        max_network_retries=0, http_client=stripe.RequestsClient(timeout=0.3)
    )
    stripe_fake.faults.delay(30, "POST", "/v1/payment_intents")
    with pytest.raises(stripe.APIConnectionError):
        new_pi(impatient)
    assert len(stripe_fake.state.payment_intents()) == 1


def test_injected_card_error_on_capture(sdk, reader, stripe_fake):
    pi = new_pi(sdk, capture_method="manual")
    pay(sdk, reader, pi)
    stripe_fake.faults.stripe_error(
        402,
        "card_error",
        "Your card was declined.",
        code="card_declined",
        decline_code="generic_decline",
        path_prefix=f"/v1/payment_intents/{pi.id}/capture",
    )
    with pytest.raises(stripe.CardError) as declined:
        sdk.v1.payment_intents.capture(pi.id)
    assert (declined.value.code, declined.value.http_status) == ("card_declined", 402)
    assert declined.value.error.payment_intent.id == pi.id
    assert sdk.v1.payment_intents.retrieve(pi.id).status == "requires_capture"


def test_reader_auto_present_completes_without_the_test_helper(sdk, reader, stripe_fake):
    stripe_fake.faults.reader_auto_present(after=0.05)
    pi = new_pi(sdk)
    sdk.v1.terminal.readers.process_payment_intent(reader.id, params={"payment_intent": pi.id})
    assert wait_for(lambda: sdk.v1.payment_intents.retrieve(pi.id).status == "succeeded")
    assert sdk.v1.terminal.readers.retrieve(reader.id).action.status == "succeeded"


def test_reader_auto_present_declining_card(sdk, reader, stripe_fake):
    stripe_fake.faults.reader_auto_present("4000000000000069")
    pi = new_pi(sdk)
    sdk.v1.terminal.readers.process_payment_intent(reader.id, params={"payment_intent": pi.id})
    action = wait_for(
        lambda: (a := sdk.v1.terminal.readers.retrieve(reader.id).action).status == "failed" and a
    )
    assert action.failure_code == "expired_card"


def test_reader_that_never_completes_can_be_canceled(sdk, reader, stripe_fake):
    stripe_fake.faults.reader_never_completes()
    pi = new_pi(sdk)
    sdk.v1.terminal.readers.process_payment_intent(reader.id, params={"payment_intent": pi.id})
    assert sdk.v1.terminal.readers.retrieve(reader.id).action.status == "in_progress"
    assert sdk.v1.terminal.readers.cancel_action(reader.id).action is None
    assert sdk.v1.payment_intents.retrieve(pi.id).status == "requires_payment_method"


def test_standalone_server_and_remote_control():
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "-m", "tests.stripe_fake", "--port", "0"]
    with subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True) as proc:
        try:
            url = proc.stdout.readline().strip().removeprefix("STRIPE_FAKE_URL=")
            assert proc.stdout.readline().startswith("STRIPE_FAKE_API_KEY=rk_test_")
            control = FakeControl(url)
            sdk = control.client(max_network_retries=0)
            pi = sdk.v1.payment_intents.create(params={"amount": 700, "currency": "usd"})
            assert [p["id"] for p in control.state.payment_intents()] == [pi.id]
            control.reset()
            assert control.state.payment_intents() == []
        finally:
            proc.terminate()
    assert proc.returncode == 0


def test_concurrent_request_with_the_same_key_is_a_409(stripe_fake):
    """While the first request with a key runs, another one with it gets 409 (SDK retries)."""
    stripe_fake.faults.delay(30, "POST", "/v1/payment_intents", before=True)
    raw = Raw(stripe_fake.url, stripe_fake.api_key)
    form = {"amount": "900", "currency": "usd"}
    key = {"Idempotency-Key": "slow-1"}
    first = threading.Thread(
        target=lambda: raw.http.post("/v1/payment_intents", data=form, headers=key)
    )
    first.start()
    try:
        assert wait_for(lambda: not stripe_fake.state.snapshot()["faults"])
        time.sleep(0.05)  # the slow request took its fault; let it reserve the key
        second = httpx.post(
            f"{stripe_fake.url}/v1/payment_intents", data=form, headers={**key, **raw.http.headers}
        )
        assert second.status_code == 409
        assert second.json()["error"]["type"] == "idempotency_error"
    finally:
        stripe_fake.server.app.stopping.set()  # let the slow request finish now
        first.join(timeout=10)
        raw.http.close()
