"""Transactional outbox: a service's change and its mutation commit together."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from medspa_desktop.domain.ids import new_id
from medspa_desktop.domain.sync_policy import ENTITIES, LEDGERS
from medspa_desktop.store.database import HLC_STATE_KEY
from medspa_desktop.store.models import OutboxMutation
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.sync.values import table_of, to_json

SCHEMA_VERSION = 1


def record_mutation(
    uow: UnitOfWork,
    *,
    name: str,
    entity: str,
    entity_id: str,
    fields: dict[str, Any],
    schema_version: int = SCHEMA_VERSION,
) -> OutboxMutation:
    """Add a named mutation to the outbox in the caller's transaction; returns it.

    The mutation number grows by one per device. ``fields`` must be JSON-able (dates as ISO
    text). A create (``create_<entity>``) or a ledger entry carries the whole row as stored,
    with ``fields`` over it. The caller commits; call from the thread that owns the unit of
    work.
    """
    if name == f"create_{entity}" or entity in LEDGERS:
        fields = {**_stored_row(uow, entity, entity_id), **fields}
    last = uow.tails.get(OUTBOX_TAIL)
    if last is None:
        last = uow.session.scalar(select(func.max(OutboxMutation.mutation_no))) or 0
    uow.tails[OUTBOX_TAIL] = last + 1
    mutation = OutboxMutation(
        mutation_no=last + 1,
        id=new_id(),
        name=name,
        entity=entity,
        entity_id=entity_id,
        fields=fields,
        schema_version=schema_version,
        hlc=uow.clock.now(),
    )
    uow.session.add(mutation)
    # NOTE: kept with the change, not only when the app ends: a device whose clock is slow
    # runs on the server's merged time, and after a crash its clock restarted from before
    # this change, so its next edit of the same field got an HLC no later than this one and
    # lost to it.
    uow.keep_state(HLC_STATE_KEY, uow.clock.last)
    return mutation


OUTBOX_TAIL = "outbox"
"""``uow.tails`` key: the last mutation number this transaction gave."""

NOT_SENT = frozenset({"id", "updated_hlc", "updated_by"})
"""The id travels as the mutation's ``entity_id``; the server stamps the other two."""


def _stored_row(uow: UnitOfWork, entity: str, entity_id: str) -> dict[str, Any]:
    # NOTE: services name only the values they set. Without the columns filled in by
    # defaults, the server never held them and every device filled them in itself when it
    # pulled the row: each device showed a different ``created_at`` for the same client.
    if entity not in ENTITIES:
        return {}
    table = table_of(entity)
    row = uow.session.execute(select(table).where(table.c.id == entity_id)).mappings().first()
    if row is None:
        return {}
    return {name: to_json(value) for name, value in row.items() if name not in NOT_SENT}
