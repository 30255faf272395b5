"""After a sync the device compares row counts and ledger hashes with the real server: a row
it lost is fetched again; a row only it holds is reported, never deleted."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from medspa_desktop.services.clients import CreateClient, create_client
from medspa_desktop.store.models import Payment, Room, Ticket
from medspa_desktop.sync.engine import sync_once

from .helpers import all_rows, get, record

pytestmark = pytest.mark.slow


def _something_new_on(clinic) -> None:
    """A change elsewhere, so the next sync of the other device pulls and compares again."""
    with clinic.store.uow() as uow:
        create_client(CreateClient(first_name="Nia", last_name="Ode"), uow=uow, actor=clinic.owner)
    assert sync_once(clinic.store).ok


def test_a_ledger_row_lost_on_a_device_is_noticed_and_fetched_again(connected):
    clinic, a, b = connected
    ticket = record(a, Ticket, org_id=clinic.org_id, location_id=clinic.location_id, number="T-9")
    payment = record(
        a, Payment, org_id=clinic.org_id, ticket_id=ticket, tender="card", amount_minor=900
    )
    sync_once(a), sync_once(b)
    with b.engine.begin() as conn:
        conn.execute(text("DELETE FROM payment WHERE id = :id"), {"id": payment})
    _something_new_on(clinic)

    repaired = sync_once(b)

    assert repaired.ok and repaired.mismatched == ("payment",)
    assert repaired.repaired == ("payment",)
    assert get(b, Payment, payment).amount_minor == 900


def test_a_row_the_server_never_received_is_reported_and_kept(connected):
    clinic, _a, b = connected
    with b.uow() as uow:  # written without an outbox mutation, so it can never be pushed
        uow.session.add(Room(org_id=clinic.org_id, location_id=clinic.location_id, name="Lost"))
        uow.commit()
    _something_new_on(clinic)

    reported = sync_once(b)

    assert not reported.ok and reported.mismatched == ("room",) and reported.repaired == ()
    assert (
        "room records" in reported.errors[0] and "(1 here, 0 on the server)" in (reported.errors[0])
    )
    assert [room.name for room in all_rows(b, Room)] == ["Lost"]
    again = sync_once(b)
    assert again.errors == reported.errors and again.mismatched == (), "reported, not re-fetched"
