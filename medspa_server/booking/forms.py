"""Reading the booking page's forms: query values, posted bodies and the visitor's details.

Public API (``read_form`` on the event loop, the rest pure; any thread):

- ``read_form(request) -> dict[str, str]``: a posted ``application/x-www-form-urlencoded``
  body (first value of each field), at most ``MAX_FORM_BYTES``.
- ``check_details(form, country) -> tuple[Details | None, dict[str, str]]``: the details,
  or the problems by field id in page order, worded for the visitor.
- ``parse_day(text)``, ``parse_start(text)``, ``looks_like_id(text)``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

import phonenumbers
from fastapi import Request

from medspa_desktop.services.contact import normalise_email, normalise_phone

MAX_FORM_BYTES = 16_384
MAX_NAME = 100
_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


@dataclass(frozen=True)
class Details:
    first_name: str
    last_name: str
    phone: str
    """E.164."""
    email: str
    remember: bool


class FormTooLarge(Exception):
    """The posted body is larger than any booking form."""


async def read_form(request: Request) -> dict[str, str]:
    """The posted fields (see the module docstring); raises ``FormTooLarge``."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormTooLarge
    form: dict[str, str] = {}
    for name, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        form.setdefault(name, value)
    return form


def check_details(
    form: dict[str, str], country: str, *, policy: bool
) -> tuple[Details | None, dict[str, str]]:
    """The visitor's details from ``form``; ``policy``: the clinic has a cancellation policy
    the visitor must agree to."""
    problems: dict[str, str] = {}
    first, last = _name(form, "first_name"), _name(form, "last_name")
    if not first:
        problems["first_name"] = "Enter your first name."
    if not last:
        problems["last_name"] = "Enter your last name."
    phone = _phone(form.get("phone", ""), country, problems)
    email = _email(form.get("email", ""), problems)
    if policy and form.get("agree_policy") != "yes":
        problems["agree_policy"] = "Agree to the cancellation policy to book."
    if form.get("agree_privacy") != "yes":
        problems["agree_privacy"] = "Confirm that you have read the privacy notice to book."
    if problems:
        return None, problems
    return Details(first, last, phone, email, form.get("remember") == "yes"), {}


def parse_day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return None


def parse_start(text: str | None) -> dt.datetime | None:
    """A slot start as the pages write it (``2026-04-14T14:00:00Z``), in UTC."""
    try:
        value = dt.datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return None if value.tzinfo is None else value.astimezone(dt.UTC)


def start_text(moment: dt.datetime) -> str:
    """``parse_start``'s input for ``moment``."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def looks_like_id(text: str | None) -> bool:
    return bool(text) and _ID.match(text or "") is not None


def _name(form: dict[str, str], field: str) -> str:
    return " ".join(form.get(field, "").split())[:MAX_NAME]


def _phone(text: str, country: str, problems: dict[str, str]) -> str:
    if not text.strip():
        problems["phone"] = "Enter your phone number."
        return ""
    normalised = normalise_phone(text[:40], country)
    if normalised.problem:
        example = _example(country)
        problems["phone"] = (
            f"Enter a phone number in the correct format, like {example}. For a number "
            "from another country, start with + and the country code."
        )
    return normalised.value


def _email(text: str, problems: dict[str, str]) -> str:
    if not text.strip():
        problems["email"] = "Enter your e-mail address."
        return ""
    normalised = normalise_email(text[:254])
    if normalised.problem:
        problems["email"] = "Enter an e-mail address in the correct format, like name@example.com."
    return normalised.value


def _example(country: str) -> str:
    number = phonenumbers.example_number_for_type(
        country.upper(), phonenumbers.PhoneNumberType.MOBILE
    )
    if number is None:
        return "+1 212 555 0123"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
