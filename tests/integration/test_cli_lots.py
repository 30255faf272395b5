"""``medspa lot-recall`` as a manager runs it: the real command in a subprocess on a clinic
data folder where a signed chart used the recalled lot."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sync.helpers import record

from medspa_desktop.domain.ids import new_id
from medspa_desktop.services import credentials
from medspa_desktop.services.auth import SetUpClinic, set_up_clinic
from medspa_desktop.services.chart_sign import SignChart, sign_chart
from medspa_desktop.services.charts import SaveChart, StartChart, save_chart, start_chart
from medspa_desktop.store.database import open_store
from medspa_desktop.store.models import (
    Appointment,
    AuditEntry,
    Client,
    InventoryLot,
    InventoryMovement,
    Product,
    ServiceCategory,
    ServiceItem,
)
from tests.integration.services.helpers import CHEAP

PASSWORD = "lantern orchard velvet"
LOT = "C3709C3"


def medspa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medspa_desktop.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """A demo-keyed clinic where the owner charted and signed 12 U of Botox from lot C3709C3."""
    folder = tmp_path_factory.mktemp("lot-recall") / "clinic"
    store = open_store(folder, demo=True)
    try:
        with credentials.hashing_parameters(CHEAP):
            _chart_a_treatment(store)
    finally:
        store.close()
    return folder


def _chart_a_treatment(store) -> None:
    cmd = SetUpClinic(
        "Lumen Aesthetics", "Downtown", "America/New_York", "olivia", "Olivia Owner", PASSWORD
    )
    with store.uow() as uow:
        owner = set_up_clinic(cmd, uow=uow).session.actor
    org = {"org_id": owner.org_id}
    location = owner.location_id
    client = record(store, Client, first_name="Maya", last_name="Chen", phone="+12125550143", **org)
    category = record(store, ServiceCategory, code="neuromodulator", name="Neuro", **org)
    service = record(
        store,
        ServiceItem,
        category_id=category,
        name="Botox",
        duration_minutes=30,
        price_minor=40_000,
        **org,
    )
    product = record(store, Product, sku="BTX", name="Botox", kind="injectable", unit="unit", **org)
    lot = record(
        store,
        InventoryLot,
        product_id=product,
        location_id=location,
        lot_number=LOT,
        expires_on=dt.date.today() + dt.timedelta(days=300),
        quantity_received=100,
        **org,
    )
    record(store, InventoryMovement, lot_id=lot, quantity=100, kind="receive", **org)
    start = dt.datetime.now(dt.UTC)
    appointment = record(
        store,
        Appointment,
        location_id=location,
        client_id=client,
        staff_id=owner.staff_id,
        service_id=service,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=30),
        visit_id=new_id(),
        status="in_treatment",
        **org,
    )
    point = {"view": "front", "x": 0.5, "y": 0.2, "area": "Forehead", "lot_id": lot, "units": 12}
    body = {"dilution": 2.5, "injection_points": [point], "aftercare_given": "Yes"}
    with store.uow() as uow:
        chart = start_chart(StartChart(appointment), uow=uow, actor=owner).chart_id
    with store.uow() as uow:
        save_chart(SaveChart(chart, body, None), uow=uow, actor=owner)
    with store.uow() as uow:
        sign_chart(SignChart(chart, PASSWORD), uow=uow, actor=owner)


def test_the_recall_lists_the_treated_client_as_json(data_dir):
    done = medspa("lot-recall", LOT, "--data-dir", str(data_dir), "--json")

    assert done.returncode == 0, done.stderr
    recall = json.loads(done.stdout)
    assert recall["client_count"] == 1
    (entry,) = recall["entries"]
    assert (entry["client_name"], entry["phone"], entry["quantity"], entry["unit"]) == (
        "Maya Chen",
        "+12125550143",
        12,
        "unit",
    )
    assert entry["practitioner_name"] == "Olivia Owner" and entry["how"] == "treated"
    assert dt.datetime.fromisoformat(entry["at"]).date() == dt.datetime.now(dt.UTC).date()


def test_the_recall_prints_a_report_and_is_audited_as_the_owner_on_the_command_line(data_dir):
    done = medspa("lot-recall", LOT.lower(), "--data-dir", str(data_dir))

    assert done.returncode == 0, done.stderr
    assert "Maya Chen" in done.stdout and "treated 12 unit" in done.stdout
    store = open_store(data_dir, demo=True)
    try:
        with store.session_factory() as session:
            entry = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "inventory.lot_recall")
                .order_by(AuditEntry.seq.desc())
            ).first()
    finally:
        store.close()
    assert entry.detail == "lot c3709c3; command line" and entry.outcome == "ok"


def test_an_unknown_lot_exits_3_and_says_so(data_dir):
    done = medspa("lot-recall", "NOPE-1", "--data-dir", str(data_dir))

    assert done.returncode == 3
    assert "No lot numbered 'NOPE-1'" in done.stdout
