"""``/v1/terminal/locations`` and ``/v1/terminal/readers`` (server-driven integration)."""

from __future__ import annotations

import copy
from typing import Any

from . import objects
from .errors import bad_param, invalid, unexpected_state
from .listing import PAGE_PARAMS, paginate
from .params import as_str, check_allowed, coerce_scalars, merge_metadata, require
from .store import Store

_PRESENT_TYPES = {"card_present", "interac_present"}


def create_location(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_allowed(
        params, ("display_name", "address", "metadata", "configuration_overrides", "expand")
    )
    display_name = require(params, "display_name")
    address = require(params, "address")
    if not isinstance(address, dict):
        raise bad_param("Invalid object: address must be a hash", "address")
    if not address.get("country"):
        raise bad_param(
            "Missing required param: address[country].", "address[country]", "parameter_missing"
        )
    metadata = merge_metadata({}, params.get("metadata"))
    return store.add(objects.location(display_name, address, metadata))


def retrieve_location(store: Store, params: dict[str, Any], tml_id: str) -> dict[str, Any]:
    check_allowed(params, ("expand",))
    return store.get("terminal.location", tml_id)


def list_locations(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    check_allowed(params, PAGE_PARAMS)
    return paginate(store, "terminal.location", "/v1/terminal/locations", params, {})


def create_reader(store: Store, params: dict[str, Any], online: bool = True) -> dict[str, Any]:
    """Register a simulated reader: ``registration_code`` ``simulated-wpe`` (or -s700/-s710)."""
    check_allowed(params, ("registration_code", "label", "location", "metadata", "expand"))
    code = require(params, "registration_code")
    device_type = objects.SIMULATED_READERS.get(code)
    if device_type is None:
        raise bad_param(
            "The registration code you provided is invalid. Use 'simulated-wpe' to register a "
            "simulated reader.",
            "registration_code",
        )
    location_id = as_str(params, "location")
    if location_id:
        store.get("terminal.location", location_id, "location")
    reader = objects.reader(device_type, as_str(params, "label"), location_id, store.now())
    reader["metadata"] = merge_metadata({}, params.get("metadata"))
    reader["status"] = "online" if online else "offline"
    return store.add(reader)


def retrieve_reader(store: Store, params: dict[str, Any], tmr_id: str) -> dict[str, Any]:
    check_allowed(params, ("expand",))
    return store.get("terminal.reader", tmr_id)


def list_readers(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    keys = ("location", "status", "device_type", "serial_number")
    check_allowed(params, (*PAGE_PARAMS, *keys))
    filters = {key: params.get(key) for key in keys}
    return paginate(store, "terminal.reader", "/v1/terminal/readers", params, filters)


def process_payment_intent(store: Store, params: dict[str, Any], tmr_id: str) -> dict[str, Any]:
    """Hand a PaymentIntent to the reader; the action stays ``in_progress`` until a card."""
    check_allowed(params, ("payment_intent", "process_config", "expand"))
    pi_id = require(params, "payment_intent")
    reader = store.get("terminal.reader", tmr_id)
    pi = store.get("payment_intent", pi_id, "payment_intent")
    _check_reader_free(reader)
    if pi["status"] != "requires_payment_method":
        raise unexpected_state(
            f"This PaymentIntent's status is {pi['status']}, but it must be "
            f"requires_payment_method to be processed on a reader.",
            copy.deepcopy(pi),
        )
    if not _PRESENT_TYPES & set(pi["payment_method_types"]):
        raise invalid(
            "PaymentIntents processed by a reader must include card_present in "
            "payment_method_types.",
            param="payment_intent",
        )
    config = coerce_scalars(params.get("process_config")) or None
    reader["action"] = objects.process_action(pi_id, config)
    return reader


def _check_reader_free(reader: dict[str, Any]) -> None:
    if reader["status"] != "online":
        raise invalid(
            "Reader is currently offline, please ensure the reader is powered on and connected "
            "to the internet before retrying your request.",
            code="terminal_reader_offline",
        )
    action = reader["action"]
    if action and action["status"] == "in_progress":
        raise invalid(
            "Reader is currently busy processing another request. Cancel the in-progress "
            "action with cancel_action before sending a new one.",
            code="terminal_reader_busy",
        )


def cancel_action(store: Store, params: dict[str, Any], tmr_id: str) -> dict[str, Any]:
    """Clear an in-progress action (the reader comes back with ``action: null``)."""
    check_allowed(params, ("expand",))
    reader = store.get("terminal.reader", tmr_id)
    action = reader["action"]
    if not action or action["status"] != "in_progress":
        raise invalid("This reader has no in-progress action to cancel.")
    reader["action"] = None
    return reader
