"""Helpers of the sync tests: a clinic set up through the real service, pulled changes as the
server sends them, and reading the outbox back."""

from __future__ import annotations

from dataclasses import dataclass, replace

from argon2 import Type
from argon2.profiles import Parameters
from sqlalchemy import func, select

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.hlc import HybridLogicalClock
from medspa_desktop.services.auth import SetUpClinic, set_up_clinic
from medspa_desktop.store.database import Store
from medspa_desktop.store.models import OutboxMutation
from medspa_desktop.sync.outbox import record_mutation
from medspa_desktop.sync.protocol import Change
from medspa_desktop.sync.values import to_json

CHEAP = Parameters(
    type=Type.ID, version=19, salt_len=16, hash_len=32, time_cost=1, memory_cost=64, parallelism=1
)
"""Argon2 parameters the tests hash with (``credentials.hashing_parameters``)."""


@dataclass(frozen=True)
class Clinic:
    store: Store
    org_id: str
    location_id: str
    owner: Actor


def set_up(store: Store) -> Clinic:
    """The first-run service: organisation, location and owner (with outbox mutations)."""
    cmd = SetUpClinic(
        organisation_name="Lumen Aesthetics",
        location_name="Downtown",
        time_zone="America/New_York",
        owner_username="olivia",
        owner_display_name="Olivia Owner",
        owner_password="lantern orchard velvet",
    )
    with store.uow() as uow:
        done = set_up_clinic(cmd, uow=uow)
    return Clinic(store, done.org_id, done.location_id, done.session.actor)


_server_clock = HybridLogicalClock("server")


def change(entity: str, entity_id: str, seq: int, *, deleted: bool = False, **data) -> Change:
    """A change as the server sends it: the whole row, times as ISO text."""
    hlc = _server_clock.now()
    row = {"id": entity_id, "updated_hlc": hlc, "updated_by": "server", "deleted": deleted}
    return Change(
        seq=seq, entity=entity, entity_id=entity_id, data={**row, **data}, deleted=deleted, hlc=hlc
    )


def pending_count(store: Store) -> int:
    with store.session_factory() as session:
        query = select(func.count()).select_from(OutboxMutation)
        return session.scalar(query.where(OutboxMutation.status == "pending"))


def outbox_size(store: Store) -> int:
    with store.session_factory() as session:
        return session.scalar(select(func.count()).select_from(OutboxMutation))


def record(store: Store, model: type, **values) -> str:
    """Insert a row with its ``create_<entity>`` mutation, as a service does; returns its id."""
    table = model.__table__
    with store.uow() as uow:
        row = model(**values)
        row.updated_hlc, row.updated_by = uow.clock.now(), uow.device_id
        uow.session.add(row)
        uow.session.flush()
        fields = {
            column.name: to_json(getattr(row, column.key))
            for column in table.columns
            if column.name not in ("id", "updated_hlc", "updated_by")
        }
        record_mutation(
            uow, name=f"create_{table.name}", entity=table.name, entity_id=row.id, fields=fields
        )
        uow.commit()
        return row.id


def edit(store: Store, model: type, row_id: str, **changes) -> None:
    """Change fields of a row with its ``update_<entity>_fields`` mutation, as a service does."""
    table = model.__table__
    with store.uow() as uow:
        row = uow.session.get(model, row_id)
        for name, value in changes.items():
            setattr(row, name, value)
        row.updated_hlc, row.updated_by = uow.clock.now(), uow.device_id
        fields = {name: to_json(value) for name, value in changes.items()}
        record_mutation(
            uow,
            name=f"update_{table.name}_fields",
            entity=table.name,
            entity_id=row_id,
            fields=fields,
        )
        uow.commit()


def get(store: Store, model: type, row_id: str):
    with store.session_factory() as session:
        return session.get(model, row_id)


def all_rows(store: Store, model: type) -> list:
    with store.session_factory() as session:
        return list(session.scalars(select(model)))


def actor_on(store: Store, clinic: Clinic) -> Actor:
    """The clinic's owner acting on another device (after that device pulled the staff)."""
    return replace(clinic.owner, device_id=store.device_id)
