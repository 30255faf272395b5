"""The server's hybrid logical clock, computed from the wall clock and the organisation's
stored highest HLC, so no process keeps clock state in memory."""

from __future__ import annotations

import time

from medspa_desktop.domain.hlc import MAX_COUNTER, Timestamp

SERVER_NODE = "server"


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


def server_hlc(max_hlc: str, now_ms: int | None = None) -> str:
    """An HLC later than ``max_hlc`` (every HLC the organisation has stored) and not behind
    the server's wall clock."""
    now = wall_ms() if now_ms is None else now_ms
    if not max_hlc:
        return Timestamp(now, 0, SERVER_NODE).encode()
    seen = Timestamp.decode(max_hlc)
    if now > seen.wall_ms:
        return Timestamp(now, 0, SERVER_NODE).encode()
    if seen.counter >= MAX_COUNTER:
        return Timestamp(seen.wall_ms + 1, 0, SERVER_NODE).encode()
    return Timestamp(seen.wall_ms, seen.counter + 1, SERVER_NODE).encode()


def is_hlc(text: str) -> bool:
    """``text`` is an encoded HLC (``wall:counter:node``)."""
    try:
        stamp = Timestamp.decode(text)
    except ValueError:
        return False
    # Round-tripping checks the fixed widths that make encoded HLCs compare as text.
    return stamp.encode() == text and 0 <= stamp.counter <= MAX_COUNTER and bool(stamp.node)


def later(a: str, b: str) -> str:
    return a if a > b else b
