"""Every request: protocol and schema versions, the device clock, gzip both ways, a token."""

from __future__ import annotations

import gzip
import json

from sqlalchemy import select

from medspa_desktop.domain.hlc import Timestamp
from medspa_desktop.sync.protocol import HEADER_CLOCK, HEADER_PROTOCOL, HEADER_SCHEMA
from medspa_server.models import AccessLog
from medspa_server.sync.clock import wall_ms

from .helpers import client_fields

HOUR_MS = 3_600_000


def test_an_old_client_is_told_to_update_and_nothing_is_applied(make_clinic):
    device = make_clinic().enrol()
    create = device.create("client", client_fields())

    reply = device.send_push([create], **{HEADER_PROTOCOL: "0"})

    assert reply.status_code == 426
    assert reply.json() == {
        "code": "upgrade_required",
        "message": "This version of MedSpa Desktop is too old for the server. Install the "
        "update; your changes stay on this computer and sync after the update.",
    }
    assert device.pull_all() == []
    device.next_no = 1  # after the update the same change is sent again, and applied
    assert device.push(create)["results"][0]["status"] == "applied"


def test_a_client_without_protocol_header_is_told_to_update(client):
    reply = client.get("/v1/pull")

    assert reply.status_code == 426


def test_a_newer_payload_schema_asks_for_a_server_update(make_clinic):
    device = make_clinic().enrol()

    reply = device.send_push([device.create("client", client_fields())], **{HEADER_SCHEMA: "99"})

    assert reply.status_code == 426
    assert "Ask whoever looks after the server to update it" in reply.json()["message"]


def test_a_clock_two_hours_fast_is_refused_with_a_readable_message(make_clinic):
    device = make_clinic().enrol()
    fast = Timestamp(wall_ms() + 2 * HOUR_MS, 0, device.id).encode()

    reply = device.send_push([device.create("client", client_fields())], **{HEADER_CLOCK: fast})

    assert reply.status_code == 409
    assert reply.json()["code"] == "clock_skew"
    assert reply.json()["message"] == (
        "This computer's clock is 120 minutes ahead of the server. Correct the date, time and "
        "time zone in the system settings, then sync again; nothing was lost."
    )
    assert device.pull_all() == []


def test_a_clock_two_hours_slow_is_accepted_and_the_server_clock_is_later(make_clinic):
    device = make_clinic().enrol()
    slow = Timestamp(wall_ms() - 2 * HOUR_MS, 0, device.id).encode()

    answer = device.send_push([device.create("client", client_fields())], **{HEADER_CLOCK: slow})

    assert answer.status_code == 200
    assert answer.json()["server_hlc"] > slow


def test_server_hlc_never_goes_behind_what_the_organisation_stored(make_clinic):
    device = make_clinic().enrol()
    mutation = device.create("client", client_fields())
    ahead = Timestamp(wall_ms() + 60_000, 7, device.id).encode()  # within the allowed skew
    mutation["hlc"] = ahead

    answer = device.push(mutation)

    assert answer["server_hlc"] > ahead
    assert device.get("/v1/pull")["server_hlc"] > ahead


def test_changes_stamped_far_ahead_are_refused_whole_and_kept_on_the_device(make_clinic):
    device = make_clinic().enrol()
    normal = device.create("client", client_fields())
    fast = device.create("client", client_fields())
    fast["hlc"] = Timestamp(wall_ms() + 2 * HOUR_MS, 0, device.id).encode()

    reply = device.send_push([normal, fast])

    assert reply.status_code == 409
    assert reply.json()["code"] == "clock_skew"
    assert "stamped 120 minutes ahead of the server's clock" in reply.json()["message"]
    assert device.pull_all() == []


def test_gzip_request_and_response_bodies(make_clinic):
    device = make_clinic().enrol()
    mutations = [device.create("client", client_fields(notes="x" * 500)) for _ in range(20)]
    body = gzip.compress(json.dumps({"mutations": mutations}).encode())

    pushed = device.http.post(
        "/v1/push",
        content=body,
        headers=device.headers(**{"Content-Encoding": "gzip", "Content-Type": "application/json"}),
    )
    pulled = device.http.get("/v1/pull", headers=device.headers(**{"Accept-Encoding": "gzip"}))

    assert pushed.status_code == 200, pushed.text
    assert pushed.json()["last_applied"] == 20
    assert pulled.headers["content-encoding"] == "gzip"
    assert len(pulled.json()["changes"]) == 20


def test_a_body_that_is_not_gzip_is_refused_readably(make_clinic):
    device = make_clinic().enrol()

    reply = device.http.post(
        "/v1/push",
        content=b"not gzip at all",
        headers=device.headers(**{"Content-Encoding": "gzip", "Content-Type": "application/json"}),
    )

    assert reply.status_code == 400
    assert "not valid gzip" in reply.json()["message"]


def test_an_unknown_token_is_refused_and_logged(make_clinic, database):
    clinic = make_clinic()
    device = clinic.enrol()
    device.token = "not-a-token"

    reply = device.http.get("/v1/pull", headers=device.headers())

    assert reply.status_code == 401
    assert reply.json()["code"] == "unauthenticated"
    assert "ask a manager for an enrolment code" in reply.json()["message"]
    with database.read() as session:
        logged = session.scalars(
            select(AccessLog.path).where(AccessLog.outcome == "unauthenticated")
        ).all()
    assert "/v1/pull" in logged


def test_openapi_documents_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]

    assert {"/v1/enrol", "/v1/push", "/v1/pull", "/v1/snapshot", "/v1/wait", "/v1/verify"} <= set(
        paths
    )
    assert all(op.get("description") for path in paths.values() for op in path.values())
    assert client.get("/docs").status_code == 200
