"""Client fields: validation, normalisation and the result types of the clients services.

Public API: ``ClientSummary``, ``ClientProfile``, ``ClientPage`` (results), ``CLIENT_FIELDS``,
``MEDICAL_FIELDS``; the rest serves ``services/clients.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from medspa_desktop.domain.validation import (
    date_of_birth_problem,
    field_errors,
    max_length_text,
    required_text,
)
from medspa_desktop.services.contact import normalise_email, normalise_phone
from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.store.models import Client, Location
from medspa_desktop.store.uow import UnitOfWork

CLIENT_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "phone",
    "email",
    "address",
    "pronouns",
    "allergies",
    "medical_flags",
    "medications",
    "notes",
    "tags",
    "home_location_id",
    "referral_source",
)
MEDICAL_FIELDS = frozenset({"allergies", "medical_flags", "medications"})
"""Changing any of these needs ``client.edit_medical``."""

_TEXT_LIMITS = {
    "preferred_name": ("preferred name", 100),
    "address": ("address", 1000),
    "pronouns": ("pronouns", 40),
    "allergies": ("allergies", 2000),
    "medications": ("medications", 2000),
    "notes": ("notes", 10_000),
    "referral_source": ("referral source", 100),
}
_LIST_ITEM_MAX = 60


@dataclass(frozen=True)
class ClientSummary:
    """One row of a client list or search result."""

    id: str
    first_name: str
    last_name: str
    preferred_name: str
    phone: str
    email: str
    date_of_birth: dt.date | None
    tags: tuple[str, ...]
    has_medical_alerts: bool
    """Allergies or medical flags recorded: show a warning marker."""

    @property
    def display_name(self) -> str:
        """``Last, First`` as lists sort them."""
        return f"{self.last_name}, {self.first_name}"


@dataclass(frozen=True)
class ClientProfile:
    id: str
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: dt.date | None
    phone: str
    email: str
    address: str
    pronouns: str
    allergies: str
    """Shown prominently to every role: it keeps clients safe when booking and treating."""
    medical_flags: tuple[str, ...]
    medications: str | None
    """``None`` when the viewer's role may not see medical history (front desk)."""
    notes: str
    tags: tuple[str, ...]
    home_location_id: str | None
    referral_source: str
    marketing_consent: Mapping[str, bool]
    """Latest consent per channel (``email``, ``sms``, ``post``); a missing channel is "no"."""
    created_at: dt.datetime


@dataclass(frozen=True)
class ClientPage:
    items: tuple[ClientSummary, ...]
    total: int
    """Clients in the whole list, for the scroll bar."""
    offset: int


def get_client(uow: UnitOfWork, client_id: str, org_id: str) -> Client:
    client = uow.session.get(Client, client_id)
    if client is None or client.deleted or client.erased_at or client.org_id != org_id:
        raise NotFound("That client's record no longer exists. Search for the client again.")
    return client


def cleaned_client_fields(
    uow: UnitOfWork, values: Mapping[str, Any], *, org_id: str, country: str
) -> dict[str, Any]:
    """Every given field checked at once; raises ``ValidationError`` naming each problem."""
    checks: dict[str, str | None] = {}
    cleaned = dict(values)
    for name, label in (("first_name", "first name"), ("last_name", "last name")):
        if name in values:
            checks[name] = required_text(values[name], label, max_length=100)
    for name, (label, limit) in _TEXT_LIMITS.items():
        if name in values:
            checks[name] = max_length_text(values[name], label, max_length=limit)
    for name in ("first_name", "last_name", *_TEXT_LIMITS):
        if name in values:
            cleaned[name] = values[name].strip()
    if "phone" in values:
        phone = normalise_phone(values["phone"], country)
        checks["phone"], cleaned["phone"] = phone.problem, phone.value
    if "email" in values:
        email = normalise_email(values["email"])
        checks["email"], cleaned["email"] = email.problem, email.value
    if "date_of_birth" in values:
        checks["date_of_birth"] = date_of_birth_problem(values["date_of_birth"], _today())
    for name in ("medical_flags", "tags"):
        if name in values:
            checks[name], cleaned[name] = _short_list(values[name], name.replace("_", " "))
    if values.get("home_location_id"):
        checks["home_location_id"] = _location_problem(uow, values["home_location_id"], org_id)
    errors = field_errors(checks)
    if errors:
        raise ValidationError(errors)
    return cleaned


def summary_of(client: Client) -> ClientSummary:
    return ClientSummary(
        id=client.id,
        first_name=client.first_name,
        last_name=client.last_name,
        preferred_name=client.preferred_name,
        phone=client.phone,
        email=client.email,
        date_of_birth=client.date_of_birth,
        tags=tuple(client.tags),
        has_medical_alerts=bool(client.allergies.strip() or client.medical_flags),
    )


def profile_of(client: Client, consent: Mapping[str, bool], *, medical: bool) -> ClientProfile:
    return ClientProfile(
        id=client.id,
        first_name=client.first_name,
        last_name=client.last_name,
        preferred_name=client.preferred_name,
        date_of_birth=client.date_of_birth,
        phone=client.phone,
        email=client.email,
        address=client.address,
        pronouns=client.pronouns,
        allergies=client.allergies,
        medical_flags=tuple(client.medical_flags),
        medications=client.medications if medical else None,
        notes=client.notes,
        tags=tuple(client.tags),
        home_location_id=client.home_location_id,
        referral_source=client.referral_source,
        marketing_consent=dict(consent),
        created_at=client.created_at,
    )


def _short_list(items: Iterable[str], label: str) -> tuple[str | None, list[str]]:
    """Trimmed, de-duplicated (first spelling kept), blanks dropped."""
    seen: dict[str, str] = {}
    for item in items:
        text = item.strip()
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    kept = list(seen.values())
    too_long = [item for item in kept if len(item) > _LIST_ITEM_MAX]
    if too_long:
        return f"Keep each of the {label} under {_LIST_ITEM_MAX} characters.", kept
    return None, kept


def _location_problem(uow: UnitOfWork, location_id: str, org_id: str) -> str | None:
    location = uow.session.get(Location, location_id)
    if location is None or location.deleted or location.org_id != org_id:
        return "That location no longer exists. Choose another."
    return None


def _today() -> dt.date:
    # The latest calendar date anywhere (UTC+14), so a baby born "today" in Kiribati or
    # Auckland is never refused as being born in the future.
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date()
