"""Stripe's test card numbers for card-present payments.

``read_card`` turns a number into a ``CardRead`` (brand, last4, funding, a keyed fingerprint and
the outcome). The number itself goes no further: nothing in the server's state holds it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from .errors import bad_param

DEFAULT_CARD = "4242424242424242"
_FINGERPRINT_KEY = secrets.token_bytes(32)


@dataclass(frozen=True)
class Decline:
    code: str
    decline_code: str | None
    message: str


@dataclass(frozen=True)
class CardRead:
    brand: str
    last4: str
    funding: str
    country: str
    fingerprint: str
    exp_month: int
    exp_year: int
    decline: Decline | None

    @property
    def network(self) -> str:
        return "interac" if self.brand == "interac" else self.brand


_DECLINED = Decline("card_declined", "generic_decline", "Your card was declined.")
DECLINES: dict[str, Decline] = {
    "4000000000000002": _DECLINED,
    "4000000000009995": Decline(
        "card_declined", "insufficient_funds", "Your card has insufficient funds."
    ),
    "4000000000009987": Decline("card_declined", "lost_card", "Your card was declined."),
    "4000000000009979": Decline("card_declined", "stolen_card", "Your card was declined."),
    "4000000000000069": Decline("expired_card", "expired_card", "Your card has expired."),
    "4000000000000119": Decline(
        "processing_error",
        None,
        "An error occurred while processing your card. Try again in a little bit.",
    ),
}
_DEBIT = {"4000056655665556", "5200828282828210", "4506445006931933"}
_BRANDS = (
    (("34", "37"), "amex"),
    (("51", "52", "53", "54", "55", "22", "23", "24", "25", "26", "27"), "mastercard"),
    (("6011", "644", "645", "646", "647", "648", "649", "65"), "discover"),
    (("35",), "jcb"),
    (("300", "301", "302", "303", "304", "305", "36", "38"), "diners"),
    (("62",), "unionpay"),
    (("4",), "visa"),
)


def read_card(number: str | None, param: str, interac: bool = False) -> CardRead:
    """Validate a presented test card number and return what a reader would learn from it."""
    digits = (number or DEFAULT_CARD).replace(" ", "")
    if not digits.isdigit() or not 12 <= len(digits) <= 19 or not _luhn_ok(digits):
        raise bad_param("Your card number is incorrect.", param, "invalid_number")
    return CardRead(
        brand="interac" if interac else _brand(digits),
        last4=digits[-4:],
        funding="debit" if interac or digits in _DEBIT else "credit",
        country="CA" if interac else "US",
        fingerprint=hmac.new(_FINGERPRINT_KEY, digits.encode(), hashlib.sha256).hexdigest()[:16],
        exp_month=12,
        exp_year=time.gmtime().tm_year + 5,
        decline=DECLINES.get(digits),
    )


def _brand(digits: str) -> str:
    for prefixes, brand in _BRANDS:
        if digits.startswith(prefixes):
            return brand
    return "unknown"


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0
