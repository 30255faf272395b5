"""Phone numbers and e-mail addresses as staff type them, checked and normalised.

Public API (pure functions, any thread):

- ``normalise_phone(text, default_country) -> Normalised``: E.164 (``+15551234567``).
- ``normalise_email(text) -> Normalised``: as email-validator normalises it; no DNS lookups.
- ``country_problem(code) -> str | None``: is ``code`` a region phone numbers know?

Empty input is allowed and stays empty.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email


@dataclass(frozen=True)
class Normalised:
    value: str
    problem: str | None = None


def normalise_phone(text: str, default_country: str) -> Normalised:
    """A number typed without ``+`` is read as a number of ``default_country``."""
    if not text.strip():
        return Normalised("")
    try:
        number = phonenumbers.parse(text, default_country.upper())
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return Normalised(
            text,
            f"{text.strip()!r} is not a valid phone number. Check the digits; for a number "
            "from another country start with + and the country code.",
        )
    return Normalised(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def normalise_email(text: str) -> Normalised:
    if not text.strip():
        return Normalised("")
    try:
        checked = validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError as err:
        return Normalised(text, f"Check the e-mail address: {err}")
    return Normalised(checked.normalized)


def country_problem(code: str) -> str | None:
    if code.upper() not in phonenumbers.SUPPORTED_REGIONS:
        return f"{code!r} is not a country code; use two letters such as US, GB or CA."
    return None
