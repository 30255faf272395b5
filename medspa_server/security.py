"""Device tokens and one-time enrolment codes. Only their SHA-256 is ever stored."""

from __future__ import annotations

import hashlib
import secrets

# Crockford-style: no I, L, O or U, so a code read aloud or copied by hand survives.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4


def new_token() -> str:
    """A device token: 32 random bytes, URL-safe text."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_code() -> str:
    """A one-time code such as ``7KQ2-MZ8D-4TXA`` (60 random bits)."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def code_hash(code: str) -> str:
    """Hash of a code as typed: case, spaces and dashes don't matter, nor do O/0 and I/L/1."""
    canonical = "".join(code.split()).replace("-", "").upper()
    canonical = canonical.translate(str.maketrans("OIL", "011"))
    return hashlib.sha256(canonical.encode()).hexdigest()
