"""Reading an organisation's rows: incremental pull, pinned first-sync snapshot, the latest
sequence (for long polls) and per-table digests (verify). Every query names the org."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import Row, Text, cast, func, select
from sqlalchemy.orm import Session

from medspa_desktop.domain.sync_policy import ENTITIES, LEDGERS
from medspa_desktop.sync.protocol import ErrorCode, TableDigest
from medspa_server.errors import ApiError
from medspa_server.models import OrgCounter, SyncRow

_CHANGE_COLUMNS = (
    SyncRow.seq,
    SyncRow.entity,
    SyncRow.entity_id,
    SyncRow.org_id,
    cast(SyncRow.data, Text).label("data"),
    SyncRow.deleted,
    SyncRow.hlc,
    SyncRow.updated_by,
)


def counter(session: Session, org_id: str) -> tuple[int, str]:
    """The organisation's latest sequence number and highest stored HLC."""
    found = session.execute(
        select(OrgCounter.value, OrgCounter.max_hlc).where(OrgCounter.org_id == org_id)
    ).one()
    return found.value, found.max_hlc


ChangeJson = dict[str, Any]
"""A ``protocol.Change`` as data for ``orjson`` (``data`` an ``orjson.Fragment`` of JSON):
pages of 2,000 are written straight to JSON (``wire.json_response``), not through 2,000
pydantic objects."""


def changes_since(session: Session, org_id: str, since: int, limit: int) -> list[ChangeJson]:
    """Up to ``limit + 1`` rows changed after ``since``, in sequence order (the extra one
    tells the caller there is more)."""
    query = (
        select(*_CHANGE_COLUMNS)
        .where(SyncRow.org_id == org_id, SyncRow.seq > since)
        .order_by(SyncRow.seq)
        .limit(limit + 1)
    )
    return [_change(row) for row in session.execute(query)]


def snapshot_rows(
    session: Session, org_id: str, entity: str, pin: int, after: int, limit: int
) -> list[ChangeJson]:
    """Up to ``limit + 1`` rows of ``entity`` as of ``pin`` with sequence after ``after``."""
    query = (
        select(*_CHANGE_COLUMNS)
        .where(
            SyncRow.org_id == org_id,
            SyncRow.entity == entity,
            SyncRow.seq > after,
            SyncRow.seq <= pin,
        )
        .order_by(SyncRow.seq)
        .limit(limit + 1)
    )
    return [_change(row) for row in session.execute(query)]


def next_entity(session: Session, org_id: str, pin: int, start: int) -> str | None:
    """The first entity from ``ENTITIES[start]`` on that has rows as of ``pin``."""
    for entity in ENTITIES[start:]:
        found = session.scalar(
            select(SyncRow.seq)
            .where(SyncRow.org_id == org_id, SyncRow.entity == entity, SyncRow.seq <= pin)
            .limit(1)
        )
        if found is not None:
            return entity
    return None


def digests(session: Session, org_id: str, cursor: int) -> dict[str, TableDigest]:
    """Per entity, the rows created up to ``cursor``; for ledgers also a hash of their ids."""
    # NOTE: not dict(result): a Result has .keys() (its column names), so dict() would
    # treat it as a mapping.
    counts = {
        entity: rows
        for entity, rows in session.execute(
            select(SyncRow.entity, func.count())
            .where(SyncRow.org_id == org_id, SyncRow.created_seq <= cursor)
            .group_by(SyncRow.entity)
        )
    }
    return {
        entity: TableDigest(
            rows=counts.get(entity, 0),
            ledger_hash=_ledger_hash(session, org_id, entity, cursor)
            if entity in LEDGERS
            else None,
        )
        for entity in ENTITIES
    }


def ledger_hash(ids: Sequence[str]) -> str:
    """SHA-256 (hex) over the ids sorted and joined with newlines; the device does the same."""
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


def _ledger_hash(session: Session, org_id: str, entity: str, cursor: int) -> str:
    ids = session.scalars(
        select(SyncRow.entity_id).where(
            SyncRow.org_id == org_id, SyncRow.entity == entity, SyncRow.created_seq <= cursor
        )
    ).all()
    return ledger_hash(ids)


def check_entity(entity: str) -> int:
    """The position of ``entity`` in the snapshot order; refuses one that does not sync."""
    try:
        return ENTITIES.index(entity)
    except ValueError:
        raise ApiError(
            400,
            ErrorCode.INVALID,
            f"'{entity}' is not a kind of record that syncs; start the first sync again.",
        ) from None


def _change(row: Row[int, str, str, str, str, bool, str, str]) -> ChangeJson:
    """The fields of ``protocol.Change``; the device validates the page it receives.

    ``data`` is the row's stored JSON text with the sync columns appended to the object,
    never parsed here (a first sync of a million rows parsed and wrote them all again).
    A stored row may hold ``org_id`` or ``deleted`` itself, with the same value; the later
    key wins in every JSON reader the devices use, as ``{**data, ...}`` did.
    """
    stamps = orjson.dumps(
        {
            "id": row.entity_id,
            "org_id": row.org_id,
            "deleted": row.deleted,
            "updated_hlc": row.hlc,
            "updated_by": row.updated_by,
        }
    )
    stored = row.data.encode().rstrip()
    if not stored.endswith(b"}"):
        raise ValueError(f"sync_row {row.entity} {row.entity_id} holds no JSON object")
    body = stored[:-1].rstrip()
    data = body + (b"" if body.endswith(b"{") else b",") + stamps[1:]
    return {
        "seq": row.seq,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "data": orjson.Fragment(data),
        "deleted": row.deleted,
        "hlc": row.hlc,
    }
