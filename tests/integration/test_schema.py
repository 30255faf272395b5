"""The whole domain schema on a real SQLCipher file: sync columns, money, UTC, foreign keys."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from sqlalchemy import DateTime, inspect, select
from sqlalchemy.exc import IntegrityError

from medspa_desktop.domain.ids import new_id
from medspa_desktop.store.database import open_store
from medspa_desktop.store.models import (
    Appointment,
    Base,
    Client,
    Location,
    Organisation,
    ServiceCategory,
    ServiceItem,
    Staff,
    UtcDateTime,
)

SYNC_COLUMNS = {"id", "org_id", "updated_hlc", "updated_by", "deleted"}
DEVICE_LOCAL = {
    "audit_entry",
    "blob_ref",
    "local_setting",
    "login_attempt",
    "payment_attempt",
    "sync_outbox",
    "sync_state",
}
"""Tables that never leave the device; every other table must carry the sync columns."""

EXPECTED_TABLES = {
    "organisation",
    "location",
    "device",
    "staff",
    "staff_location",
    "client",
    "marketing_consent",
    "service_category",
    "service_item",
    "service_qualified_staff",
    "room",
    "machine",
    "working_hours",
    "time_off",
    "appointment",
    "appointment_status_change",
    "waitlist_entry",
    "ticket",
    "ticket_line",
    "payment",
    "refund",
    "cash_drawer_event",
    "card_reader",
    "gift_card",
    "gift_card_ledger",
    "membership_plan",
    "membership",
    "credit_ledger",
    "package_plan",
    "client_package",
    "package_redemption",
    "product",
    "inventory_lot",
    "inventory_movement",
    "chart",
    "chart_version",
    "photo",
    "consent_template",
    "consent_template_version",
    "signed_consent",
    "intake_form",
    "intake_response",
    "message",
    "campaign",
} | DEVICE_LOCAL


def _db_columns(store, table: str) -> dict[str, str]:
    return {c["name"]: str(c["type"]) for c in inspect(store.engine).get_columns(table)}


def test_every_domain_table_is_created_in_the_encrypted_file(tmp_path):
    key = secrets.token_bytes(32)
    first = open_store(tmp_path / "data", key=key)
    first.close()
    reopened = open_store(tmp_path / "data", key=key)
    try:
        tables = set(inspect(reopened.engine).get_table_names())
    finally:
        reopened.close()
    assert EXPECTED_TABLES <= tables
    assert b"CREATE TABLE" not in (tmp_path / "data" / "clinic.db").read_bytes()


def test_every_synced_table_carries_the_five_sync_columns(store):
    tables = set(Base.metadata.tables)
    assert tables <= set(inspect(store.engine).get_table_names())
    for table in sorted(tables - DEVICE_LOCAL):
        missing = SYNC_COLUMNS - set(_db_columns(store, table))
        assert not missing, f"{table} lacks sync columns {missing}"
        assert inspect(store.engine).get_pk_constraint(table)["constrained_columns"] == ["id"]


def test_device_local_tables_do_not_look_synced(store):
    for table in sorted(DEVICE_LOCAL):
        assert "updated_hlc" not in _db_columns(store, table), table


def test_money_columns_are_integers(store):
    money = [
        (table, name, kind)
        for table in Base.metadata.tables
        for name, kind in _db_columns(store, table).items()
        if name.endswith("_minor")
    ]
    assert len(money) > 20
    assert all(kind == "INTEGER" for _, _, kind in money), [m for m in money if m[2] != "INTEGER"]


def test_every_timestamp_column_is_utc_aware():
    naive = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, DateTime) and not isinstance(column.type, UtcDateTime)
    ]
    aware = [
        column
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, UtcDateTime)
    ]
    assert naive == []
    assert len(aware) > 40


def _menu_and_people(store) -> dict[str, str]:
    org, loc, staff, cat, svc = (new_id() for _ in range(5))
    with store.uow() as uow:
        uow.session.add_all(
            [
                Organisation(id=org, org_id=org, name="Test Spa"),
                Location(id=loc, org_id=org, name="Main", time_zone="America/New_York"),
                Staff(id=staff, org_id=org, username="ava", display_name="Ava", role="owner"),
                ServiceCategory(id=cat, org_id=org, code="filler", name="Fillers"),
                ServiceItem(
                    id=svc,
                    org_id=org,
                    category_id=cat,
                    name="Lips",
                    duration_minutes=45,
                    price_minor=65000,
                ),
            ]
        )
        uow.commit()
    return {"org_id": org, "location_id": loc, "staff_id": staff, "service_id": svc}


def _appointment(refs: dict[str, str], client_id: str) -> Appointment:
    start = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
    return Appointment(
        client_id=client_id,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=45),
        visit_id=new_id(),
        **refs,
    )


def test_an_appointment_for_a_missing_client_is_refused(store):
    refs = _menu_and_people(store)
    with store.uow() as uow:
        uow.session.add(_appointment(refs, client_id=new_id()))
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            uow.commit()


def test_an_appointment_for_an_existing_client_is_stored(store):
    refs = _menu_and_people(store)
    client = new_id()
    with store.uow() as uow:
        uow.session.add(Client(id=client, org_id=refs["org_id"], first_name="Mia", last_name="Li"))
        uow.session.add(_appointment(refs, client_id=client))
        uow.commit()
    with store.uow() as uow:
        stored = uow.session.scalars(select(Appointment)).one()
        assert stored.client_id == client
        assert stored.starts_at.tzinfo is dt.UTC
        assert stored.status == "booked"
