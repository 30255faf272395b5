"""Reading back what services wrote: audit entries and outbox mutations."""

from __future__ import annotations

from argon2 import Type
from argon2.profiles import Parameters
from sqlalchemy import select

from medspa_desktop.store.database import Store
from medspa_desktop.store.models import AuditEntry, OutboxMutation

CHEAP = Parameters(
    type=Type.ID, version=19, salt_len=16, hash_len=32, time_cost=1, memory_cost=64, parallelism=1
)
"""What the service tests hash with (see ``credentials.hashing_parameters``)."""
OWNER_PASSWORD = "lantern orchard velvet"
STAFF_PASSWORD = "quiet harbour morning"


def audit_entries(store: Store, **where) -> list[AuditEntry]:
    """Entries matching ``where`` (column=value), oldest first."""
    with store.session_factory() as session:
        query = select(AuditEntry).order_by(AuditEntry.seq)
        for name, value in where.items():
            query = query.where(getattr(AuditEntry, name) == value)
        return list(session.scalars(query))


def last_audit(store: Store) -> AuditEntry:
    return audit_entries(store)[-1]


def mutations(store: Store, name: str | None = None) -> list[OutboxMutation]:
    with store.session_factory() as session:
        query = select(OutboxMutation).order_by(OutboxMutation.mutation_no)
        if name:
            query = query.where(OutboxMutation.name == name)
        return list(session.scalars(query))
