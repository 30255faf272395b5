"""Two devices of one clinic syncing through a real server process over loopback HTTP."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from medspa_desktop.domain.hlc import Timestamp
from medspa_desktop.domain.ids import new_id
from medspa_desktop.services.clients import CreateClient, UpdateClient, create_client, update_client
from medspa_desktop.store.models import (
    Appointment,
    Client,
    OutboxMutation,
    Payment,
    ServiceCategory,
    ServiceItem,
    Staff,
    Ticket,
)
from medspa_desktop.sync import protocol, push
from medspa_desktop.sync.client import SyncClient
from medspa_desktop.sync.engine import sync_once
from medspa_desktop.sync.pull import pull_all
from medspa_desktop.sync.run import SyncRun

from .helpers import actor_on, all_rows, get, pending_count, record

pytestmark = pytest.mark.slow
NINE = dt.datetime(2030, 6, 3, 13, 0, tzinfo=dt.UTC)


def _new_client(store, actor, **fields):
    with store.uow() as uow:
        return create_client(CreateClient(**fields), uow=uow, actor=actor)


def _update_client(store, actor, client_id, **fields):
    with store.uow() as uow:
        return update_client(UpdateClient(client_id=client_id, **fields), uow=uow, actor=actor)


def test_the_first_device_uploads_its_clinic_and_the_second_receives_it(connected):
    clinic, a, b = connected

    assert pending_count(a) == 0
    assert [s.username for s in all_rows(b, Staff)] == ["olivia"]
    assert b.local_setting("org_id") == clinic.org_id
    assert b.local_setting("location_id") is None, "the code named no location"


def test_a_client_created_on_one_device_appears_on_the_other(connected):
    clinic, a, b = connected
    created = _new_client(a, clinic.owner, first_name="Maya", last_name="Chen")

    pushed = sync_once(a)
    pulled = sync_once(b)

    assert pushed.ok and pushed.pushed == 1
    assert pulled.ok and pulled.pulled >= 1
    assert get(b, Client, created.id).last_name == "Chen"
    assert pulled.mismatched == ()


def test_edits_of_different_fields_on_two_devices_both_survive(connected):
    clinic, a, b = connected
    created = _new_client(a, clinic.owner, first_name="Maya", last_name="Chen")
    sync_once(a), sync_once(b)

    _update_client(a, clinic.owner, created.id, email="maya@example.com")
    _update_client(b, actor_on(b, clinic), created.id, last_name="Chen-Park")
    for store in (a, b, a):
        assert sync_once(store).ok

    for store in (a, b):
        client = get(store, Client, created.id)
        assert (client.email, client.last_name) == ("maya@example.com", "Chen-Park")


def test_a_pulled_change_never_overwrites_a_field_with_a_pending_local_edit(connected):
    clinic, a, b = connected
    created = _new_client(a, clinic.owner, first_name="Maya", last_name="Chen")
    sync_once(a), sync_once(b)
    _update_client(a, clinic.owner, created.id, last_name="Park", email="park@example.com")
    sync_once(a)
    _update_client(b, actor_on(b, clinic), created.id, last_name="Chen-Park")

    with SyncClient(a_url(b), clock=b.clock, token=token_of(b)) as client:
        pull_all(SyncRun(b, client))  # a pull while B's edit is still pending

    client = get(b, Client, created.id)
    assert client.last_name == "Chen-Park" and client.email == "park@example.com"
    assert sync_once(b).ok and sync_once(a).ok
    assert get(a, Client, created.id).last_name == "Chen-Park", "the later edit wins everywhere"


def test_a_payment_pushed_twice_after_a_lost_answer_exists_once(connected):
    clinic, a, b = connected
    ticket = record(a, Ticket, org_id=clinic.org_id, location_id=clinic.location_id, number="T-1")
    payment = record(
        a, Payment, org_id=clinic.org_id, ticket_id=ticket, tender="cash", amount_minor=12_500
    )
    with SyncClient(a_url(a), clock=a.clock, token=token_of(a)) as client:
        batch = push._pending_batch(SyncRun(a, client))
        client.push_body(push.encode(batch))  # the server applies it; the answer is lost

    again = sync_once(a)
    received = sync_once(b)

    assert again.ok and again.pushed == 2 and again.mismatched == ()
    assert {m.status for m in all_rows(a, OutboxMutation)} == {"applied"}
    assert received.ok and received.mismatched == ()
    assert [p.id for p in all_rows(b, Payment)] == [payment]
    assert get(b, Payment, payment).amount_minor == 12_500


def test_overlapping_bookings_made_offline_are_both_kept_and_the_later_is_a_conflict(connected):
    clinic, a, b = connected
    client = _new_client(a, clinic.owner, first_name="Maya", last_name="Chen").id
    category = record(a, ServiceCategory, org_id=clinic.org_id, code="laser", name="Laser")
    service = record(
        a,
        ServiceItem,
        org_id=clinic.org_id,
        category_id=category,
        name="Laser facial",
        duration_minutes=60,
        price_minor=30_000,
    )
    sync_once(a), sync_once(b)
    booking = {
        "org_id": clinic.org_id,
        "location_id": clinic.location_id,
        "client_id": client,
        "staff_id": clinic.owner.staff_id,
        "service_id": service,
        "visit_id": new_id(),
    }
    first = record(a, Appointment, starts_at=NINE, ends_at=NINE + dt.timedelta(hours=1), **booking)
    half_past = NINE + dt.timedelta(minutes=30)
    later = record(
        b, Appointment, starts_at=half_past, ends_at=NINE + dt.timedelta(hours=2), **booking
    )

    assert sync_once(a).conflicts == 0
    assert sync_once(b).conflicts == 1
    assert sync_once(a).ok

    for store in (a, b):
        statuses = {row.id: row.status for row in all_rows(store, Appointment)}
        assert statuses == {first: "booked", later: "conflict"}


def a_url(store) -> str:
    return store.local_setting("server_url")


def token_of(store) -> str:
    from medspa_desktop.store.keys import device_token

    return device_token(store.data_dir, demo=False)


class Recording(httpx.HTTPTransport):
    """The real HTTP transport, noting each request's and answer's headers."""

    def __init__(self) -> None:
        super().__init__()
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        self.exchanges.append((request, response))
        return response


def test_requests_carry_versions_clock_and_token_and_big_bodies_travel_gzipped(connected):
    clinic, a, b = connected
    for n in range(30):
        _new_client(a, clinic.owner, first_name=f"Client{n}", last_name="Gzip")
    sent, received = Recording(), Recording()

    assert sync_once(a, transport=sent).pushed == 30
    assert sync_once(b, transport=received).pulled >= 30

    push_request = next(r for r, _ in sent.exchanges if r.url.path == "/v1/push")
    assert push_request.headers["X-Medspa-Protocol"] == str(protocol.PROTOCOL_VERSION)
    assert push_request.headers["X-Medspa-Schema"] == str(protocol.PAYLOAD_SCHEMA_VERSION)
    assert push_request.headers["Authorization"].startswith("Bearer ")
    assert Timestamp.decode(push_request.headers["X-Medspa-Clock"]).node == a.device_id
    assert push_request.headers["Content-Encoding"] == "gzip"
    _, pull_answer = next(x for x in received.exchanges if x[0].url.path == "/v1/pull")
    assert pull_answer.headers["Content-Encoding"] == "gzip"
