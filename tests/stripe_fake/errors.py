"""Stripe's error objects: ``{"error": {"type", "code", "message", "param", ...}}``."""

from __future__ import annotations

from typing import Any

DOCS = "https://stripe.com/docs/error-codes/"


class StripeError(Exception):
    """An API error rendered as Stripe's error JSON with the given HTTP status.

    ``replayable`` says whether the idempotency layer keeps the response under the request's
    key: Stripe stores the result of a request that began executing, but not one that failed
    parameter validation (those may be retried with corrected parameters under the same key).
    """

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        replayable: bool = True,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message
        self.code = code
        self.param = param
        self.replayable = replayable
        self.extra = extra

    def error_dict(self) -> dict[str, Any]:
        """The inner ``error`` object, keys as Stripe sends them (absent when not applicable)."""
        err: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code:
            err["code"] = self.code
            err["doc_url"] = DOCS + self.code.replace("_", "-")
        if self.param:
            err["param"] = self.param
        err.update({k: v for k, v in self.extra.items() if v is not None})
        return err


def invalid(message: str, *, code: str | None = None, param: str | None = None, **extra: Any):
    """A 400 ``invalid_request_error`` about the object's state (stored for idempotent replay)."""
    return StripeError(400, "invalid_request_error", message, code=code, param=param, **extra)


def bad_param(message: str, param: str, code: str = "parameter_invalid") -> StripeError:
    """A 400 parameter validation error; not stored under the idempotency key."""
    return StripeError(
        400, "invalid_request_error", message, code=code, param=param, replayable=False
    )


def missing_param(param: str) -> StripeError:
    return bad_param(f"Missing required param: {param}.", param, "parameter_missing")


def unknown_param(param: str) -> StripeError:
    return bad_param(f"Received unknown parameter: {param}", param, "parameter_unknown")


def no_such(resource: str, object_id: str, param: str = "id") -> StripeError:
    """404 ``resource_missing`` for an id that names nothing."""
    return StripeError(
        404,
        "invalid_request_error",
        f"No such {resource}: '{object_id}'",
        code="resource_missing",
        param=param,
        replayable=False,
    )


def unrecognized_url(method: str, path: str) -> StripeError:
    return StripeError(
        404,
        "invalid_request_error",
        f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs "
        "or we can help at https://support.stripe.com/.",
        replayable=False,
    )


def unexpected_state(message: str, payment_intent: dict[str, Any] | None = None) -> StripeError:
    return invalid(message, code="payment_intent_unexpected_state", payment_intent=payment_intent)


def idempotency(message: str, status: int = 400) -> StripeError:
    return StripeError(status, "idempotency_error", message, replayable=False)


def api_error(message: str = "An unknown error occurred") -> StripeError:
    """500 ``api_error``: Stripe's side failed (fault injection only)."""
    return StripeError(500, "api_error", message, replayable=False)


def auth_error(message: str) -> StripeError:
    return StripeError(401, "invalid_request_error", message, replayable=False)
