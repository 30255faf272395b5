"""The first device of a new organisation queues what it holds: every row once, parents first,
resuming after an interruption."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from sqlalchemy import func, select

from medspa_desktop.domain.sync_policy import ENTITIES
from medspa_desktop.services.demo_clinic import create_demo_clinic
from medspa_desktop.store.models import Base, OutboxMutation, Room
from medspa_desktop.sync import upload
from medspa_desktop.sync.local import write_transaction
from medspa_desktop.sync.upload import queue_initial_upload, start_upload


def _rows_per_entity(store) -> Counter:
    with store.session_factory() as session:
        return Counter(
            {
                entity: session.scalar(
                    select(func.count()).select_from(Base.metadata.tables[entity])
                )
                for entity in ENTITIES
            }
        )


def _outbox(store) -> list[OutboxMutation]:
    with store.session_factory() as session:
        return list(session.scalars(select(OutboxMutation).order_by(OutboxMutation.mutation_no)))


def _begin_upload(store) -> None:
    with write_transaction(store) as conn:
        start_upload(conn)


@pytest.fixture
def demo(new_device):
    store = new_device("demo")
    create_demo_clinic(store, seed=3, clients=12, years=1)
    return store


def test_a_clinic_built_without_outbox_queues_every_row_once_parents_first(demo):
    _begin_upload(demo)

    queued = queue_initial_upload(demo)

    mutations = _outbox(demo)
    assert queued == len(mutations) == sum(_rows_per_entity(demo).values())
    assert Counter(m.entity for m in mutations) == +_rows_per_entity(demo)
    order = [ENTITIES.index(m.entity) for m in mutations]
    assert order == sorted(order), "parents are queued before their children"
    assert [m.mutation_no for m in mutations] == list(range(1, len(mutations) + 1))
    payment = next(m for m in mutations if m.entity == "payment")
    assert payment.name == "create_payment" and payment.status == "pending"
    assert {"org_id", "amount_minor", "received_at", "deleted"} <= payment.fields.keys()
    assert "id" not in payment.fields and "updated_hlc" not in payment.fields
    json.dumps([m.fields for m in mutations])  # every value is JSON as it is


def test_rows_whose_create_is_already_pending_are_not_queued_again(clinic):
    store = clinic.store
    with store.uow() as uow:  # a row written without a mutation, as the demo builder does
        room = Room(org_id=clinic.org_id, location_id=clinic.location_id, name="Laser 1")
        uow.session.add(room)
        uow.commit()
    before = {(m.entity, m.entity_id) for m in _outbox(store)}
    _begin_upload(store)

    queue_initial_upload(store)

    creates = Counter(
        (m.entity, m.entity_id) for m in _outbox(store) if m.name.startswith("create")
    )
    assert set(creates.values()) == {1}
    assert len(creates) == sum(_rows_per_entity(store).values())
    assert creates.keys() - before == {("room", room.id)}


def test_an_interrupted_upload_resumes_without_queuing_a_row_twice(demo, monkeypatch):
    _begin_upload(demo)
    real = upload._queue_entity

    def crash_at_clients(conn, clock, entity):
        queued = real(conn, clock, entity)
        if entity == "client":
            raise KeyboardInterrupt  # the process dies inside the client transaction
        return queued

    monkeypatch.setattr(upload, "_queue_entity", crash_at_clients)
    with pytest.raises(KeyboardInterrupt):
        queue_initial_upload(demo)
    partial = Counter(m.entity for m in _outbox(demo))
    assert "client" not in partial and partial["organisation"] == 1
    monkeypatch.setattr(upload, "_queue_entity", real)

    queue_initial_upload(demo)

    ids = Counter((m.entity, m.entity_id) for m in _outbox(demo))
    assert set(ids.values()) == {1}
    assert len(ids) == sum(_rows_per_entity(demo).values())
    assert queue_initial_upload(demo) == 0, "a finished upload queues nothing more"
