"""A card tapped on a simulated reader: the test helper and the outcome it drives.

Approved: the PaymentIntent ``succeeded`` (``requires_capture`` with ``capture_method=manual``),
its ``latest_charge`` is a succeeded charge with ``payment_method_details.card_present``, and the
reader's action is ``succeeded``. Declined: a ``failed`` charge, the PaymentIntent back in
``requires_payment_method`` with ``last_payment_error``, and the action ``failed`` with
``failure_code``/``failure_message``/``api_error``.
"""

from __future__ import annotations

import copy
from typing import Any

from . import charges
from .cards import CardRead, read_card
from .errors import StripeError, invalid, unexpected_state
from .params import as_enum, as_int, check_allowed
from .store import Store

_TYPES = ("card_present", "interac_present")
_HOLD_SECONDS = 2 * 24 * 3600


def present_payment_method(store: Store, params: dict[str, Any], reader_id: str) -> dict:
    """POST /v1/test_helpers/terminal/readers/{id}/present_payment_method."""
    check_allowed(params, ("type", "amount_tip", "expand", *_TYPES))
    method_type = as_enum(params, "type", _TYPES, "card_present")
    tip = as_int(params, "amount_tip", minimum=0)
    given = params.get(method_type)
    number = given.get("number") if isinstance(given, dict) else None
    card = read_card(number, f"{method_type}[number]", method_type == "interac_present")
    reader = store.get("terminal.reader", reader_id)
    action = reader["action"]
    if not action or action["status"] != "in_progress":
        raise invalid(
            "This reader has no in-progress action to present a payment method to. "
            "Call process_payment_intent first."
        )
    present_or_fail(store, reader, card, method_type, tip)
    return reader


def present_or_fail(
    store: Store, reader: dict, card: CardRead, method_type: str, tip: int | None
) -> None:
    """``present``; a PaymentIntent that cannot take the card fails the reader's action."""
    try:
        present(store, reader, card, method_type, tip)
    except StripeError as exc:
        fail_action(reader["action"], exc.code, exc.message, exc.error_dict())


def present(
    store: Store, reader: dict, card: CardRead, method_type: str, tip: int | None
) -> dict[str, Any]:
    """Apply a presented card to the PaymentIntent the reader is processing."""
    action = reader["action"]
    pi = store.get("payment_intent", action["process_payment_intent"]["payment_intent"])
    _check_acceptable(pi, method_type)
    if card.decline is None and tip:
        pi["amount"] += tip
        pi["amount_details"]["tip"] = {"amount": tip}
    pm = store.add(charges.payment_method(card, method_type, store.now()))
    details = charges.present_details(card, pi["amount"], reader)
    if card.decline is None and pi["capture_method"] == "manual":
        details["capture_before"] = store.now() + _HOLD_SECONDS
    ch = store.add(charges.charge(pi, pm, card, details))
    if card.decline is None:
        _approve(pi, action, ch, pm)
    else:
        _decline(pi, action, charges.card_error(card, ch["id"], pm), ch)
    return pi


def _check_acceptable(pi: dict[str, Any], method_type: str) -> None:
    if pi["status"] != "requires_payment_method":
        raise unexpected_state(
            f"This PaymentIntent's status is {pi['status']}; it cannot accept a payment.",
            copy.deepcopy(pi),
        )
    if method_type not in pi["payment_method_types"]:
        raise invalid(
            f"The PaymentIntent does not accept payment method type {method_type}.",
            code="payment_intent_incompatible_payment_method",
        )


def _approve(pi: dict, action: dict, ch: dict, pm: dict) -> None:
    manual = pi["capture_method"] == "manual"
    pi.update(
        status="requires_capture" if manual else "succeeded",
        amount_capturable=pi["amount"] if manual else 0,
        amount_received=0 if manual else pi["amount"],
        latest_charge=ch["id"],
        payment_method=pm["id"],
        last_payment_error=None,
    )
    action["status"] = "succeeded"


def _decline(pi: dict, action: dict, error: dict[str, Any], ch: dict) -> None:
    pi.update(
        status="requires_payment_method",
        last_payment_error=error,
        latest_charge=ch["id"],
        payment_method=None,
    )
    fail_action(action, error["code"], error["message"], error)


def fail_action(action: dict, code: str | None, message: str, api_error: dict | None) -> None:
    action.update(status="failed", failure_code=code, failure_message=message, api_error=api_error)
