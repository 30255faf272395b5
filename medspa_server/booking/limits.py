"""Rate limits of the public booking page per visitor address, kept in the database so every
server process behind the load balancer counts the same requests.

Public API (worker thread):

- ``Limit(kind, allowed, window_s)``; ``over_limit(database, limit, address_hash, *, now)
  -> int | None``: count one request; None while within the limit, else the seconds until
  the window ends (``Retry-After``).

Fixed windows: one upserted row per (address, kind, window), counted atomically by the
database (``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``). Rows of past windows are
deleted by the first request of each new window from any address.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from medspa_server.db import Database
from medspa_server.models import BookingRate

KEEP = dt.timedelta(hours=1)
"""Rows of windows older than this are deleted."""
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Limit:
    kind: str
    """``view`` (pages) or ``book`` (booking submissions)."""
    allowed: int
    window_s: int


def over_limit(
    database: Database, limit: Limit, address_hash: str, *, now: dt.datetime
) -> int | None:
    """Count this request; None when it is within ``limit``, else the seconds to wait."""
    window = dt.timedelta(seconds=max(1, limit.window_s))
    start = _EPOCH + ((now - _EPOCH) // window) * window
    with database.write() as session:
        hits = _count(session, address_hash, limit.kind, start)
        if hits == 1:
            session.execute(delete(BookingRate).where(BookingRate.window_start < now - KEEP))
        session.commit()
    if hits <= limit.allowed:
        return None
    return max(1, math.ceil((start + window - now).total_seconds()))


def _count(session: Session, address_hash: str, kind: str, start: dt.datetime) -> int:
    """Add one hit to the window's row (made on the first) and return its count."""
    values = {"address_hash": address_hash, "kind": kind, "window_start": start, "hits": 1}
    if session.get_bind().dialect.name == "postgresql":
        insert: postgresql.Insert | sqlite.Insert = postgresql.insert(BookingRate).values(values)
    else:
        insert = sqlite.insert(BookingRate).values(values)
    upsert = insert.on_conflict_do_update(
        index_elements=["address_hash", "kind", "window_start"],
        set_={"hits": BookingRate.hits + 1},
    ).returning(BookingRate.hits)
    return int(session.execute(upsert).scalar_one())
