"""Test helpers: a clinic on the server and devices that speak the sync protocol to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
from sqlalchemy import select

from medspa_desktop.domain.hlc import HybridLogicalClock
from medspa_desktop.domain.ids import new_id
from medspa_desktop.sync.protocol import HEADER_CLOCK, HEADER_PROTOCOL, PROTOCOL_VERSION
from medspa_server.admin import issue_enrol_code
from medspa_server.db import Database
from medspa_server.models import AccessLog

BASE_HEADERS = {HEADER_PROTOCOL: str(PROTOCOL_VERSION)}


class Clinic:
    """An organisation on the server under test."""

    def __init__(
        self, http: httpx.Client, database: Database, org_id: str, *, owner_code: str
    ) -> None:
        self.http = http
        self.database = database
        self.org_id = org_id
        self.owner_code = owner_code

    def enrol(self, name: str = "Front desk") -> SyncDevice:
        """A new device enrolled with a fresh one-time code."""
        code = issue_enrol_code(self.database, self.org_id).code
        device_id = new_id()
        reply = self.http.post(
            "/v1/enrol",
            json={"code": code, "device_id": device_id, "device_name": name},
            headers=BASE_HEADERS,
        )
        assert reply.status_code == 200, reply.text
        return SyncDevice(self.http, device_id, self.org_id, reply.json()["token"])

    def access_log(self) -> list[AccessLog]:
        with self.database.read() as session:
            query = select(AccessLog).where(AccessLog.org_id == self.org_id)
            return list(session.scalars(query.order_by(AccessLog.id)))


class SyncDevice:
    """One device: its HLC, mutation numbering and bearer token."""

    def __init__(self, http: httpx.Client, device_id: str, org_id: str, token: str) -> None:
        self.http = http
        self.id = device_id
        self.org_id = org_id
        self.token = token
        self.clock = HybridLogicalClock(device_id)
        self.next_no = 1

    def headers(self, **extra: str) -> dict[str, str]:
        return {
            **BASE_HEADERS,
            HEADER_CLOCK: self.clock.now(),
            "Authorization": f"Bearer {self.token}",
            **extra,
        }

    def mutation(
        self, entity: str, entity_id: str, fields: dict[str, Any], *, name: str = ""
    ) -> dict[str, Any]:
        """The next mutation of this device (numbered and stamped, not yet sent)."""
        mutation = {
            "mutation_no": self.next_no,
            "id": new_id(),
            "name": name or f"update_{entity}_fields",
            "entity": entity,
            "entity_id": entity_id,
            "fields": fields,
            "schema_version": 1,
            "hlc": self.clock.now(),
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
        }
        self.next_no += 1
        return mutation

    def create(self, entity: str, fields: dict[str, Any], *, entity_id: str = "") -> dict:
        """A create mutation: org_id and the given fields."""
        return self.mutation(
            entity,
            entity_id or new_id(),
            {"org_id": self.org_id, **fields},
            name=f"create_{entity}",
        )

    def push(self, *mutations: dict[str, Any]) -> dict[str, Any]:
        reply = self.send_push(list(mutations))
        assert reply.status_code == 200, reply.text
        return reply.json()

    def send_push(self, mutations: list[dict[str, Any]], **headers: str) -> httpx.Response:
        return self.http.post(
            "/v1/push", json={"mutations": mutations}, headers=self.headers(**headers)
        )

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        reply = self.http.get(path, params=params, headers=self.headers())
        assert reply.status_code == 200, reply.text
        return reply.json()

    def post_json(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        reply = self.http.post(path, json=body, headers=self.headers())
        assert reply.status_code == 200, reply.text
        return reply.json()

    def pull_all(self, since: int = 0) -> list[dict[str, Any]]:
        """Every change after ``since``, page by page."""
        changes: list[dict[str, Any]] = []
        while True:
            page = self.get("/v1/pull", since=since, limit=100)
            changes.extend(page["changes"])
            since = page["cursor"]
            if not page["has_more"]:
                return changes

    def row(self, entity: str, entity_id: str) -> dict[str, Any] | None:
        """The server's current data of one row, as a pull delivers it."""
        latest = {(c["entity"], c["entity_id"]): c["data"] for c in self.pull_all()}
        return latest.get((entity, entity_id))


def client_fields(**overrides: Any) -> dict[str, Any]:
    return {"first_name": "Ava", "last_name": "Stone", "phone": "", "email": "", **overrides}


def appointment_fields(
    start: str, end: str, *, staff: str, room: str | None = None, machine: str | None = None
) -> dict[str, Any]:
    return {
        "location_id": "loc-1",
        "client_id": new_id(),
        "staff_id": staff,
        "service_id": "svc-1",
        "room_id": room,
        "machine_id": machine,
        "starts_at": start,
        "ends_at": end,
        "status": "booked",
        "visit_id": new_id(),
    }


def payment_fields(amount_minor: int = 12_500) -> dict[str, Any]:
    return {
        "ticket_id": new_id(),
        "tender": "card",
        "amount_minor": amount_minor,
        "tip_minor": 0,
        "currency": "USD",
        "card_brand": "visa",
        "card_last4": "4242",
        "received_at": "2025-03-01T10:00:00+00:00",
    }
