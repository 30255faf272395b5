"""A pull with nothing new is answered before the framework (noop_pull.py): the same answer
as the route, and every other request still reaches the route."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import orjson
import pytest
from sqlalchemy import update

from medspa_desktop.domain.hlc import Timestamp
from medspa_desktop.sync.protocol import HEADER_CLOCK, HEADER_PROTOCOL, MAX_PAGE, PROTOCOL_VERSION
from medspa_server.admin import revoke_device
from medspa_server.models import Device
from medspa_server.noop_pull import NoOpPulls

from .helpers import client_fields


class Route:
    """Stands for everything behind the middleware: records what reached it."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.calls += 1
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b"route"})


def _ask(middleware: NoOpPulls, query: str, headers: dict[str, str], method: str = "GET"):
    scope = {
        "type": "http",
        "method": method,
        "path": "/v1/pull",
        "query_string": query.encode(),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(middleware(scope, receive, send))
    return sent[0]["status"], sent[1]["body"]


@pytest.fixture
def polling(make_clinic, database, settings):
    """A device that has pulled everything (and so was seen lately), behind the middleware."""
    clinic = make_clinic()
    device = clinic.enrol()
    device.push(device.create("client", client_fields()))
    cursor = device.get("/v1/pull", since=0)["cursor"]
    route = Route()
    return device, cursor, route, NoOpPulls(route, database, settings)


def test_a_poll_with_nothing_new_gets_the_routes_answer_without_the_route(polling):
    device, cursor, route, middleware = polling

    status, body = _ask(middleware, f"since={cursor}&limit={MAX_PAGE}", device.headers())
    assert route.calls == 0 and status == 200
    fast = orjson.loads(body)
    # The same poll made to go through the route (an extra parameter the route ignores).
    slow = device.get("/v1/pull", since=cursor, limit=MAX_PAGE, route="yes")
    assert fast == {**slow, "server_hlc": fast["server_hlc"]}
    assert fast == {"changes": [], "cursor": cursor, "has_more": False, "server_hlc": ANY_HLC}


class _AnyHlc:
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and Timestamp.decode(other).node == "server"


ANY_HLC = _AnyHlc()


def test_everything_but_the_plain_case_goes_on_to_the_route(polling, database):
    device, cursor, route, middleware = polling
    plain = f"since={cursor}"
    ahead = Timestamp(Timestamp.decode(device.clock.now()).wall_ms + 3_600_000, 0, "x").encode()
    cases = [
        (f"since={cursor - 1}", device.headers()),  # something new to send
        (plain, {**device.headers(), "Authorization": "Bearer not-a-token"}),
        (plain, {k: v for k, v in device.headers().items() if k != "Authorization"}),
        (plain, {**device.headers(), HEADER_PROTOCOL: str(PROTOCOL_VERSION + 1)}),
        (plain, {**device.headers(), HEADER_CLOCK: ahead}),
        (f"since={cursor}&limit=0", device.headers()),
        (f"since={cursor}&limit={MAX_PAGE + 1}", device.headers()),
        ("since=-1", device.headers()),
        (f"since={cursor}&extra=1", device.headers()),
        ("since=%FF", device.headers()),
    ]
    for query, headers in cases:
        before = route.calls
        assert _ask(middleware, query, headers) == (299, b"route"), query
        assert route.calls == before + 1

    assert _ask(middleware, plain, device.headers(), method="POST")[0] == 299

    # Not seen for a while: the route writes "last seen", so the poll goes there.
    with database.write() as session:
        stale = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        session.execute(update(Device).where(Device.id == device.id).values(last_seen_at=stale))
        session.commit()
    assert _ask(middleware, plain, device.headers())[0] == 299

    # A revoked device is refused (and the attempt logged) by the route.
    revoke_device(database, device.id)
    assert _ask(middleware, plain, device.headers())[0] == 299


def test_through_the_whole_app_a_poll_still_sees_a_new_change_at_once(polling):
    device, cursor, _, _ = polling
    assert device.get("/v1/pull", since=cursor)["changes"] == []
    device.push(device.create("client", client_fields(first_name="Noor")))
    page = device.get("/v1/pull", since=cursor)
    assert [c["data"]["first_name"] for c in page["changes"]] == ["Noor"]
