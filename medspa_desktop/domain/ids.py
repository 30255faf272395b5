"""UUIDv7 identifiers, made on the device that creates the row (RFC 9562)."""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_last_rand_a = 0


def uuid7() -> uuid.UUID:
    """Return a new UUIDv7; ids made in one process sort by creation time. Any thread."""
    global _last_ms, _last_rand_a
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms > _last_ms:
            _last_ms = ms
            _last_rand_a = int.from_bytes(os.urandom(2), "big") & 0x07FF
        else:
            # NOTE: same (or backwards) millisecond: bump the 12-bit counter so ids stay monotonic.
            ms = _last_ms
            _last_rand_a += 1
            if _last_rand_a > 0x0FFF:
                _last_ms = ms = ms + 1
                _last_rand_a = 0
        rand_a = _last_rand_a
    rand_b = int.from_bytes(os.urandom(8), "big") & 0x3FFF_FFFF_FFFF_FFFF
    value = (ms & 0xFFFF_FFFF_FFFF) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)


def new_id() -> str:
    """A new UUIDv7 as the canonical 36-character string stored in every table."""
    return str(uuid7())
