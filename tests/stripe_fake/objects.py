"""Builders for PaymentIntent, terminal Location and Reader objects in Stripe's wire shape."""

from __future__ import annotations

import uuid
from typing import Any

from .store import new_id, token

# Keys a card-present PaymentIntent carries as null in the live API (no Connect, no customer,
# no shipping, no automatic payment methods, no redirect-based next_action).
_PI_NULLS: dict[str, Any] = {
    "application": None,
    "application_fee_amount": None,
    "automatic_payment_methods": None,
    "canceled_at": None,
    "cancellation_reason": None,
    "customer_account": None,
    "excluded_payment_method_types": None,
    "last_payment_error": None,
    "latest_charge": None,
    "managed_payments": None,
    "next_action": None,
    "on_behalf_of": None,
    "payment_method": None,
    "payment_method_configuration_details": None,
    "processing": None,
    "review": None,
    "setup_future_usage": None,
    "shipping": None,
    "source": None,
    "transfer_data": None,
    "transfer_group": None,
}

_PMO_DEFAULTS: dict[str, dict[str, Any]] = {
    "card_present": {
        "request_extended_authorization": False,
        "request_incremental_authorization_support": False,
    },
    "interac_present": {},
    "card": {
        "installments": None,
        "mandate_options": None,
        "network": None,
        "request_three_d_secure": "automatic",
    },
}


def payment_method_options(types: list[str], given: dict[str, Any]) -> dict[str, Any]:
    """Stripe echoes defaults for every enabled type, overlaid with what the caller set."""
    options = {t: dict(_PMO_DEFAULTS.get(t, {})) for t in types}
    for method, values in given.items():
        options.setdefault(method, {}).update(values if isinstance(values, dict) else {})
    return options


def payment_intent(fields: dict[str, Any], now: int) -> dict[str, Any]:
    """A new PaymentIntent in ``requires_payment_method``; ``fields`` holds validated params."""
    pi_id = new_id("pi")
    return {
        **_PI_NULLS,
        "id": pi_id,
        "object": "payment_intent",
        "amount": fields["amount"],
        "amount_capturable": 0,
        "amount_details": {"tip": {}},
        "amount_received": 0,
        "capture_method": fields["capture_method"],
        "client_secret": f"{pi_id}_secret_{token(25)}",
        "confirmation_method": "automatic",
        "created": now,
        "currency": fields["currency"],
        "customer": fields.get("customer"),
        "description": fields.get("description"),
        "livemode": False,
        "metadata": fields["metadata"],
        "payment_method_options": fields["payment_method_options"],
        "payment_method_types": fields["payment_method_types"],
        "receipt_email": fields.get("receipt_email"),
        "statement_descriptor": fields.get("statement_descriptor"),
        "statement_descriptor_suffix": fields.get("statement_descriptor_suffix"),
        "status": "requires_payment_method",
    }


ADDRESS_KEYS = ("city", "country", "line1", "line2", "postal_code", "state")


def location(display_name: str, address: dict[str, Any], metadata: dict[str, str]) -> dict:
    return {
        "id": new_id("tml"),
        "object": "terminal.location",
        "address": {key: address.get(key) or None for key in ADDRESS_KEYS},
        "display_name": display_name,
        "livemode": False,
        "metadata": metadata,
    }


# registration code -> device_type of the simulated reader it registers
SIMULATED_READERS = {
    "simulated-wpe": "simulated_wisepos_e",
    "simulated-s700": "simulated_stripe_s700",
    "simulated-s710": "simulated_stripe_s710",
}


def reader(device_type: str, label: str | None, location_id: str | None, now: int) -> dict:
    """A simulated reader, online, as the API returns it after registration."""
    return {
        "id": new_id("tmr"),
        "object": "terminal.reader",
        "action": None,
        "device_sw_version": "",
        "device_type": device_type,
        "ip_address": "0.0.0.0",
        "label": label or device_type.replace("_", " ").title(),
        "last_seen_at": now * 1000,
        "livemode": False,
        "location": location_id,
        "metadata": {},
        "serial_number": str(uuid.uuid4()),
        "status": "online",
    }


def process_action(payment_intent_id: str, process_config: dict[str, Any] | None) -> dict:
    """The reader's ``action`` right after ``process_payment_intent`` was accepted."""
    details: dict[str, Any] = {"payment_intent": payment_intent_id}
    if process_config:
        details["process_config"] = process_config
    return {
        "api_error": None,
        "failure_code": None,
        "failure_message": None,
        "process_payment_intent": details,
        "status": "in_progress",
        "type": "process_payment_intent",
    }


def list_object(url: str, data: list[dict[str, Any]], has_more: bool) -> dict[str, Any]:
    return {"object": "list", "data": data, "has_more": has_more, "url": url}
