"""The booking page's one essential cookie, its stateless CSRF tokens and address hashing.

Public API (pure functions; any thread):

- ``booking_key(blob_key) -> bytes``: the page's HMAC key, derived from the server's blob
  key (HKDF), so every server process and machine sharing the blob key agrees on it and no
  second secret has to be configured or backed up.
- ``Visitor``: the essential cookie ``medspa_booking`` (a random visitor id and the
  visitor's cookie choice); ``visitor_from(cookie)``; ``Visitor.cookie_value()``.
- ``form_token(key, visitor_id, purpose, now)`` / ``token_ok(...)``: an HMAC over the visitor
  id, what the form is for and when it was shown. A form posted from another site lacks
  the visitor's cookie or a token matching it, so it is refused (``SameSite=Lax`` too).
- ``address_hash(key, address)``: what the rate limits store instead of the address.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, replace

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

COOKIE = "medspa_booking"
"""Essential: the visitor id CSRF tokens are bound to, and the visitor's cookie choice."""
DETAILS_COOKIE = "medspa_booking_details"
"""Optional, set only after the visitor accepted it: their name and contact details."""
COOKIE_PATH = "/book"
COOKIE_MAX_AGE_S = 180 * 24 * 3600
TOKEN_TTL = dt.timedelta(hours=12)
UNDECIDED, ACCEPTED, DECLINED = "u", "a", "d"
_VISITOR = re.compile(r"^([A-Za-z0-9_-]{24})\.([uad])$")


def booking_key(blob_key: bytes) -> bytes:
    """The booking page's HMAC key (see the module docstring)."""
    derive = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"medspa booking page")
    return derive.derive(blob_key)


@dataclass(frozen=True)
class Visitor:
    """One browser, known by the essential cookie."""

    id: str
    choice: str = UNDECIDED
    """The cookie choice: ``u`` undecided, ``a`` optional cookie accepted, ``d`` declined."""
    changed: bool = False
    """The cookie must be sent (new visitor or new choice)."""

    def cookie_value(self) -> str:
        return f"{self.id}.{self.choice}"

    def choosing(self, choice: str) -> Visitor:
        return replace(self, choice=choice, changed=True)

    @property
    def accepted(self) -> bool:
        return self.choice == ACCEPTED


def visitor_from(cookie: str | None) -> Visitor:
    """The visitor the cookie names, or a new one (to be sent) when it names none."""
    found = _VISITOR.match(cookie or "")
    if found is None:
        return Visitor(secrets.token_urlsafe(18), UNDECIDED, changed=True)
    return Visitor(found.group(1), found.group(2))


def form_token(key: bytes, visitor_id: str, purpose: str, now: dt.datetime) -> str:
    """A token for one form shown to ``visitor_id`` at ``now`` for ``purpose``."""
    issued = str(int(now.timestamp()))
    return f"{issued}.{_sign(key, visitor_id, purpose, issued)}"


def token_ok(key: bytes, visitor_id: str, purpose: str, token: str, now: dt.datetime) -> bool:
    """``token`` was made by ``form_token`` for this visitor and purpose, and is fresh."""
    issued, _, signature = token.partition(".")
    if not issued.isdigit() or not signature:
        return False
    age = now - dt.datetime.fromtimestamp(int(issued), dt.UTC)
    if not dt.timedelta(minutes=-5) <= age <= TOKEN_TTL:
        return False
    return hmac.compare_digest(signature, _sign(key, visitor_id, purpose, issued))


def address_hash(key: bytes, address: str) -> str:
    """A keyed hash of a visitor's address: the same for every server process, and not
    reversible by hashing all IPv4 addresses (as a plain SHA-256 would be)."""
    return hmac.new(key, b"address\0" + address.encode(), hashlib.sha256).hexdigest()


def _sign(key: bytes, visitor_id: str, purpose: str, issued: str) -> str:
    message = "\0".join(("form", visitor_id, purpose, issued)).encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")
