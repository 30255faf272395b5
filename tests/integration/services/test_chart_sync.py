"""A chart edited on two devices before it is signed, synced through a real server process:
both edits are kept as sibling versions on each device, the practitioner reconciles them, and
the chart signed on one device is locked on the other."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sync.conftest import cheap_hashing, connected, new_device, postgres_database, sync_server
from sync.helpers import actor_on, record

from medspa_desktop.domain.ids import new_id
from medspa_desktop.services.chart_read import chart_view
from medspa_desktop.services.chart_sign import SignChart, sign_chart
from medspa_desktop.services.charts import (
    ReconcileChart,
    SaveChart,
    StartChart,
    reconcile_siblings,
    save_chart,
    start_chart,
)
from medspa_desktop.services.errors import RuleViolation
from medspa_desktop.store.models import (
    Appointment,
    Client,
    InventoryLot,
    InventoryMovement,
    Product,
    ServiceCategory,
    ServiceItem,
)
from medspa_desktop.sync.engine import sync_once

__all__ = ["cheap_hashing", "connected", "new_device", "postgres_database", "sync_server"]

pytestmark = pytest.mark.slow
OWNER_PASSWORD = "lantern orchard velvet"
NINE = dt.datetime(2030, 6, 3, 13, 0, tzinfo=dt.UTC)


def _appointment(store, clinic, service: str | None = None) -> str:
    org = {"org_id": clinic.org_id}
    client = record(store, Client, first_name="Maya", last_name="Chen", **org)
    if service is None:
        category = record(store, ServiceCategory, code="consult", name="Consults", **org)
        service = record(
            store,
            ServiceItem,
            category_id=category,
            name="Skin consult",
            duration_minutes=30,
            price_minor=0,
            **org,
        )
    return record(
        store,
        Appointment,
        location_id=clinic.location_id,
        client_id=client,
        staff_id=clinic.owner.staff_id,
        service_id=service,
        starts_at=NINE,
        ends_at=NINE + dt.timedelta(minutes=30),
        visit_id=new_id(),
        status="checked_in",
        **org,
    )


def _call(store, actor, service, cmd):
    with store.uow() as uow:
        return service(cmd, uow=uow, actor=actor)


def _view(store, actor, chart_id):
    with store.uow() as uow:
        return chart_view(chart_id, uow=uow, actor=actor)


def _soap(plan: str) -> dict:
    return {"subjective": "Dull skin", "assessment": "Dehydration", "plan": plan}


def test_a_draft_edited_on_two_devices_offline_becomes_siblings_on_both(connected):
    clinic, a, b = connected
    on_a, on_b = clinic.owner, actor_on(b, clinic)
    appointment = _appointment(a, clinic)
    chart = _call(a, on_a, start_chart, StartChart(appointment)).chart_id
    first = _call(a, on_a, save_chart, SaveChart(chart, _soap("Peel in May"), None)).version_id
    assert sync_once(a).ok and sync_once(b).ok

    mine = _call(a, on_a, save_chart, SaveChart(chart, _soap("Peel in June"), first))
    theirs = _call(b, on_b, save_chart, SaveChart(chart, _soap("Hydrafacial"), first))
    for store in (a, b, a):
        assert sync_once(store).ok

    for store, actor in ((a, on_a), (b, on_b)):
        view = _view(store, actor, chart)
        shown = {view.current.id, *(s.id for s in view.siblings)}
        assert shown == {mine.version_id, theirs.version_id}
        assert view.needs_reconciling and view.template_code == "soap"
        assert {v.parent_version_id for v in (view.current, *view.siblings)} == {first}


def test_reconciled_siblings_sync_as_one_version_and_a_signed_chart_is_locked_everywhere(
    connected,
):
    clinic, a, b = connected
    on_a, on_b = clinic.owner, actor_on(b, clinic)
    chart = _call(a, on_a, start_chart, StartChart(_appointment(a, clinic))).chart_id
    assert sync_once(a).ok and sync_once(b).ok
    mine = _call(a, on_a, save_chart, SaveChart(chart, _soap("Peel"), None)).version_id
    theirs = _call(b, on_b, save_chart, SaveChart(chart, _soap("Facial"), None)).version_id
    for store in (a, b, a):
        assert sync_once(store).ok

    cmd = ReconcileChart(chart, _soap("Peel, then facial"), (mine, theirs))
    merged = _call(b, on_b, reconcile_siblings, cmd).version_id
    assert sync_once(b).ok and sync_once(a).ok
    view = _view(a, on_a, chart)
    assert (view.current.id, view.siblings) == (merged, ())

    signed = _call(a, on_a, sign_chart, SignChart(chart, OWNER_PASSWORD))
    assert sync_once(a).ok and sync_once(b).ok
    assert _view(b, on_b, chart).current.id == signed.version_id
    with pytest.raises(RuleViolation, match="Add an addendum"):
        _call(b, on_b, save_chart, SaveChart(chart, _soap("Too late"), signed.version_id))


def _filler_lot(store, clinic) -> tuple[str, str]:
    """A filler service (charted on the filler template) and a lot of 10 syringes."""
    org = {"org_id": clinic.org_id}
    fillers = record(store, ServiceCategory, code="filler", name="Fillers", **org)
    service = record(
        store,
        ServiceItem,
        category_id=fillers,
        name="Lip filler",
        duration_minutes=45,
        price_minor=65_000,
        **org,
    )
    product = record(
        store, Product, sku="JUV-1", name="Juvederm", brand="", kind="injectable",
        unit="syringe", **org,
    )  # fmt: skip
    lot = record(
        store,
        InventoryLot,
        product_id=product,
        location_id=clinic.location_id,
        lot_number="JV-2201",
        expires_on=dt.date(2031, 1, 1),
        quantity_received=10,
        **org,
    )
    record(store, InventoryMovement, lot_id=lot, quantity=10, kind="receive", **org)
    return service, lot


def _on_hand(store, lot_id: str) -> int:
    with store.session_factory() as session:
        rows = session.scalars(select(InventoryMovement).filter_by(lot_id=lot_id, deleted=False))
        return sum(m.quantity for m in rows)


def test_a_chart_signed_on_two_devices_offline_takes_its_syringes_off_stock_once(connected):
    clinic, a, b = connected
    on_a, on_b = clinic.owner, actor_on(b, clinic)
    service, lot = _filler_lot(a, clinic)
    appointment = _appointment(a, clinic, service=service)
    chart = _call(a, on_a, start_chart, StartChart(appointment)).chart_id
    body = {"syringes": [{"lot_id": lot, "quantity": 2}], "aftercare_given": "Yes"}
    _call(a, on_a, save_chart, SaveChart(chart, body, None))
    assert sync_once(a).ok and sync_once(b).ok

    first = _call(a, on_a, sign_chart, SignChart(chart, OWNER_PASSWORD))
    second = _call(b, on_b, sign_chart, SignChart(chart, OWNER_PASSWORD))
    for store in (a, b, a):
        sync_once(store)

    for store, actor in ((a, on_a), (b, on_b)):
        assert _on_hand(store, lot) == 10 - 2
        view = _view(store, actor, chart)
        signed = {view.current.id, *(s.id for s in view.siblings if s.signed)}
        assert signed == {first.version_id, second.version_id}
        assert view.current.id == first.version_id
        assert not view.needs_reconciling
