"""``/v1/payment_intents``: create, retrieve, update, list, cancel, capture."""

from __future__ import annotations

import copy
import re
from typing import Any

from . import objects
from .errors import bad_param, invalid, unexpected_state
from .listing import LIST_PARAMS, paginate
from .params import (
    as_enum,
    as_int,
    as_str,
    as_str_list,
    check_allowed,
    coerce_scalars,
    merge_metadata,
    require,
)
from .store import Store

_TEXT = ("description", "receipt_email", "statement_descriptor", "statement_descriptor_suffix")
_EDITABLE = ("amount", "currency", "payment_method_types", "capture_method")
_CREATE = (*_TEXT, *_EDITABLE, "metadata", "customer", "payment_method_options", "expand")
_CAPTURE_METHODS = ("automatic", "automatic_async", "manual")
_CANCELABLE = (
    "requires_payment_method",
    "requires_capture",
    "requires_confirmation",
    "requires_action",
    "processing",
)
_CANCEL_REASONS = ("duplicate", "fraudulent", "requested_by_customer", "abandoned")


def _amount(params: dict[str, Any], default: int | None = None) -> int:
    amount = as_int(params, "amount", default)
    if amount is None:
        return require(params, "amount")
    if amount < 50:
        raise invalid("Amount must be at least $0.50 usd", code="amount_too_small", param="amount")
    if amount > 99_999_999:
        raise invalid("Amount must be no more than $999,999.99", code="amount_too_large")
    return amount


def _currency(params: dict[str, Any], default: str | None = None) -> str:
    currency = (as_str(params, "currency") or default or require(params, "currency")).lower()
    if not re.fullmatch(r"[a-z]{3}", currency):
        raise bad_param(f"Invalid currency: {currency}.", "currency")
    return currency


def _fields(params: dict[str, Any]) -> dict[str, Any]:
    types = as_str_list(params, "payment_method_types", ["card"])
    given_options = coerce_scalars(params.get("payment_method_options") or {})
    return {
        "amount": _amount(params),
        "currency": _currency(params),
        "payment_method_types": types,
        "capture_method": as_enum(params, "capture_method", _CAPTURE_METHODS, "automatic_async"),
        "metadata": merge_metadata({}, params.get("metadata")),
        "payment_method_options": objects.payment_method_options(types, given_options),
        "customer": as_str(params, "customer"),
        **{key: as_str(params, key) for key in _TEXT},
    }


def create(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_allowed(params, _CREATE)
    return store.add(objects.payment_intent(_fields(params), store.now()))


def retrieve(store: Store, params: dict[str, Any], pi_id: str) -> dict[str, Any]:
    check_allowed(params, ("expand", "client_secret"))
    return store.get("payment_intent", pi_id)


def update(store: Store, params: dict[str, Any], pi_id: str) -> dict[str, Any]:
    """Metadata and texts may change at any time; money fields only before a payment."""
    check_allowed(params, (*_TEXT, *_EDITABLE, "metadata", "expand"))
    pi = store.get("payment_intent", pi_id)
    if any(key in params for key in _EDITABLE) and pi["status"] != "requires_payment_method":
        raise unexpected_state(
            f"This PaymentIntent's amount could not be updated because it has a status of "
            f"{pi['status']}.",
            copy.deepcopy(pi),
        )
    changes = {  # all validated before anything changes: a refused update changes nothing
        "amount": _amount(params, pi["amount"]),
        "currency": _currency(params, pi["currency"]),
        "capture_method": as_enum(params, "capture_method", _CAPTURE_METHODS, pi["capture_method"]),
        "payment_method_types": as_str_list(
            params, "payment_method_types", pi["payment_method_types"]
        ),
        "metadata": merge_metadata(pi["metadata"], params.get("metadata")),
        **{key: as_str(params, key) for key in _TEXT if key in params},
    }
    pi.update(changes)
    return pi


def list_all(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_allowed(params, (*LIST_PARAMS, "customer"))
    filters = {"customer": params.get("customer")}
    return paginate(store, "payment_intent", "/v1/payment_intents", params, filters)


def cancel(store: Store, params: dict[str, Any], pi_id: str) -> dict[str, Any]:
    check_allowed(params, ("cancellation_reason", "expand"))
    reason = as_enum(params, "cancellation_reason", _CANCEL_REASONS)
    pi = store.get("payment_intent", pi_id)
    if pi["status"] not in _CANCELABLE:
        raise unexpected_state(
            f"You cannot cancel this PaymentIntent because it has a status of {pi['status']}. "
            f"Only a PaymentIntent with one of the following statuses may be canceled: "
            f"{', '.join(_CANCELABLE)}.",
            copy.deepcopy(pi),
        )
    if pi["status"] == "requires_capture":
        _release_authorization(store.get("charge", pi["latest_charge"]))
    pi.update(
        status="canceled",
        canceled_at=store.now(),
        cancellation_reason=reason,
        amount_capturable=0,
    )
    return pi


def _release_authorization(ch: dict[str, Any]) -> None:
    ch.update(amount_refunded=ch["amount"], refunded=True)


def capture(store: Store, params: dict[str, Any], pi_id: str) -> dict[str, Any]:
    check_allowed(params, ("amount_to_capture", "metadata", "expand", *_TEXT[2:]))
    pi = store.get("payment_intent", pi_id)
    if pi["status"] != "requires_capture":
        raise unexpected_state(
            f"This PaymentIntent could not be captured because it has a status of "
            f"{pi['status']}. Only a PaymentIntent with one of the following statuses may be "
            f"captured: requires_capture.",
            copy.deepcopy(pi),
        )
    amount = as_int(params, "amount_to_capture", pi["amount_capturable"], minimum=1)
    if amount is None or amount > pi["amount_capturable"]:
        raise invalid(
            "The amount to capture must not exceed the amount capturable.",
            code="amount_too_large",
            param="amount_to_capture",
        )
    texts = {key: as_str(params, key) for key in _TEXT[2:] if key in params}
    metadata = merge_metadata(pi["metadata"], params.get("metadata"))
    ch = store.get("charge", pi["latest_charge"])
    ch.update(captured=True, amount_captured=amount, amount_refunded=ch["amount"] - amount)
    ch["balance_transaction"] = f"txn_{ch['id'][3:]}"
    pi.update(texts, status="succeeded", amount_received=amount, amount_capturable=0)
    pi["metadata"] = metadata
    return pi
