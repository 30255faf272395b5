"""In-memory object store: every object kept in its wire (JSON) shape, keyed by id."""

from __future__ import annotations

import secrets
import string
import threading
import time
from typing import Any

from .errors import no_such

_ALPHABET = string.ascii_letters + string.digits

# id prefix -> the object name Stripe uses in ``object`` and in "No such ..." messages
PREFIXES = {
    "pi": "payment_intent",
    "ch": "charge",
    "re": "refund",
    "pm": "payment_method",
    "tml": "terminal.location",
    "tmr": "terminal.reader",
}
_MISSING_NAMES = {"terminal.location": "location", "terminal.reader": "terminal.reader"}


def token(length: int = 24) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_id(prefix: str) -> str:
    return f"{prefix}_{token()}"


class Store:
    """All state of one fake Stripe account. Callers hold ``lock`` around read-modify-write."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.clock_offset = 0.0
        self.objects: dict[str, dict[str, Any]] = {}

    def reset(self) -> None:
        with self.lock:
            self.objects.clear()
            self.clock_offset = 0.0

    def now(self) -> int:
        return int(time.time() + self.clock_offset)

    def add(self, obj: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.objects[obj["id"]] = obj
        return obj

    def find(self, object_id: str) -> dict[str, Any] | None:
        return self.objects.get(object_id) if isinstance(object_id, str) else None

    def get(self, object_name: str, object_id: str, param: str = "id") -> dict[str, Any]:
        """The object, or Stripe's 404 ``resource_missing`` naming ``param``."""
        obj = self.find(object_id)
        if obj is None or obj["object"] != object_name:
            raise no_such(_MISSING_NAMES.get(object_name, object_name), str(object_id), param)
        return obj

    def all(self, object_name: str) -> list[dict[str, Any]]:
        """Objects of one kind, oldest first (insertion order)."""
        with self.lock:
            return [o for o in self.objects.values() if o["object"] == object_name]

    def is_object_id(self, value: Any) -> bool:
        return isinstance(value, str) and value in self.objects
