"""``/v1/refunds`` plus read-only ``/v1/charges`` and ``/v1/payment_methods``."""

from __future__ import annotations

import copy
from typing import Any

from . import charges
from .errors import bad_param, invalid, unexpected_state
from .listing import LIST_PARAMS, paginate
from .params import as_enum, as_int, as_str, check_allowed, merge_metadata
from .store import Store

_REASONS = ("duplicate", "fraudulent", "requested_by_customer")
_CREATE = (
    "payment_intent",
    "charge",
    "amount",
    "reason",
    "metadata",
    "instructions_email",
    "refund_application_fee",
    "reverse_transfer",
    "expand",
)


def _money(amount: int, currency: str) -> str:
    return f"${amount / 100:,.2f}" if currency == "usd" else f"{amount} {currency}"


def _refundable_charge(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    """The charge a refund request names, directly or through its PaymentIntent."""
    pi_id, ch_id = as_str(params, "payment_intent"), as_str(params, "charge")
    if not pi_id and not ch_id:
        raise bad_param(
            "One of the following params should be provided for this request: "
            "payment_intent or charge.",
            "payment_intent",
            "parameter_missing",
        )
    if pi_id:
        pi = store.get("payment_intent", pi_id, "payment_intent")
        if pi["status"] != "succeeded":
            raise unexpected_state(
                f"This PaymentIntent ({pi_id}) does not have a successful charge to refund.",
                copy.deepcopy(pi),
            )
        if ch_id and ch_id != pi["latest_charge"]:
            raise bad_param(f"Charge {ch_id} does not belong to {pi_id}.", "charge")
        ch_id = pi["latest_charge"]
    return store.get("charge", ch_id, "charge")


def _check_amount(ch: dict[str, Any], amount: int | None) -> int:
    remaining = ch["amount_captured"] - _refunded(ch)
    if not ch["captured"] or ch["status"] != "succeeded":
        raise invalid(f"Charge {ch['id']} cannot be refunded.", code="charge_not_refundable")
    if remaining <= 0:
        raise invalid(
            f"Charge {ch['id']} has already been refunded.", code="charge_already_refunded"
        )
    if amount is not None and amount > remaining:
        raise invalid(
            f"Refund amount ({_money(amount, ch['currency'])}) is greater than unrefunded "
            f"amount on charge ({_money(remaining, ch['currency'])})",
            code="amount_too_large",
            param="amount",
        )
    return remaining if amount is None else amount


def _refunded(ch: dict[str, Any]) -> int:
    return sum(r["amount"] for r in ch["refunds"]["data"] if r["status"] == "succeeded")


def create(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_allowed(params, _CREATE)
    amount = as_int(params, "amount", minimum=1)
    reason = as_enum(params, "reason", _REASONS)
    metadata = merge_metadata({}, params.get("metadata"))
    ch = _refundable_charge(store, params)
    amount = _check_amount(ch, amount)
    refund = store.add(charges.refund(ch, amount, reason, metadata, store.now()))
    ch["refunds"]["data"].insert(0, copy.deepcopy(refund))
    ch["amount_refunded"] += amount
    ch["refunded"] = ch["amount_refunded"] >= ch["amount"]
    return refund


def retrieve(store: Store, params: dict[str, Any], re_id: str) -> dict[str, Any]:
    check_allowed(params, ("expand",))
    return store.get("refund", re_id)


def list_all(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_allowed(params, (*LIST_PARAMS, "payment_intent", "charge"))
    filters = {key: params.get(key) for key in ("payment_intent", "charge")}
    return paginate(store, "refund", "/v1/refunds", params, filters)


def retrieve_charge(store: Store, params: dict[str, Any], ch_id: str) -> dict[str, Any]:
    check_allowed(params, ("expand",))
    return store.get("charge", ch_id)


def list_charges(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_allowed(params, (*LIST_PARAMS, "payment_intent", "customer"))
    filters = {key: params.get(key) for key in ("payment_intent", "customer")}
    return paginate(store, "charge", "/v1/charges", params, filters)


def retrieve_payment_method(store: Store, params: dict[str, Any], pm_id: str) -> dict[str, Any]:
    check_allowed(params, ("expand",))
    return store.get("payment_method", pm_id)
