"""Field rules shared by the services: each check returns a message for staff or ``None``.

Phone numbers and e-mail addresses need third-party parsers, so they are checked in
``services/contact.py``; everything here is standard library only.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Mapping

OLDEST_PLAUSIBLE_AGE_YEARS = 120
USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")


def field_errors(checks: Mapping[str, str | None]) -> dict[str, str]:
    """Only the failed checks of ``{field: message or None}``."""
    return {name: message for name, message in checks.items() if message}


def required_text(value: str, label: str, *, max_length: int) -> str | None:
    """A name-like field: something other than spaces, at most ``max_length`` characters."""
    if not value.strip():
        return f"Enter the {label}."
    return max_length_text(value, label, max_length=max_length)


def max_length_text(value: str, label: str, *, max_length: int) -> str | None:
    if len(value.strip()) > max_length:
        return f"The {label} is too long: use at most {max_length} characters."
    return None


def date_of_birth_problem(born: dt.date | None, today: dt.date) -> str | None:
    """Empty is allowed; otherwise not in the future and not more than 120 years ago."""
    if born is None:
        return None
    if born > today:
        return "The date of birth is in the future. Check the year."
    if (today.year - born.year) > OLDEST_PLAUSIBLE_AGE_YEARS:
        return (
            f"The date of birth is more than {OLDEST_PLAUSIBLE_AGE_YEARS} years ago. "
            "Check the year."
        )
    return None


def normalise_username(text: str) -> str:
    return text.strip().casefold()


def username_problem(username: str) -> str | None:
    """Usernames are 2-64 characters: letters a-z, digits, dot, dash and underscore."""
    if not USERNAME_PATTERN.fullmatch(username):
        return (
            "Use 2 to 64 characters for the username: letters a-z, digits, '.', '-' or '_', "
            "starting with a letter or digit."
        )
    return None


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone_problem(name: str) -> str | None:
    """Must be an IANA time zone name such as ``America/New_York``."""
    if name not in _time_zones():
        return (
            f"{name!r} is not a time zone this computer knows. Use a name such as "
            "'America/New_York' or 'Europe/London'."
        )
    return None


def whole_number_problem(value: int, label: str, *, low: int, high: int) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return f"The {label} must be a whole number from {low} to {high}."
    return None


def tax_rates_problem(rates: Mapping[str, int]) -> str | None:
    """Rates per item category in basis points (825 = 8.25 %), from 0 to 10,000."""
    for category, rate in rates.items():
        if not category.strip():
            return "Every tax rate needs an item category, for example 'retail'."
        if isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= 10_000:
            return (
                f"The tax rate for {category!r} must be between 0 and 10,000 basis points "
                "(0 % to 100 %; 825 means 8.25 %)."
            )
    return None


def currency_problem(code: str) -> str | None:
    """ISO 4217 codes are three capital letters (``USD``)."""
    if not re.fullmatch(r"[A-Z]{3}", code):
        return "Use a three-letter currency code such as USD, GBP or EUR."
    return None
