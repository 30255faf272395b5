"""``Idempotency-Key`` for POST requests, as Stripe documents it.

The first request with a key that begins executing stores its response (success or error).
A later request with the same key, path and parameters gets that exact response again, with
``Idempotent-Replayed: true``. The same key with another path or other parameters is a 400
``idempotency_error``; while the first request is still running, a 409 ``idempotency_error``.
Parameter-validation failures and injected faults store nothing, so the key stays usable.

Parameters are kept only as a keyed hash, so no card number lingers here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from dataclasses import dataclass
from typing import Any

from .errors import idempotency

_HASH_KEY = secrets.token_bytes(32)


@dataclass
class Stored:
    path: str
    fingerprint: str
    request_id: str
    response: Any = None  # the Response once the first request finished


def fingerprint(params: dict[str, Any]) -> str:
    canonical = json.dumps(params, sort_keys=True, separators=(",", ":"))
    return hmac.new(_HASH_KEY, canonical.encode(), hashlib.sha256).hexdigest()


class IdempotencyStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, Stored] = {}

    def reset(self) -> None:
        with self._lock:
            self._entries.clear()

    def begin(self, key: str, path: str, params: dict[str, Any], request_id: str) -> Stored | None:
        """Reserve ``key`` for this request, or return the finished entry to replay."""
        if len(key) > 255:
            raise idempotency("Invalid idempotency key: keys must be at most 255 characters.")
        digest = fingerprint(params)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self._entries[key] = Stored(path, digest, request_id)
                return None
        if entry.path != path:
            raise idempotency(
                f"Keys for idempotent requests can only be used for the same endpoint they were "
                f"first used for ('{entry.path}' vs '{path}'). Try using a key other than "
                f"'{key}' if you meant to execute a different request."
            )
        if entry.fingerprint != digest:
            raise idempotency(
                "Keys for idempotent requests can only be used with the same parameters they "
                f"were first used with. Try using a key other than '{key}' if you meant to "
                "execute a different request."
            )
        if entry.response is None:
            raise idempotency(
                "There is currently another in-progress request using this Idempotent Key "
                "(that probably means you submitted twice, and the other request is still "
                f"going through): {key}. Please try again later.",
                status=409,
            )
        return entry

    def finish(self, key: str, response: Any) -> None:
        with self._lock:
            self._entries[key].response = response

    def abandon(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)
