"""The card terminal port: what checkout asks of a card-present payment provider (the
adapters live in ``medspa_desktop/payments``; services see only this).

Two adapters implement it: ``stripe_terminal.StripeTerminal`` (Stripe Terminal, server
driven, through the ``stripe`` SDK) and ``simulated.SimulatedTerminal`` (demo mode, in
process, no keys). Services use only this module's types.

Every call that changes something takes ``key``, the idempotency key: the same key and the
same arguments never do the thing twice, however often they are sent (Stripe keeps keys
for 24 hours). Nothing of a card but its brand and last four digits ever comes back.

Errors: ``TerminalUnreachable`` (no connection: the request may or may not have arrived),
``TerminalRefused`` (the provider answered no, with a message that can be shown).
Calls block on the network: call them from a worker thread, never the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

SUCCEEDED = "succeeded"
CANCELED = "canceled"
REQUIRES_CAPTURE = "requires_capture"
PROCESSING = "processing"
WAITING = frozenset({"requires_payment_method", "requires_confirmation", "requires_action"})
"""A payment intent nobody has paid yet (or whose card was declined)."""


class TerminalError(Exception):
    """Base of the port's errors; ``str(err)`` is safe to show (never card data)."""


class TerminalUnreachable(TerminalError):
    """No answer: no internet, or the provider is down. The request may have arrived."""


class TerminalRefused(TerminalError):
    """The provider refused the request (bad key, reader busy, amount too large ...)."""

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class IntentState:
    """A payment intent as the provider sees it now."""

    id: str
    status: str
    amount_minor: int
    currency: str
    card_brand: str = ""
    card_last4: str = ""
    decline_message: str = ""
    """Why the last card was declined, in the provider's words (safe to show)."""
    attempt_id: str = ""
    """The local attempt that made it (``metadata[attempt]``)."""
    created: dt.datetime | None = None


@dataclass(frozen=True)
class ReaderState:
    id: str
    label: str
    online: bool
    action: str = ""
    """``in_progress``, ``succeeded``, ``failed`` or ``""`` (idle)."""
    action_intent_id: str = ""
    failure_message: str = ""


@dataclass(frozen=True)
class RefundState:
    id: str
    intent_id: str
    amount_minor: int
    status: str
    created: dt.datetime | None = None


class CardTerminal(Protocol):
    """A card-present payment provider. See the module docstring for keys and errors."""

    def create_intent(
        self, *, key: str, amount_minor: int, currency: str, attempt_id: str, description: str
    ) -> IntentState: ...

    def find_intent(self, intent_id: str) -> IntentState: ...

    def process(self, *, key: str, reader_id: str, intent_id: str) -> ReaderState: ...

    def reader(self, reader_id: str) -> ReaderState: ...

    def cancel_action(self, *, key: str, reader_id: str) -> ReaderState: ...

    def cancel_intent(self, *, key: str, intent_id: str) -> IntentState: ...

    def capture(self, *, key: str, intent_id: str) -> IntentState: ...

    def refund(self, *, key: str, intent_id: str, amount_minor: int) -> RefundState: ...

    def intents_between(self, start: dt.datetime, end: dt.datetime) -> list[IntentState]: ...

    def refunds_between(self, start: dt.datetime, end: dt.datetime) -> list[RefundState]: ...

    def register_reader(
        self, *, key: str, registration_code: str, label: str, location: str
    ) -> ReaderState: ...

    def readers(self) -> list[ReaderState]: ...
