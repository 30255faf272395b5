"""Accept gzip request bodies (``Content-Encoding: gzip``); responses are gzipped by
Starlette's GZipMiddleware. Pure ASGI, so routes see an ordinary JSON body."""

from __future__ import annotations

import zlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from medspa_desktop.sync.protocol import ErrorBody, ErrorCode

_GZIP_WBITS = 16 + zlib.MAX_WBITS


class GzipRequestMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        if headers.get(b"content-encoding", b"").strip().lower() != b"gzip":
            await self.app(scope, receive, send)
            return
        compressed = await _read_body(receive, self.max_bytes)
        body = None if compressed is None else self._inflate(compressed)
        if body is None:
            await _refuse(send, self.max_bytes)
            return
        kept = [
            (name, value)
            for name, value in scope["headers"]
            if name not in (b"content-encoding", b"content-length")
        ]
        scope = {**scope, "headers": [*kept, (b"content-length", str(len(body)).encode())]}
        await self.app(scope, _replay(body, receive), send)

    def _inflate(self, data: bytes) -> bytes | None:
        """The decompressed body, or None when it is not gzip or too large."""
        inflater = zlib.decompressobj(_GZIP_WBITS)
        try:
            body = inflater.decompress(data, self.max_bytes + 1)
        except zlib.error:
            return None
        if len(body) > self.max_bytes or not inflater.eof:
            return None
        return body


async def _read_body(receive: Receive, max_bytes: int) -> bytes | None:
    """The raw body, or None once it grows past ``max_bytes``."""
    chunks, size = [], 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_bytes:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            # Later calls wait for the client to disconnect, as the real receive does.
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _refuse(send: Send, max_bytes: int) -> None:
    body = ErrorBody(
        code=ErrorCode.INVALID,
        message=f"The request body is not valid gzip or unpacks to more than {max_bytes >> 20} "
        "MiB. Nothing was saved; sync again, and update MedSpa Desktop if it keeps happening.",
    ).model_dump_json(exclude_none=True)
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body.encode()})
