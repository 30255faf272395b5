"""Fault injection and the simulated reader's behaviour (server side).

Rules match the next request(s) by HTTP method (``"*"`` for any) and path prefix, and are used
up ``times`` times, oldest rule first. Kinds:

``drop_after_commit``
    handle the request fully (state changed, idempotent result stored), then close the
    connection without sending a single byte of response;
``delay``
    wait ``seconds`` before sending the response (after the work is done), or before doing any
    work when ``before`` is true;
``server_error``
    answer HTTP 500 ``api_error`` and do nothing;
``stripe_error``
    answer the given Stripe error (``status``, ``type``, ``code``, ``message``,
    ``decline_code``, ``param``) and do nothing.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from typing import Any

from .cards import CardRead, read_card

KINDS = ("drop_after_commit", "delay", "server_error", "stripe_error")
READER_MODES = ("manual", "auto", "never", "offline")
_ERROR_KEYS = ("status", "type", "code", "message", "decline_code", "param")


@dataclass
class Fault:
    id: int
    kind: str
    method: str = "*"
    path_prefix: str = "/v1/"
    times: int = 1
    seconds: float = 0.0
    before: bool = False
    error: dict[str, Any] = field(default_factory=dict)

    def matches(self, method: str, path: str) -> bool:
        return self.method in ("*", method) and path.startswith(self.path_prefix)


@dataclass
class ReaderMode:
    """What a simulated reader does once ``process_payment_intent`` is accepted.

    ``manual`` and ``never``: the action stays ``in_progress`` until the test helper
    ``present_payment_method`` or ``cancel_action`` is called (``never`` spells out that the
    customer never taps). ``auto``: the reader presents ``card`` by itself ``after`` seconds
    later. ``offline``: the reader reports ``status: offline`` and refuses new actions.
    """

    mode: str = "manual"
    card: CardRead | None = None
    method_type: str = "card_present"
    after: float = 0.0
    amount_tip: int | None = None

    def describe(self) -> dict[str, Any]:
        card = self.card
        return {
            "mode": self.mode,
            "card": {"brand": card.brand, "last4": card.last4} if card else None,
            "type": self.method_type,
            "after": self.after,
            "amount_tip": self.amount_tip,
        }


class Faults:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[Fault] = []
        self._next_id = 1
        self.reader = ReaderMode()

    def reset(self) -> None:
        with self._lock:
            self._rules.clear()
            self.reader = ReaderMode()

    def add(self, spec: dict[str, Any]) -> Fault:
        """Register a rule from its JSON description; ``ValueError`` when it makes no sense."""
        kind = spec.get("kind")
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        error = {k: spec[k] for k in _ERROR_KEYS if spec.get(k) is not None}
        if kind == "stripe_error" and not {"status", "type", "message"} <= set(error):
            raise ValueError("stripe_error needs status, type and message")
        with self._lock:
            fault = Fault(
                id=self._next_id,
                kind=kind,
                method=str(spec.get("method") or "*").upper(),
                path_prefix=str(spec.get("path_prefix") or "/v1/"),
                times=int(spec.get("times", 1)),
                seconds=float(spec.get("seconds", 0.0)),
                before=bool(spec.get("before", False)),
                error=error,
            )
            self._next_id += 1
            self._rules.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """Use up one application of the oldest rule matching this request, if any."""
        with self._lock:
            for fault in self._rules:
                if fault.matches(method, path):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._rules.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(fault) for fault in self._rules]

    def set_reader_mode(self, spec: dict[str, Any]) -> ReaderMode:
        mode = spec.get("mode", "manual")
        if mode not in READER_MODES:
            raise ValueError(f"mode must be one of {READER_MODES}, not {mode!r}")
        method_type = spec.get("type") or "card_present"
        card = None
        if mode == "auto":
            interac = method_type == "interac_present"
            card = read_card(spec.get("card_number"), "card_number", interac=interac)
        tip = spec.get("amount_tip")
        self.reader = ReaderMode(
            mode,
            card,
            method_type,
            float(spec.get("after", 0.0)),
            None if tip is None else int(tip),
        )
        return self.reader
