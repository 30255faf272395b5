"""Finding the visitor among the organisation's clients, by e-mail or phone.

Public API (inside the booking's write transaction; the thread that owns it):

- ``match_client(session, org_id, email=..., phone=...) -> str | None``: the id of a live,
  not erased client with that e-mail (ignoring case) or phone number (comparing digits);
  one matching both wins, then one matching the e-mail, then the oldest.
- ``phone_digits(text) -> str``.

Nothing about a matched client is ever shown to the visitor or changed by the booking.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy.orm import Session

from medspa_server.booking.rows import Data, field, rows_of

_PHONE_TAIL = 4
"""Digits compared in SQL (``LIKE '%1234'``) before the full comparison in Python."""


def phone_digits(text: str) -> str:
    """Only the digits of a phone number: ``+1 (212) 555-1234`` -> ``12125551234``."""
    return "".join(char for char in text if char.isdigit())


def match_client(session: Session, org_id: str, *, email: str, phone: str) -> str | None:
    """The existing client this visitor is, or None (see the module docstring)."""
    by_email = _by_email(session, org_id, email)
    by_phone = _by_phone(session, org_id, phone)
    phone_ids = {row["id"] for row in by_phone}
    for group in ([row for row in by_email if row["id"] in phone_ids], by_email, by_phone):
        if group:
            return str(group[0]["id"])
    return None


def _by_email(session: Session, org_id: str, email: str) -> list[Data]:
    if not email:
        return []
    rows = rows_of(session, org_id, "client", func.lower(field("email")) == email.lower())
    return [row for row in rows if _reachable(row)]


def _by_phone(session: Session, org_id: str, phone: str) -> list[Data]:
    digits = phone_digits(phone)
    if len(digits) < _PHONE_TAIL:
        return []
    tail = field("phone").like(f"%{digits[-_PHONE_TAIL:]}")
    rows = rows_of(session, org_id, "client", tail)
    return [row for row in rows if _reachable(row) and phone_digits(str(row["phone"])) == digits]


def _reachable(row: Data) -> bool:
    """Not erased by the privacy path (whose contact fields are blank anyway)."""
    return not row.get("erased_at")
