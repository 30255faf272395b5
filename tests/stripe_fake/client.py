"""Drive a running fake (in this process or another) through its ``/_fake/`` endpoints."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from .cards import DEFAULT_CARD
from .server import DEFAULT_API_KEY


class FakeControlError(RuntimeError):
    """A control request was refused (bad fault spec, unknown endpoint, ...)."""


class FakeControl:
    """``url``/``api_key`` for the SDK, ``reset()``, ``faults`` and ``state``."""

    def __init__(self, url: str, api_key: str = DEFAULT_API_KEY) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.faults = FaultControl(self)
        self.state = StateView(self)

    def call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:
                return json.loads(reply.read())
        except urllib.error.HTTPError as exc:
            raise FakeControlError(exc.read().decode(errors="replace")) from exc

    def reset(self) -> None:
        """Forget all objects, faults, idempotency keys, the log; reader back to ``manual``."""
        self.call("POST", "/_fake/reset")

    def advance_clock(self, seconds: float) -> int:
        """Move the fake's clock forward (``created`` of new objects); returns its new now."""
        return self.call("POST", "/_fake/clock", {"advance": seconds})["now"]

    def client(self, **kwargs: Any) -> Any:
        """A real ``stripe.StripeClient`` aimed at this fake (kwargs go to the client)."""
        import stripe

        return stripe.StripeClient(self.api_key, base_addresses={"api": self.url}, **kwargs)


class FaultControl:
    """Fault rules (each used up after ``times`` matching requests) and reader behaviour."""

    def __init__(self, control: FakeControl) -> None:
        self._control = control

    def _add(self, **spec: Any) -> dict[str, Any]:
        return self._control.call("POST", "/_fake/faults", spec)["fault"]

    def drop_after_commit(
        self, method: str = "POST", path_prefix: str = "/v1/", times: int = 1
    ) -> dict[str, Any]:
        """Do the work of the next matching request, then close the socket without a reply."""
        return self._add(
            kind="drop_after_commit", method=method, path_prefix=path_prefix, times=times
        )

    def delay(
        self,
        seconds: float,
        method: str = "*",
        path_prefix: str = "/v1/",
        times: int = 1,
        before: bool = False,
    ) -> dict[str, Any]:
        """Hold the next matching response back ``seconds`` (work first unless ``before``)."""
        return self._add(
            kind="delay",
            seconds=seconds,
            method=method,
            path_prefix=path_prefix,
            times=times,
            before=before,
        )

    def server_error(
        self, method: str = "*", path_prefix: str = "/v1/", times: int = 1
    ) -> dict[str, Any]:
        """Answer the next matching request with HTTP 500 ``api_error``, doing nothing."""
        return self._add(kind="server_error", method=method, path_prefix=path_prefix, times=times)

    def stripe_error(
        self,
        status: int,
        type: str,
        message: str,
        method: str = "*",
        path_prefix: str = "/v1/",
        times: int = 1,
        code: str | None = None,
        decline_code: str | None = None,
        param: str | None = None,
    ) -> dict[str, Any]:
        """Answer the next matching request with this Stripe error, doing nothing."""
        return self._add(
            kind="stripe_error",
            status=status,
            type=type,
            message=message,
            method=method,
            path_prefix=path_prefix,
            times=times,
            code=code,
            decline_code=decline_code,
            param=param,
        )

    def clear(self) -> None:
        self._control.call("DELETE", "/_fake/faults")

    def reader_auto_present(
        self,
        card_number: str = DEFAULT_CARD,
        after: float = 0.0,
        amount_tip: int | None = None,
        type: str = "card_present",
    ) -> dict[str, Any]:
        """Readers present ``card_number`` by themselves ``after`` seconds after a
        ``process_payment_intent`` (the number is used once to compute the outcome)."""
        spec = {"mode": "auto", "card_number": card_number, "after": after, "type": type}
        return self._control.call("POST", "/_fake/reader_mode", {**spec, "amount_tip": amount_tip})

    def reader_never_completes(self) -> dict[str, Any]:
        """Readers keep every action ``in_progress`` (nobody taps) until ``cancel_action``."""
        return self._control.call("POST", "/_fake/reader_mode", {"mode": "never"})

    def reader_manual(self) -> dict[str, Any]:
        """Default: actions complete only via the ``present_payment_method`` test helper."""
        return self._control.call("POST", "/_fake/reader_mode", {"mode": "manual"})

    def reader_offline(self) -> dict[str, Any]:
        """Readers report ``offline``; new actions fail with ``terminal_reader_offline``."""
        return self._control.call("POST", "/_fake/reader_mode", {"mode": "offline"})


class StateView:
    """Read-only looks at the fake's state (fresh snapshot per call)."""

    def __init__(self, control: FakeControl) -> None:
        self._control = control

    def snapshot(self) -> dict[str, Any]:
        return self._control.call("GET", "/_fake/state")

    def payment_intents(self) -> list[dict[str, Any]]:
        return self.snapshot()["payment_intents"]

    def charges(self) -> list[dict[str, Any]]:
        return self.snapshot()["charges"]

    def refunds(self) -> list[dict[str, Any]]:
        return self.snapshot()["refunds"]

    def readers(self) -> list[dict[str, Any]]:
        return self.snapshot()["readers"]

    def succeeded_charges(self, payment_intent_id: str) -> int:
        """How many succeeded charges exist for this PaymentIntent (double charge => 2)."""
        counts = self.snapshot()["succeeded_charges_by_payment_intent"]
        return int(counts.get(payment_intent_id, 0))

    def requests(self, method: str | None = None, path_prefix: str = "") -> list[dict[str, Any]]:
        """The request log (method, path, status, idempotency_key, replayed, fault)."""
        return [
            entry
            for entry in self.snapshot()["requests"]
            if (method is None or entry["method"] == method)
            and entry["path"].startswith(path_prefix)
        ]
