"""The database itself refuses to change or remove an audit entry."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from medspa_desktop.domain.ids import new_id
from medspa_desktop.store.models import AuditEntry


def _append(store, seq):
    entry = AuditEntry(
        id=new_id(),
        device_id=store.device_id,
        seq=seq,
        action="client.view",
        outcome="ok",
        prev_hash="0" * 64,
        entry_hash="a" * 64,
    )
    with store.uow() as uow:
        uow.session.add(entry)
        uow.commit()
    return entry.id


@pytest.fixture
def entry_id(store):
    return _append(store, 1)


def _rows(store):
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT id, action, outcome FROM audit_entry")).fetchall()


@pytest.mark.parametrize(
    ("statement", "refused"),
    [
        ("UPDATE audit_entry SET outcome = 'denied' WHERE id = :id", "UPDATE refused"),
        ("UPDATE audit_entry SET seq = seq", "UPDATE refused"),
        ("DELETE FROM audit_entry WHERE id = :id", "DELETE refused"),
        ("DELETE FROM audit_entry", "DELETE refused"),
    ],
)
def test_sql_cannot_change_or_remove_an_audit_entry(store, entry_id, statement, refused):
    before = _rows(store)

    with store.engine.connect() as conn, pytest.raises(IntegrityError, match=refused):
        conn.execute(text(statement), {"id": entry_id})
        conn.commit()

    assert _rows(store) == before == [(entry_id, "client.view", "ok")]


def test_new_audit_entries_can_still_be_appended(store, entry_id):
    _append(store, 2)

    assert len(_rows(store)) == 2
