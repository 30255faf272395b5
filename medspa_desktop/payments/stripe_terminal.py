"""Stripe Terminal, server-driven, through the ``stripe`` SDK: the ``CardTerminal`` port.

The device talks to Stripe directly (card payments work while the clinic's sync server is
down, as long as the internet is up), with the location's restricted API key from the OS
keyring. ``api_base`` points the SDK elsewhere only in tests (the fake under ``tests/``).

Calls block on the network: worker threads only. The SDK retries a lost request itself
(``NETWORK_RETRIES``) with the same idempotency key, so a retry never charges twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import stripe

from medspa_desktop.domain.card_terminal import (
    IntentState,
    ReaderState,
    RefundState,
    TerminalRefused,
    TerminalUnreachable,
)

NETWORK_RETRIES = 2
TIMEOUT_SECONDS = 20
T = TypeVar("T")


class StripeTerminal:
    """The port over one Stripe account (see ``payments.terminal.CardTerminal``)."""

    def __init__(self, api_key: str, api_base: str | None = None) -> None:
        addresses: Any = {"api": api_base} if api_base else None
        http = stripe.RequestsClient(timeout=TIMEOUT_SECONDS)
        self._client = stripe.StripeClient(
            api_key,
            base_addresses=addresses,
            max_network_retries=NETWORK_RETRIES,
            http_client=http,
        )
        self._v1 = self._client.v1

    def create_intent(
        self, *, key: str, amount_minor: int, currency: str, attempt_id: str, description: str
    ) -> IntentState:
        params: Any = {
            "amount": amount_minor,
            "currency": currency.lower(),
            "payment_method_types": ["card_present"],
            "capture_method": "automatic",
            "description": description[:200],
            "metadata": {"attempt": attempt_id},
            "expand": ["latest_charge"],
        }
        intent = _call(lambda: self._v1.payment_intents.create(params, {"idempotency_key": key}))
        return intent_state(intent)

    def find_intent(self, intent_id: str) -> IntentState:
        params: Any = {"expand": ["latest_charge"]}
        return intent_state(_call(lambda: self._v1.payment_intents.retrieve(intent_id, params)))

    def process(self, *, key: str, reader_id: str, intent_id: str) -> ReaderState:
        params: Any = {"payment_intent": intent_id}
        readers = self._v1.terminal.readers
        return reader_state(
            _call(
                lambda: readers.process_payment_intent(reader_id, params, {"idempotency_key": key})
            )
        )

    def reader(self, reader_id: str) -> ReaderState:
        return reader_state(_call(lambda: self._v1.terminal.readers.retrieve(reader_id)))

    def cancel_action(self, *, key: str, reader_id: str) -> ReaderState:
        readers = self._v1.terminal.readers
        return reader_state(
            _call(lambda: readers.cancel_action(reader_id, None, {"idempotency_key": key}))
        )

    def cancel_intent(self, *, key: str, intent_id: str) -> IntentState:
        params: Any = {"cancellation_reason": "abandoned", "expand": ["latest_charge"]}
        intents = self._v1.payment_intents
        return intent_state(
            _call(lambda: intents.cancel(intent_id, params, {"idempotency_key": key}))
        )

    def capture(self, *, key: str, intent_id: str) -> IntentState:
        params: Any = {"expand": ["latest_charge"]}
        intents = self._v1.payment_intents
        return intent_state(
            _call(lambda: intents.capture(intent_id, params, {"idempotency_key": key}))
        )

    def refund(self, *, key: str, intent_id: str, amount_minor: int) -> RefundState:
        params: Any = {"payment_intent": intent_id, "amount": amount_minor}
        return refund_state(
            _call(lambda: self._v1.refunds.create(params, {"idempotency_key": key}))
        )

    def intents_between(self, start: dt.datetime, end: dt.datetime) -> list[IntentState]:
        params: Any = {
            "created": _window(start, end),
            "limit": 100,
            "expand": ["data.latest_charge"],
        }
        pages = _call(lambda: self._v1.payment_intents.list(params))
        return [intent_state(intent) for intent in pages.auto_paging_iter()]

    def refunds_between(self, start: dt.datetime, end: dt.datetime) -> list[RefundState]:
        params: Any = {"created": _window(start, end), "limit": 100}
        pages = _call(lambda: self._v1.refunds.list(params))
        return [refund_state(refund) for refund in pages.auto_paging_iter()]

    def register_reader(
        self, *, key: str, registration_code: str, label: str, location: str
    ) -> ReaderState:
        params: Any = {"registration_code": registration_code, "label": label, "location": location}
        readers = self._v1.terminal.readers
        return reader_state(_call(lambda: readers.create(params, {"idempotency_key": key})))

    def readers(self) -> list[ReaderState]:
        pages = _call(lambda: self._v1.terminal.readers.list({"limit": 100}))
        return [reader_state(reader) for reader in pages.auto_paging_iter()]


def _call(request: Callable[[], T]) -> T:
    """Run one SDK call, turning its errors into the port's (messages safe to show)."""
    try:
        return request()
    except stripe.APIConnectionError as err:
        raise TerminalUnreachable(
            "No connection to Stripe: card payments need the internet. Take another tender, "
            "or try again when the connection is back."
        ) from err
    except stripe.AuthenticationError as err:
        raise TerminalRefused(
            "Stripe refused the API key. An owner can enter the key again in Settings → Payments.",
            code="authentication",
        ) from err
    except stripe.StripeError as err:
        error = getattr(err, "error", None)
        code = getattr(error, "code", None) or ""
        message = (
            getattr(error, "message", None) or err.user_message or "Stripe refused the request."
        )
        raise TerminalRefused(str(message), code=str(code)) from err


def _window(start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    return {"gte": int(start.timestamp()), "lt": int(end.timestamp())}


def _get(obj: Any, *path: str) -> Any:
    for name in path:
        if obj is None:
            return None
        obj = obj.get(name) if hasattr(obj, "get") else getattr(obj, name, None)
    return obj


def intent_state(intent: Any) -> IntentState:
    charge = _get(intent, "latest_charge")
    card = (
        _get(charge, "payment_method_details", "card_present")
        if not isinstance(charge, str)
        else None
    )
    created = _get(intent, "created")
    return IntentState(
        id=intent["id"],
        status=intent["status"],
        amount_minor=int(intent["amount"]),
        currency=str(intent["currency"]).upper(),
        card_brand=str(_get(card, "brand") or ""),
        card_last4=str(_get(card, "last4") or ""),
        decline_message=str(_get(intent, "last_payment_error", "message") or ""),
        attempt_id=str(_get(intent, "metadata", "attempt") or ""),
        created=dt.datetime.fromtimestamp(created, dt.UTC) if created else None,
    )


def reader_state(reader: Any) -> ReaderState:
    action = _get(reader, "action")
    return ReaderState(
        id=reader["id"],
        label=str(_get(reader, "label") or ""),
        online=_get(reader, "status") == "online",
        action=str(_get(action, "status") or ""),
        action_intent_id=str(_get(action, "process_payment_intent", "payment_intent") or ""),
        failure_message=str(_get(action, "failure_message") or ""),
    )


def refund_state(refund: Any) -> RefundState:
    created = _get(refund, "created")
    intent = _get(refund, "payment_intent")
    return RefundState(
        id=refund["id"],
        intent_id=intent if isinstance(intent, str) else str(_get(intent, "id") or ""),
        amount_minor=int(refund["amount"]),
        status=str(refund["status"]),
        created=dt.datetime.fromtimestamp(created, dt.UTC) if created else None,
    )
