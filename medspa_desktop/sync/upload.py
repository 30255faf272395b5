"""The first device of a new organisation uploads the clinic it already holds.

A clinic that ran offline before it enrolled, or the demo clinic (built without outbox
mutations), holds rows the server has never seen. On enrolment into a new organisation each
such row gets a ``create_<entity>`` mutation with all its columns, entity by entity in
``sync_policy.ENTITIES`` order (parents first). Each entity is queued in one transaction
together with the position of the next one, so an interrupted upload resumes where it
stopped and never queues a row twice.

Public API: ``start_upload(conn)``, ``queue_initial_upload(store, progress=None) -> int``.
Sync worker thread (or the enrolling command); it takes seconds for a large clinic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select

from medspa_desktop.domain.hlc import HybridLogicalClock
from medspa_desktop.domain.ids import new_id
from medspa_desktop.domain.sync_policy import ENTITIES
from medspa_desktop.store.database import Store
from medspa_desktop.store.models import OutboxMutation
from medspa_desktop.sync import state
from medspa_desktop.sync.local import write_transaction
from medspa_desktop.sync.outbox import SCHEMA_VERSION
from medspa_desktop.sync.values import table_of, to_json

ROWS_PER_READ = 5000
NOT_UPLOADED = frozenset({"id", "updated_hlc", "updated_by"})
"""``id`` travels as the mutation's ``entity_id``; the server stamps the other two."""

UploadProgress = Callable[[int, int, str], None]
"""``(entities done, entities in all, entity just queued)``."""


def start_upload(conn: Connection) -> None:
    """Mark (in the caller's transaction) that this device's rows still have to be queued."""
    state.put(conn, state.UPLOAD, ENTITIES[0])


def queue_initial_upload(store: Store, *, progress: UploadProgress | None = None) -> int:
    """Queue a create mutation for every synced row without a pending one; returns how many.

    Does nothing unless ``start_upload`` marked an upload as due.
    """
    queued = 0
    while (entity := state.read(store, state.UPLOAD)) is not None:
        with write_transaction(store) as conn:
            queued += _queue_entity(conn, store.clock, entity)
            position = ENTITIES.index(entity) + 1
            if position < len(ENTITIES):
                state.put(conn, state.UPLOAD, ENTITIES[position])
            else:
                state.drop(conn, state.UPLOAD)
        if progress:
            progress(position, len(ENTITIES), entity)
    return queued


def _queue_entity(conn: Connection, clock: HybridLogicalClock, entity: str) -> int:
    table = table_of(entity)
    name = f"create_{entity}"
    # Rows created through services since their last push already have their create queued.
    already = set(
        conn.scalars(
            select(OutboxMutation.entity_id).where(
                OutboxMutation.status == state.PENDING,
                OutboxMutation.entity == entity,
                OutboxMutation.name == name,
            )
        )
    )
    next_no = (conn.scalar(select(func.max(OutboxMutation.mutation_no))) or 0) + 1
    queued, after = 0, ""
    while rows := _rows_after(conn, table, after):
        after = rows[-1]["id"]
        now = dt.datetime.now(dt.UTC)
        batch = [
            _create(row, name, entity, next_no + queued + i, clock, now)
            for i, row in enumerate(r for r in rows if r["id"] not in already)
        ]
        if batch:
            conn.execute(insert(OutboxMutation), batch)
            queued += len(batch)
    return queued


def _rows_after(conn: Connection, table: Table, after: str) -> list[Any]:
    statement = select(table).where(table.c.id > after).order_by(table.c.id).limit(ROWS_PER_READ)
    return list(conn.execute(statement).mappings())


def _create(
    row: Any, name: str, entity: str, number: int, clock: HybridLogicalClock, now: dt.datetime
) -> dict[str, Any]:
    return {
        "mutation_no": number,
        "id": new_id(),
        "name": name,
        "entity": entity,
        "entity_id": row["id"],
        "fields": {k: to_json(v) for k, v in row.items() if k not in NOT_UPLOADED},
        "schema_version": SCHEMA_VERSION,
        "hlc": clock.now(),
        "created_at": now,
        "status": state.PENDING,
        "result": "",
    }
