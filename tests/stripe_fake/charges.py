"""Builders for PaymentMethod (card_present), Charge and Refund objects and card errors."""

from __future__ import annotations

import secrets
from typing import Any

from .cards import CardRead
from .errors import DOCS
from .objects import ADDRESS_KEYS, list_object
from .store import new_id, token


def billing_details() -> dict[str, Any]:
    return {
        "address": dict.fromkeys(ADDRESS_KEYS),
        "email": None,
        "name": None,
        "phone": None,
        "tax_id": None,
    }


# Card facts a tap does not reveal (null in the live API for a plain contactless card).
_UNREAD = dict.fromkeys(
    "brand_product cardholder_name description iin issuer offline wallet".split()
)


def _card_facts(card: CardRead) -> dict[str, Any]:
    """What both the PaymentMethod and the charge details say about the tapped card."""
    return {
        **_UNREAD,
        "brand": card.brand,
        "country": card.country,
        "exp_month": card.exp_month,
        "exp_year": card.exp_year,
        "fingerprint": card.fingerprint,
        "funding": card.funding,
        "last4": card.last4,
        "read_method": "contactless_emv",
    }


def payment_method(card: CardRead, method_type: str, now: int) -> dict[str, Any]:
    """The PaymentMethod a reader creates from a presented card."""
    details = {
        **_card_facts(card),
        "networks": {"available": [card.network], "preferred": None},
        "preferred_locales": None,
    }
    return {
        "id": new_id("pm"),
        "object": "payment_method",
        "allow_redisplay": "unspecified",
        "billing_details": billing_details(),
        method_type: details,
        "created": now,
        "customer": None,
        "customer_account": None,
        "livemode": False,
        "metadata": {},
        "type": method_type,
    }


def _receipt(card: CardRead) -> dict[str, Any]:
    return {
        "account_type": card.funding,
        "application_cryptogram": secrets.token_hex(8).upper(),
        "application_preferred_name": f"{card.brand.title()} {card.funding.title()}",
        "authorization_code": None if card.decline else f"{secrets.randbelow(10**6):06d}",
        "authorization_response_code": "0005" if card.decline else "3030",
        "cardholder_verification_method": "approval",
        "dedicated_file_name": "A0000000031010",
        "terminal_verification_results": "0000000000",
        "transaction_status_information": "0000",
    }


def present_details(card: CardRead, amount: int, reader: dict[str, Any]) -> dict[str, Any]:
    """``payment_method_details.card_present`` of a charge made on ``reader``."""
    return {
        **_card_facts(card),
        "amount_authorized": None if card.decline else amount,
        "capture_before": None,
        "emv_auth_data": secrets.token_hex(8).upper(),
        "generated_card": None,
        "incremental_authorization_supported": False,
        "location": reader["location"],
        "network": card.network,
        "network_transaction_id": "".join(str(secrets.randbelow(10)) for _ in range(15)),
        "overcapture_supported": False,
        "preferred_locales": ["en"],
        "reader": reader["id"],
        "receipt": _receipt(card),
    }


def _outcome(card: CardRead) -> dict[str, Any]:
    declined = card.decline is not None
    return {
        "advice_code": None,
        "network_advice_code": None,
        "network_decline_code": None,
        "network_status": "declined_by_network" if declined else "approved_by_network",
        "reason": card.decline.decline_code if card.decline else None,
        "risk_level": "not_assessed",
        "seller_message": (
            "The bank did not return any further details with this decline."
            if declined
            else "Payment complete."
        ),
        "type": "issuer_declined" if declined else "authorized",
    }


_CHARGE_NULLS: dict[str, Any] = dict.fromkeys(
    (
        "application application_fee application_fee_amount customer failure_balance_transaction"
        " on_behalf_of receipt_email receipt_number review shipping source source_transfer"
        " statement_descriptor statement_descriptor_suffix transfer_data transfer_group"
    ).split()
)


def _charge_outcome_fields(pi: dict[str, Any], card: CardRead) -> dict[str, Any]:
    """Amounts, capture and failure fields, which depend on the card's outcome."""
    ok = card.decline is None
    captured = ok and pi["capture_method"] != "manual"
    return {
        "amount": pi["amount"],
        "amount_captured": pi["amount"] if captured else 0,
        "amount_refunded": 0,
        "balance_transaction": new_id("txn") if captured else None,
        "calculated_statement_descriptor": "STRIPE FAKE" if ok else None,
        "captured": captured,
        "failure_code": card.decline.code if card.decline else None,
        "failure_message": card.decline.message if card.decline else None,
        "outcome": _outcome(card),
        "paid": ok,
        "receipt_url": f"https://pay.stripe.com/receipts/payment/{token(60)}" if ok else None,
        "status": "succeeded" if ok else "failed",
    }


def charge(pi: dict[str, Any], pm: dict[str, Any], card: CardRead, details: dict) -> dict:
    """The charge a presented card produces for ``pi`` (``failed`` when the card declines)."""
    ch_id = new_id("ch")
    return {
        **_CHARGE_NULLS,
        **_charge_outcome_fields(pi, card),
        "id": ch_id,
        "object": "charge",
        "billing_details": billing_details(),
        "created": pm["created"],
        "currency": pi["currency"],
        "description": pi["description"],
        "disputed": False,
        "fraud_details": {},
        "livemode": False,
        "metadata": dict(pi["metadata"]),
        "payment_intent": pi["id"],
        "payment_method": pm["id"],
        "payment_method_details": {pm["type"]: details, "type": pm["type"]},
        "refunded": False,
        "refunds": list_object(f"/v1/charges/{ch_id}/refunds", [], False),
    }


def card_error(card: CardRead, charge_id: str, pm: dict[str, Any]) -> dict[str, Any]:
    """The ``last_payment_error`` / reader ``action.api_error`` for a declined card."""
    decline = card.decline
    assert decline is not None
    error = {
        "charge": charge_id,
        "code": decline.code,
        "doc_url": DOCS + decline.code.replace("_", "-"),
        "message": decline.message,
        "payment_method": pm,
        "type": "card_error",
    }
    if decline.decline_code:
        error["decline_code"] = decline.decline_code
    return error


def refund(ch: dict[str, Any], amount: int, reason: str | None, metadata: dict, now: int) -> dict:
    return {
        "id": new_id("re"),
        "object": "refund",
        "amount": amount,
        "balance_transaction": new_id("txn"),
        "charge": ch["id"],
        "created": now,
        "currency": ch["currency"],
        "customer": None,
        "customer_account": None,
        "destination_details": {
            "card": {
                "reference": None,
                "reference_status": "pending",
                "reference_type": "acquirer_reference_number",
                "type": "refund",
            },
            "type": "card",
        },
        "metadata": metadata,
        "payment_intent": ch["payment_intent"],
        "payment_method": ch["payment_method"],
        "reason": reason,
        "receipt_number": None,
        "source_transfer_reversal": None,
        "status": "succeeded",
        "transfer_reversal": None,
    }
