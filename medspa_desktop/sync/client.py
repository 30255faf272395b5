"""HTTP client of the sync API (protocol.py): headers, gzip, and errors people can read.

Public API: ``SyncClient``, one per sync run or enrolment, used from one worker thread (never
the GUI thread). Failures raise the ``errors.SyncError`` family.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from medspa_desktop.domain.hlc import HybridLogicalClock
from medspa_desktop.sync import protocol as p
from medspa_desktop.sync.errors import ERRORS, Offline, ServerError, SyncError
from medspa_desktop.sync.pages import PulledPage, PulledSnapshot, read_pull, read_snapshot

GZIP_OVER_BYTES = 1024
GZIP_LEVEL = 1
"""Fastest gzip (as the server answers): JSON of 500 changes packs about 10:1 even so."""
TIMEOUT = httpx.Timeout(60.0, connect=10.0)
"""Snapshot and push pages can take the server some seconds; connecting should not."""
LIMITS = httpx.Limits(keepalive_expiry=2.0)
"""An idle connection is dropped here after 2 s, before the server drops it (uvicorn: 5 s):
reusing one the server is closing at that moment fails with "server disconnected"."""

Answer = TypeVar("Answer", bound=BaseModel)
Page = TypeVar("Page", PulledPage, PulledSnapshot)


class SyncClient:
    """Talks to one sync server. ``with SyncClient(url, clock=...) as client: ...``.

    Every request carries the protocol and payload schema versions, the device's HLC and,
    once enrolled, its bearer token. ``transport`` lets tests put a fault-injecting transport
    in between.
    """

    def __init__(
        self,
        server_url: str,
        *,
        clock: HybridLogicalClock,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.server_url = server_url.rstrip("/")
        self._clock = clock
        headers = {
            p.HEADER_PROTOCOL: str(p.PROTOCOL_VERSION),
            p.HEADER_SCHEMA: str(p.PAYLOAD_SCHEMA_VERSION),
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            base_url=self.server_url,
            headers=headers,
            timeout=TIMEOUT,
            limits=LIMITS,
            transport=transport,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def enrol(self, request: p.EnrolRequest) -> p.EnrolResponse:
        return self._call("POST", "/v1/enrol", p.EnrolResponse, body=request)

    def push(self, request: p.PushRequest) -> p.PushResponse:
        return self.push_body(request.model_dump_json().encode())

    def push_body(self, body: bytes) -> p.PushResponse:
        """``push`` of a ``PushRequest`` already written as JSON (push.py builds it from the
        outbox's stored text, without parsing it into models first)."""
        return self._call("POST", "/v1/push", p.PushResponse, body=body)

    def pull(self, since: int, *, limit: int = p.MAX_PAGE) -> PulledPage:
        params = {"since": since, "limit": limit}
        return _read_page(self._send("GET", "/v1/pull", params=params), read_pull)

    def snapshot(
        self, *, entity: str, after: int, pin: int | None, limit: int = p.MAX_PAGE
    ) -> PulledSnapshot:
        params: dict[str, Any] = {"entity": entity, "after": after, "limit": limit}
        if pin is not None:
            params["pin"] = pin
        return _read_page(self._send("GET", "/v1/snapshot", params=params), read_snapshot)

    def wait(self, since: int, timeout: float) -> p.WaitResponse:
        """Long poll: answers once the organisation passes ``since`` or after ``timeout``
        seconds (the server caps it at 30)."""
        params = {"since": since, "timeout": timeout}
        return self._call("GET", "/v1/wait", p.WaitResponse, params=params)

    def verify(self, request: p.VerifyRequest) -> p.VerifyResponse:
        return self._call("POST", "/v1/verify", p.VerifyResponse, body=request)

    def blob_status(self, sha256: str) -> p.BlobStatus:
        """Which chunks of file ``sha256`` the server holds; ``NotFound`` when it holds none
        (or only another organisation's copy)."""
        return self._call("GET", f"/v1/blobs/{sha256}", p.BlobStatus)

    def put_blob_chunk(self, sha256: str, index: int, *, size: int, part: bytes) -> p.BlobStatus:
        """Send chunk ``index`` of the ``size``-byte file ``sha256``; the answer says which
        chunks the server now holds and whether the file is complete (hash checked)."""
        path = f"/v1/blobs/{sha256}/chunks/{index}"
        response = self._send("PUT", path, body=part, params={"size": size}, raw=True)
        return _read(response, p.BlobStatus)

    def blob_chunk(self, sha256: str, index: int) -> bytes:
        """Chunk ``index`` of a file the server holds complete, as raw bytes."""
        response = self._send("GET", f"/v1/blobs/{sha256}/chunks/{index}")
        if response.status_code >= 400:
            raise _error_of(response)
        return response.content

    def _call(
        self,
        method: str,
        path: str,
        answer: type[Answer],
        *,
        body: p.Wire | bytes | None = None,
        params: dict[str, Any] | None = None,
    ) -> Answer:
        return _read(self._send(method, path, body=body, params=params), answer)

    def _send(
        self,
        method: str,
        path: str,
        *,
        body: p.Wire | bytes | None = None,
        params: dict[str, Any] | None = None,
        raw: bool = False,
    ) -> httpx.Response:
        """``raw``: ``body`` is a file's bytes, sent as they are (photos and PDFs are already
        compressed, so gzip would only cost time)."""
        # NOTE: the physical clock, not the HLC: the HLC never goes back, so after a fast
        # clock is put right (or after merging a server timestamp that one such device
        # pushed) it would keep this device refused for as long as the clock had been ahead.
        content, headers = _encoded(body, raw=raw)
        headers[p.HEADER_CLOCK] = self._clock.physical_now()
        try:
            response = self._http.request(
                method, path, content=content, params=params, headers=headers
            )
        except httpx.RequestError as err:
            raise Offline(
                f"The sync server {self.server_url} could not be reached "
                f"({type(err).__name__}). Changes stay on this device and sync once the "
                "connection is back; check the network if this lasts."
            ) from err
        return response


def _encoded(body: p.Wire | bytes | None, *, raw: bool) -> tuple[bytes | None, dict[str, str]]:
    """The request body as sent and its content headers: JSON gzipped when it is large."""
    content = body.model_dump_json().encode() if isinstance(body, p.Wire) else body
    if content is None:
        return None, {}
    if raw:
        return content, {"Content-Type": "application/octet-stream"}
    headers = {"Content-Type": "application/json"}
    if len(content) > GZIP_OVER_BYTES:
        content = gzip.compress(content, compresslevel=GZIP_LEVEL)
        headers["Content-Encoding"] = "gzip"
    return content, headers


def _read(response: httpx.Response, answer: type[Answer]) -> Answer:
    if response.status_code >= 400:
        raise _error_of(response)
    try:
        return answer.model_validate_json(response.content)
    except ValidationError as err:
        raise _unreadable(response, f"{err.error_count()} problems") from err


def _read_page(response: httpx.Response, read: Callable[[bytes], Page]) -> Page:
    if response.status_code >= 400:
        raise _error_of(response)
    try:
        return read(response.content)
    except ValidationError as err:
        raise _unreadable(response, f"{err.error_count()} problems") from err
    except (ValueError, TypeError) as err:
        raise _unreadable(response, str(err)) from err


def _unreadable(response: httpx.Response, problems: str) -> ServerError:
    return ServerError(
        f"The sync server sent an answer this version of MedSpa Desktop cannot read "
        f"({response.request.url.path}, {problems}). Nothing was changed here; if it keeps "
        "happening, check that server and app versions match."
    )


def _error_of(response: httpx.Response) -> SyncError:
    try:
        body = p.ErrorBody.model_validate_json(response.content)
    except ValidationError:
        body = None
    if body is not None:
        return ERRORS.get(body.code, SyncError)(body.message, last_applied=body.last_applied)
    status = response.status_code
    if status >= 500:
        return ServerError(
            f"The sync server had a problem (HTTP {status}). Nothing was lost: changes stay on "
            "this device and sync is tried again shortly."
        )
    return SyncError(
        f"The sync server refused a request (HTTP {status} on {response.request.url.path}). "
        "Nothing was changed here; check the server address in the sync settings."
    )
