"""Tenant isolation: a device of clinic A gets nothing of clinic B from any endpoint, and an
attempt that names something of B is answered as if it did not exist, and logged."""

from __future__ import annotations

import pytest

from medspa_desktop.domain.ids import new_id
from medspa_server.admin import issue_enrol_code

from .helpers import BASE_HEADERS, client_fields, payment_fields


@pytest.fixture
def two_clinics(make_clinic):
    """Clinic A's device, clinic B's device, and a client and a payment of clinic B."""
    clinic_a, clinic_b = make_clinic("Clinic A"), make_clinic("Clinic B")
    device_a, device_b = clinic_a.enrol(), clinic_b.enrol()
    b_client, b_payment = new_id(), new_id()
    device_b.push(
        device_b.create("client", client_fields(first_name="Bea"), entity_id=b_client),
        device_b.create("payment", payment_fields(), entity_id=b_payment),
    )
    return clinic_a, clinic_b, device_a, device_b, b_client


def test_push_cannot_create_rows_in_another_clinic(two_clinics):
    clinic_a, clinic_b, device_a, device_b, _ = two_clinics
    foreign = device_a.mutation(
        "client", new_id(), {"org_id": clinic_b.org_id, **client_fields()}, name="create_client"
    )

    answer = device_a.push(foreign)

    assert answer["results"][0]["status"] == "rejected"
    assert "different clinic" in answer["results"][0]["reason"]
    assert [c["entity"] for c in device_b.pull_all()] == ["client", "payment"]
    assert [e.outcome for e in clinic_a.access_log()] == ["cross_org_write"]


def test_push_cannot_change_another_clinics_row_and_learns_nothing(two_clinics):
    clinic_a, _, device_a, device_b, b_client = two_clinics

    theirs = device_a.push(device_a.mutation("client", b_client, {"first_name": "Hacked"}))
    nobodys = device_a.push(device_a.mutation("client", new_id(), {"first_name": "Hacked"}))

    assert theirs["results"][0]["status"] == nobodys["results"][0]["status"] == "rejected"
    assert theirs["results"][0]["reason"] == nobodys["results"][0]["reason"]
    assert device_b.row("client", b_client)["first_name"] == "Bea"
    (entry,) = clinic_a.access_log()
    assert (entry.outcome, entry.device_id) == ("cross_org_write", device_a.id)
    assert b_client in entry.detail


def test_pull_snapshot_and_verify_show_nothing_of_another_clinic(two_clinics):
    _, _, device_a, _, _ = two_clinics

    pulled = device_a.get("/v1/pull", since=0)
    snapshot = device_a.get("/v1/snapshot")
    verified = device_a.post_json("/v1/verify", {"tables": {}, "cursor": 10})

    assert pulled["changes"] == [] and pulled["cursor"] == 0
    assert snapshot["changes"] == [] and snapshot["pin"] == 0
    assert verified["mismatched"] == []
    assert all(digest["rows"] == 0 for digest in verified["tables"].values())


def test_a_snapshot_position_of_another_clinic_is_refused_and_logged(two_clinics):
    clinic_a, _, device_a, _, _ = two_clinics

    reply = device_a.http.get("/v1/snapshot", params={"pin": 2}, headers=device_a.headers())

    assert reply.status_code == 409
    assert [e.outcome for e in clinic_a.access_log()] == ["snapshot_refused"]


def test_a_change_in_another_clinic_does_not_wake_a_waiting_device(two_clinics):
    _, _, device_a, device_b, _ = two_clinics
    device_b.push(device_b.create("client", client_fields()))

    answer = device_a.get("/v1/wait", since=0, timeout=0.5)

    assert answer == {"latest": 0, "changed": False}


def test_enrolment_refuses_a_code_of_another_clinic(client, two_clinics):
    _, clinic_b, device_a, _, _ = two_clinics
    code = issue_enrol_code(clinic_b.database, clinic_b.org_id).code

    reply = client.post(
        "/v1/enrol",
        json={"code": code, "device_id": device_a.id, "device_name": "A's tablet"},
        headers=BASE_HEADERS,
    )

    assert reply.status_code == 403
    assert [e.outcome for e in clinic_b.access_log()] == ["enrol_refused"]
    assert device_a.get("/v1/pull")["changes"] == []  # A's token still works for A only
