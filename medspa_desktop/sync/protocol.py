"""The sync wire protocol: pydantic models and constants shared by device and server.

Every request carries ``X-Medspa-Protocol`` and ``X-Medspa-Schema`` (the outbox payload
schema version) and the device's clock in ``X-Medspa-Clock`` (an encoded HLC); every
authenticated request carries ``Authorization: Bearer <device token>``. Bodies may be gzip
(``Content-Encoding: gzip``); answers are gzip when the device accepts it.

Endpoints (all JSON):

- ``POST /v1/enrol`` ``EnrolRequest`` -> ``EnrolResponse`` (no token yet: the one-time code)
- ``POST /v1/push`` ``PushRequest`` -> ``PushResponse``
- ``GET /v1/pull?since=SEQ&limit=N`` -> ``PullResponse`` (incremental, by server sequence)
- ``GET /v1/snapshot?pin=SEQ&entity=E&after=SEQ&limit=N`` -> ``SnapshotPage`` (first sync:
  rows of one entity with ``seq <= pin``, entity by entity in ``sync_policy.ENTITIES`` order;
  ``pin`` omitted on the first call, which pins it)
- ``GET /v1/wait?since=SEQ&timeout=S`` -> ``WaitResponse`` (long poll: answers as soon as
  the organisation's sequence passes ``since``, or after ``timeout`` seconds)
- ``POST /v1/verify`` ``VerifyRequest`` -> ``VerifyResponse`` (row counts and ledger hashes)
- ``PUT /v1/blobs/{sha256}/chunks/{index}?size=N`` (raw bytes; ``N`` is the whole file's
  size, every chunk but the last is ``BLOB_CHUNK_BYTES``) -> ``BlobStatus``;
  ``GET /v1/blobs/{sha256}/chunks/{index}`` -> raw bytes of a complete file;
  ``GET /v1/blobs/{sha256}`` -> ``BlobStatus`` (chunked, resumable, hash-checked)

Errors answer with ``ErrorBody``; its ``message`` is fit to show a member of staff.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
SUPPORTED_PROTOCOLS = frozenset({PROTOCOL_VERSION})
"""The server accepts these; a later release keeps the previous one here for a while."""
PAYLOAD_SCHEMA_VERSION = 1

HEADER_PROTOCOL = "X-Medspa-Protocol"
HEADER_SCHEMA = "X-Medspa-Schema"
HEADER_CLOCK = "X-Medspa-Clock"

MAX_PUSH_BATCH = 500
MAX_PAGE = 2000
BLOB_CHUNK_BYTES = 1 << 20
MAX_CLOCK_AHEAD_MS = 5 * 60 * 1000
"""A device clock further ahead of the server than this is refused (fix the clock)."""


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ErrorCode(StrEnum):
    UPGRADE_REQUIRED = "upgrade_required"
    CLOCK_SKEW = "clock_skew"
    UNAUTHENTICATED = "unauthenticated"
    REVOKED = "revoked"
    FORBIDDEN = "forbidden"
    GAP = "gap"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    ENROLMENT_CODE = "enrolment_code"
    UNAVAILABLE = "unavailable"
    """A temporary server fault (database unreachable): nothing was applied; retry later."""


class ErrorBody(Wire):
    code: ErrorCode
    message: str
    last_applied: int | None = None
    """With ``GAP``: the highest mutation number the server holds from this device, so the
    device resends from the one after it."""


class EnrolRequest(Wire):
    code: str
    device_id: str
    """The device's own id (made at install; it names its audit chain and HLC node)."""
    device_name: str = Field(min_length=1, max_length=200)
    kind: str = "desktop"
    org_id: str | None = None
    """The organisation whose clinic this device already holds (None for an empty device).
    A server may refuse a code of another organisation before using the code up."""


class EnrolResponse(Wire):
    device_id: str
    org_id: str
    location_id: str | None
    token: str
    server_hlc: str
    org_is_new: bool
    """No device of this organisation has pushed anything yet: this device uploads what it
    already holds (a clinic that ran offline before enrolling, or the demo clinic)."""


class Mutation(Wire):
    mutation_no: int = Field(ge=1)
    id: str
    name: str
    entity: str
    entity_id: str
    fields: dict[str, Any]
    schema_version: int
    hlc: str
    created_at: dt.datetime


class MutationStatus(StrEnum):
    APPLIED = "applied"
    MERGED = "merged"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class MutationResult(Wire):
    mutation_no: int
    status: MutationStatus
    reason: str = ""
    """Readable: what was merged away, what it conflicts with, or why it was refused."""
    conflict_with: str | None = None


class PushRequest(Wire):
    mutations: list[Mutation] = Field(max_length=MAX_PUSH_BATCH)


class PushResponse(Wire):
    results: list[MutationResult]
    last_applied: int
    """The highest mutation number of this device the server has processed."""
    server_hlc: str


class Change(Wire):
    seq: int
    entity: str
    entity_id: str
    data: dict[str, Any]
    """The whole row as the server holds it (JSON: times as ISO-8601 UTC text)."""
    deleted: bool = False
    hlc: str


class PullResponse(Wire):
    changes: list[Change]
    cursor: int
    has_more: bool
    server_hlc: str


class SnapshotPage(Wire):
    pin: int
    entity: str
    changes: list[Change]
    after: int
    """The last ``seq`` of this page within ``entity``: the next call's ``after``."""
    entity_done: bool
    next_entity: str | None
    """None once every entity is done: continue with ``/v1/pull?since=pin``."""
    server_hlc: str


class WaitResponse(Wire):
    latest: int
    changed: bool


class TableDigest(Wire):
    rows: int
    ledger_hash: str | None = None
    """SHA-256 over the sorted ids of a ledger's rows; None for other tables."""


class VerifyRequest(Wire):
    tables: dict[str, TableDigest]
    cursor: int


class VerifyResponse(Wire):
    tables: dict[str, TableDigest]
    mismatched: list[str]
    """Tables whose digest differs: the device re-pulls them to repair."""


class BlobStatus(Wire):
    sha256: str
    size: int
    chunks_received: list[int]
    complete: bool
