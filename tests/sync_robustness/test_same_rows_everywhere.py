"""Two regressions the robustness tests found, pinned down: every device shows a record
exactly as the server holds it, even where a service named only some of its values, and even
after the server refused the device's own change to it."""

from __future__ import annotations

import pytest

from medspa_desktop.store.models import Chart, Client, Location, Staff
from medspa_desktop.sync.engine import sync_once
from medspa_server.admin import create_org

from .checks import assert_converged, converge, server_database
from .world import device, found_clinic, join, new_client, sign_chart, start_chart

pytestmark = pytest.mark.slow


@pytest.fixture
def two_devices(sync_server, tmp_path):
    database = server_database(sync_server)
    with device(tmp_path / "a") as a, device(tmp_path / "b") as b:
        clinic = found_clinic(a)
        create_org(database, "Lumen Aesthetics", org_id=clinic.org_id)
        join(a, sync_server.url, database, clinic.org_id, "Front desk")
        join(b, sync_server.url, database, clinic.org_id, "Tablet")
        assert sync_once(a).ok and sync_once(b).ok
        yield clinic, a, b, database
    database.dispose()


def test_a_record_shows_the_same_creation_time_and_defaults_on_every_device(two_devices):
    clinic, a, b, database = two_devices
    client_id = new_client(a, clinic, "Maya", "Chen")

    converge([a, b])

    for model, row_id in ((Client, client_id), (Location, clinic.location_id)):
        on_a, on_b = (_row(store, model, row_id) for store in (a, b))
        assert on_a == on_b, f"{model.__tablename__} differs between the devices"
    owner = _row(b, Staff, clinic.owner.staff_id)
    assert owner["created_at"] == _row(a, Staff, clinic.owner.staff_id)["created_at"]
    assert_converged([a, b], database, clinic.org_id)


def test_a_device_whose_change_was_refused_shows_the_servers_record_again(two_devices):
    clinic, a, b, database = two_devices
    chart_id = start_chart(a, clinic, new_client(a, clinic, "Maya", "Chen"))
    converge([a, b])
    sign_chart(a, clinic, chart_id)
    sign_chart(b, clinic, chart_id)  # offline: it does not know A signed it already

    assert sync_once(a).ok
    refused = sync_once(b)

    assert refused.ok and refused.rejected == 1
    assert "signed chart can't be changed" in refused.warnings[0]
    assert _row(b, Chart, chart_id) == _row(a, Chart, chart_id), "B shows A's signature"
    converge([a, b])
    assert_converged([a, b], database, clinic.org_id, refusable=frozenset({"chart"}))


def _row(store, model, row_id) -> dict:
    with store.session_factory() as session:
        row = session.get(model, row_id)
        return {column.key: getattr(row, column.key) for column in model.__table__.columns}
