"""A simulated card reader for demo mode: the whole checkout can be tried without keys.

It behaves like Stripe Terminal through the ``CardTerminal`` port: a payment sent to a
reader (any id starting ``tmr_demo``) is "tapped" ``tap_seconds`` later with a Visa ending
4242 and succeeds, unless the amount ends in .02, which is declined ("Your card was
declined.") as Stripe's test card would be. Idempotency keys replay like Stripe's. With
``state_file`` its state survives a restart (so a demo restarted mid-payment resumes like
the real thing); thread-safe.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from medspa_desktop.domain.card_terminal import (
    IntentState,
    ReaderState,
    RefundState,
    TerminalRefused,
)

DEMO_READER_PREFIX = "tmr_demo"
"""The demo clinic's readers (``tmr_demo_<location code>``); any other id is unknown."""
DEMO_READER_ID = "tmr_demo_front_desk"
DECLINING_CENTS = 2


class SimulatedTerminal:
    """In-process stand-in for Stripe Terminal (see the module docstring)."""

    def __init__(self, tap_seconds: float = 2.0, state_file: Path | None = None) -> None:
        self.tap_seconds = tap_seconds
        self._file = state_file
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {"intents": {}, "refunds": {}, "keys": {}, "readers": {}}
        if state_file is not None and state_file.exists():
            self._state = json.loads(state_file.read_text())

    def create_intent(
        self, *, key: str, amount_minor: int, currency: str, attempt_id: str, description: str
    ) -> IntentState:
        def make() -> dict[str, Any]:
            intent: dict[str, Any] = {"id": _id("pi"), "status": "requires_payment_method"}
            intent |= {"amount": amount_minor, "currency": currency.upper(), "brand": ""}
            intent |= {"last4": "", "decline": "", "attempt": attempt_id, "created": _now()}
            self._state["intents"][intent["id"]] = intent
            return {"intent": intent["id"]}

        return self._intent(self._once(key, make)["intent"])

    def find_intent(self, intent_id: str) -> IntentState:
        with self._lock:
            self._tap_if_due()
        return self._intent(intent_id)

    def process(self, *, key: str, reader_id: str, intent_id: str) -> ReaderState:
        def send() -> dict[str, Any]:
            self._require_reader(reader_id)
            if self._action(reader_id).get("status") == "in_progress":
                raise TerminalRefused("The reader is busy with another payment.", code="busy")
            due = time.time() + self.tap_seconds
            self._state["readers"][reader_id] = {"status": "in_progress", "intent": intent_id}
            self._state["readers"][reader_id]["due"] = due
            return {}

        self._once(key, send)
        return self.reader(reader_id)

    def reader(self, reader_id: str) -> ReaderState:
        with self._lock:
            self._require_reader(reader_id)
            self._tap_if_due()
            action = self._action(reader_id)
            return ReaderState(
                reader_id,
                "Demo reader",
                True,
                action.get("status", ""),
                action.get("intent", ""),
                action.get("failure", ""),
            )

    def cancel_action(self, *, key: str, reader_id: str) -> ReaderState:
        def cancel() -> dict[str, Any]:
            self._tap_if_due()
            if self._action(reader_id).get("status") != "in_progress":
                raise TerminalRefused("Nothing is in progress on the reader.")
            self._state["readers"][reader_id] = {}
            return {}

        self._once(key, cancel)
        return self.reader(reader_id)

    def cancel_intent(self, *, key: str, intent_id: str) -> IntentState:
        def cancel() -> dict[str, Any]:
            intent = self._get(intent_id)
            if intent["status"] in ("succeeded", "canceled"):
                raise TerminalRefused(f"This payment is already {intent['status']}.")
            intent["status"] = "canceled"
            return {}

        self._once(key, cancel)
        return self._intent(intent_id)

    def capture(self, *, key: str, intent_id: str) -> IntentState:
        return self._intent(intent_id)  # the simulated reader captures at once

    def refund(self, *, key: str, intent_id: str, amount_minor: int) -> RefundState:
        def give_back() -> dict[str, Any]:
            intent = self._get(intent_id)
            refunds = self._state["refunds"].values()
            done = sum(r["amount"] for r in refunds if r["intent"] == intent_id)
            if intent["status"] != "succeeded" or amount_minor > intent["amount"] - done:
                raise TerminalRefused("That refund is more than is left on the payment.")
            refund = {"id": _id("re"), "intent": intent_id, "amount": amount_minor}
            refund["created"] = _now()
            self._state["refunds"][refund["id"]] = refund
            return {"refund": refund["id"]}

        return self._state_refund(self._once(key, give_back)["refund"])

    def intents_between(self, start: dt.datetime, end: dt.datetime) -> list[IntentState]:
        with self._lock:
            ids = [i["id"] for i in self._state["intents"].values() if _within(i, start, end)]
        return [self._intent(intent_id) for intent_id in ids]

    def refunds_between(self, start: dt.datetime, end: dt.datetime) -> list[RefundState]:
        with self._lock:
            ids = [r["id"] for r in self._state["refunds"].values() if _within(r, start, end)]
        return [self._state_refund(refund_id) for refund_id in ids]

    def register_reader(
        self, *, key: str, registration_code: str, label: str, location: str
    ) -> ReaderState:
        return self.reader(DEMO_READER_ID)

    def readers(self) -> list[ReaderState]:
        with self._lock:
            ids = sorted({DEMO_READER_ID, *self._state["readers"]})
        return [self.reader(reader_id) for reader_id in ids]

    def adopt(self, intents: list[IntentState], refunds: list[RefundState]) -> None:
        """Take on history made elsewhere (the demo clinic's past card payments), so the
        demo's Stripe account holds what its ledger says was charged; ids already known
        are left as they are."""
        with self._lock:
            for i in intents:
                self._state["intents"].setdefault(i.id, _intent_row(i))
            for r in refunds:
                created = (r.created or dt.datetime.now(dt.UTC)).isoformat()
                row = {"id": r.id, "intent": r.intent_id, "amount": r.amount_minor}
                self._state["refunds"].setdefault(r.id, row | {"created": created})
            self._save()

    # -- inside ----------------------------------------------------------------------------

    def _once(self, key: str, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        with self._lock:
            if key in self._state["keys"]:
                return dict(self._state["keys"][key])
            result = work()
            self._state["keys"][key] = result
            self._save()
            return result

    def _action(self, reader_id: str) -> dict[str, Any]:
        action: dict[str, Any] = self._state["readers"].get(reader_id, {})
        return action

    def _tap_if_due(self) -> None:
        for action in self._state["readers"].values():
            if action.get("status") == "in_progress" and time.time() >= action.get("due", 0):
                self._tap(action)
                self._save()

    def _tap(self, action: dict[str, Any]) -> None:
        intent = self._state["intents"].get(action["intent"])
        if intent is None or intent["status"] != "requires_payment_method":
            action.update(status="failed", failure="The payment was cancelled.")
        elif intent["amount"] % 100 == DECLINING_CENTS:
            intent["decline"] = "Your card was declined."
            action.update(status="failed", failure=intent["decline"])
        else:
            intent.update(status="succeeded", brand="visa", last4="4242", decline="")
            action.update(status="succeeded")

    def _require_reader(self, reader_id: str) -> None:
        if not reader_id.startswith(DEMO_READER_PREFIX):
            raise TerminalRefused(f"No such reader: {reader_id}", code="resource_missing")

    def _get(self, intent_id: str) -> dict[str, Any]:
        intent = self._state["intents"].get(intent_id)
        if intent is None:
            raise TerminalRefused(f"No such payment: {intent_id}", code="resource_missing")
        return intent

    def _intent(self, intent_id: str) -> IntentState:
        with self._lock:
            i = dict(self._get(intent_id))
        return IntentState(
            i["id"], i["status"], i["amount"], i["currency"], i["brand"], i["last4"],
            i["decline"], i["attempt"], dt.datetime.fromisoformat(i["created"]),
        )  # fmt: skip

    def _state_refund(self, refund_id: str) -> RefundState:
        with self._lock:
            r = dict(self._state["refunds"][refund_id])
        created = dt.datetime.fromisoformat(r["created"])
        return RefundState(r["id"], r["intent"], r["amount"], "succeeded", created)

    def _save(self) -> None:
        if self._file is not None:
            self._file.write_text(json.dumps(self._state))


def _intent_row(i: IntentState) -> dict[str, Any]:
    created = (i.created or dt.datetime.now(dt.UTC)).isoformat()
    row = {"id": i.id, "status": i.status, "amount": i.amount_minor, "currency": i.currency}
    row |= {"brand": i.card_brand, "last4": i.card_last4, "decline": i.decline_message}
    return row | {"attempt": i.attempt_id, "created": created}


def _id(prefix: str) -> str:
    return f"{prefix}_demo{secrets.token_hex(8)}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _within(row: dict[str, Any], start: dt.datetime, end: dt.datetime) -> bool:
    return start <= dt.datetime.fromisoformat(row["created"]) < end
