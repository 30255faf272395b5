"""Helpers shared by the fake-Stripe tests: SDK shortcuts and plain-HTTP access."""

from __future__ import annotations

import time

import httpx


def new_pi(sdk, amount=1500, **extra):
    params = {
        "amount": amount,
        "currency": "usd",
        "payment_method_types": ["card_present"],
        "capture_method": "automatic",
        "metadata": {"ticket": "T-1"},
        **extra,
    }
    return sdk.v1.payment_intents.create(params=params)


def pay(sdk, reader, pi, card=None, **present):
    sdk.v1.terminal.readers.process_payment_intent(reader.id, params={"payment_intent": pi.id})
    if card:
        present["card_present"] = {"number": card}
    return sdk.v1.test_helpers.terminal.readers.present_payment_method(reader.id, params=present)


def wait_for(predicate, timeout=5.0):
    """Poll until ``predicate()`` is truthy (bounded); returns its last value."""
    deadline = time.monotonic() + timeout
    while not (value := predicate()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return value


class Raw:
    """Plain HTTP on the fake with Stripe's form encoding; answers are the JSON bodies."""

    def __init__(self, url: str, api_key: str) -> None:
        self.http = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {api_key}"})

    def post(self, path: str, data: dict | None = None, status: int = 200, **headers) -> dict:
        reply = self.http.post(path, data=data or {}, headers=headers)
        assert reply.status_code == status, reply.text
        return reply.json()

    def get(self, path: str, status: int = 200, **params) -> dict:
        reply = self.http.get(path, params=params)
        assert reply.status_code == status, reply.text
        return reply.json()
