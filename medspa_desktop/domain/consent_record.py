"""What a signed consent is made of and how it is proven unchanged.

- ``content_hash(wording, printed_name, signed_at, signature_sha256)``: SHA-256 (hex) over
  the canonical JSON of the normalised wording (``consent_text.normalise`` of the plain
  text), the printed name, the signing time (UTC, ISO 8601 to the second) and the SHA-256
  of the signature's strokes. The PDF prints it; ``verify_consent`` recomputes it from the
  PDF's text and the stored fields.
- ``ConsentDocument`` and ``ConsentPrinter``: the port the services print and read a
  consent PDF through (ReportLab and pypdf in ``reports/consent_pdf.py``, which sits above
  the services). The PDF holds the wording between ``WORDING_START`` and ``WORDING_END``
  and ends with ``HASH_LABEL`` and the hash; ``wording_in(text)`` finds the wording again.
- ``expiry(signed_at, valid_months)``, ``consent_state(...)``: a template's validity.

Standard library only; any thread.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from medspa_desktop.domain.consent_text import Block, normalise
from medspa_desktop.domain.signature import Signature

WORDING_START = "Wording signed by the client:"
WORDING_END = "End of the signed wording."
HASH_LABEL = "SHA-256 of content:"
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


class ConsentState(StrEnum):
    NOT_REQUIRED = "not_required"
    MISSING = "missing"
    VALID = "valid"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class ConsentDocument:
    """Everything printed on a signed consent's PDF."""

    clinic_name: str
    title: str
    version: int
    client_name: str
    wording: tuple[Block, ...]
    signature: Signature
    printed_name: str
    signed_at_text: str
    """The signing time as the clinic reads it (local time, with the zone)."""
    witness_name: str
    content_hash: str


class ConsentPrinter(Protocol):
    """Prints a consent to PDF and reads a PDF's text back (for verification)."""

    def render(self, document: ConsentDocument) -> bytes:
        """The PDF of ``document``. Pure; any thread."""
        ...

    def text_of(self, pdf: bytes) -> str:
        """The text of every page in order; raises ``ValueError`` for an unreadable PDF."""
        ...


def content_hash(
    wording: str, printed_name: str, signed_at: dt.datetime, signature_sha: str
) -> str:
    """SHA-256 hex of the canonical content (see the module docstring)."""
    canonical = {
        "printed_name": normalise(printed_name),
        "signature_sha256": signature_sha,
        "signed_at": utc_text(signed_at),
        "wording": normalise(wording),
    }
    encoded = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def utc_text(moment: dt.datetime) -> str:
    """``2025-03-12T14:05:09+00:00``: UTC to the second (a naive time is refused)."""
    if moment.tzinfo is None:
        raise ValueError("A signing time must carry its time zone")
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def wording_in(text: str) -> str | None:
    """The normalised wording between the PDF's markers, or ``None`` when they are missing."""
    flat = normalise(text)
    start, end = flat.find(WORDING_START), flat.rfind(WORDING_END)
    if start < 0 or end < start:
        return None
    return flat[start + len(WORDING_START) : end].strip()


def hash_line(digest: str) -> str:
    return f"{HASH_LABEL} {digest}"


def expiry(signed_at: dt.datetime, valid_months: int | None) -> dt.datetime | None:
    """When a signature given at ``signed_at`` lapses; ``None`` when it never does.

    Calendar months: 31 January + 1 month is the last day of February.
    """
    if not valid_months:
        return None
    month_index = signed_at.month - 1 + valid_months
    year, month = signed_at.year + month_index // 12, month_index % 12 + 1
    day = min(signed_at.day, calendar.monthrange(year, month)[1])
    return signed_at.replace(year=year, month=month, day=day)


def consent_state(
    *,
    signed: bool,
    withdrawn_at: dt.datetime | None,
    expires_at: dt.datetime | None,
    now: dt.datetime,
) -> ConsentState:
    """The state of a client's latest signature on a template."""
    if not signed:
        return ConsentState.MISSING
    if withdrawn_at is not None:
        return ConsentState.WITHDRAWN
    if expires_at is not None and expires_at <= now:
        return ConsentState.EXPIRED
    return ConsentState.VALID


def long_date(day: dt.date) -> str:
    """``12 March 2025``, the same whatever the computer's language settings."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
