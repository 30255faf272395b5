"""A pull with nothing new, answered before the web framework: most requests a server sees.

Public API: ``NoOpPulls``, ASGI middleware (``app.py`` puts it outermost).

Every online device asks ``GET /v1/pull`` every 30 seconds, and almost always there is
nothing new. Routing, dependency injection and a thread-pool hop cost such a poll twice the
work of the one database look-up it needs. This middleware does the same checks as the
route with the same functions (protocol headers, the device's token, the organisation's
sequence) and answers only the plain case: a known, live device, seen lately, nothing after
``since``. Anything else (a page to send, a refusal, an error, a "last seen" to write, an
odd query) goes on to the route unchanged, which answers and logs it as before.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread
import orjson
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from medspa_desktop.sync.protocol import MAX_PAGE
from medspa_server.db import Database
from medspa_server.deps import device_of_token, refuse_bad_headers, seen_lately
from medspa_server.errors import ApiError
from medspa_server.settings import Settings
from medspa_server.sync.clock import server_hlc

PATH = "/v1/pull"
_BEARER = "bearer "


class NoOpPulls:
    def __init__(self, app: ASGIApp, database: Database, settings: Settings) -> None:
        self.app = app
        self.database = database
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == PATH and scope["method"] == "GET":
            body = await self._nothing_new(scope)
            if body is not None:
                headers = [
                    (b"content-length", str(len(body)).encode()),
                    (b"content-type", b"application/json"),
                ]
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    async def _nothing_new(self, scope: Scope) -> bytes | None:
        """The answer's body when the plain case applies, else None (the route answers)."""
        since = _since(scope["query_string"])
        headers = Headers(scope=scope)
        authorization = headers.get("authorization", "")
        if since is None or authorization[: len(_BEARER)].lower() != _BEARER:
            return None
        try:
            refuse_bad_headers(headers, self.settings)
        except ApiError:
            return None
        token = authorization[len(_BEARER) :].strip()
        if self.database.dialect == "sqlite":
            # NOTE: on the event loop: one indexed read of a local file (tens of
            # microseconds) costs less than the hop to a worker thread and back.
            device = device_of_token(self.database, token)
        else:
            # A database across the network can stall (a host gone from the network):
            # that must hold up a worker thread, never every request of this process.
            device = await anyio.to_thread.run_sync(device_of_token, self.database, token)
        if device is None or device.revoked_at is not None or device.value > since:
            return None
        if not seen_lately(device.last_seen_at):
            return None
        page: dict[str, Any] = {
            "changes": [],
            "cursor": since,
            "has_more": False,
            "server_hlc": server_hlc(device.max_hlc),
        }
        return orjson.dumps(page)


def _since(query: bytes) -> int | None:
    """``since`` of a query of ``since`` and ``limit`` only, both plain valid numbers."""
    try:
        params = dict(parse_qsl(query.decode("ascii"), strict_parsing=True))
    except (UnicodeDecodeError, ValueError):
        return None
    since, limit = params.pop("since", "0"), params.pop("limit", "1")
    if params or not since.isdigit() or not limit.isdigit():
        return None
    if not 1 <= int(limit) <= MAX_PAGE:
        return None
    return int(since)
