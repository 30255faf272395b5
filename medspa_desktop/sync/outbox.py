"""Transactional outbox: a service's change and its mutation commit together."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from medspa_desktop.domain.ids import new_id
from medspa_desktop.store.models import OutboxMutation
from medspa_desktop.store.uow import UnitOfWork

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
    text). The caller commits; call from the thread that owns the unit of work.
    """
    last = uow.session.scalar(select(func.max(OutboxMutation.mutation_no)))
    mutation = OutboxMutation(
        mutation_no=(last or 0) + 1,
        id=new_id(),
        name=name,
        entity=entity,
        entity_id=entity_id,
        fields=fields,
        schema_version=schema_version,
        hlc=uow.clock.now(),
    )
    uow.session.add(mutation)
    return mutation
