"""FastAPI dependencies as ``Annotated`` aliases: the database, a read session, the
protocol-header check and the authenticated device."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session

from medspa_desktop.domain.hlc import Timestamp
from medspa_desktop.sync.protocol import (
    HEADER_CLOCK,
    HEADER_PROTOCOL,
    HEADER_SCHEMA,
    MAX_CLOCK_AHEAD_MS,
    PAYLOAD_SCHEMA_VERSION,
    ErrorCode,
)
from medspa_server import messages
from medspa_server.db import Database
from medspa_server.errors import ApiError
from medspa_server.models import Device, OrgCounter
from medspa_server.security import token_hash
from medspa_server.settings import Settings
from medspa_server.sync.clock import wall_ms
from medspa_server.tenancy import log_access_now

SUPPORTED_SCHEMAS = frozenset({PAYLOAD_SCHEMA_VERSION, PAYLOAD_SCHEMA_VERSION - 1} - {0})
"""Outbox payload schemas accepted: the current one and the one before it."""
LAST_SEEN_RESOLUTION = dt.timedelta(minutes=5)
_bearer = HTTPBearer(auto_error=False, description="The device token from /v1/enrol")


# NOTE: the dependencies that only look at the request are ``async def``: FastAPI runs a
# plain ``def`` dependency in the thread pool, a hop per dependency per request, which was
# most of a no-op poll's cost.
async def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


DatabaseDep = Annotated[Database, Depends(get_database)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_session(database: DatabaseDep) -> Iterator[Session]:
    with database.read() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


async def check_headers(request: Request) -> None:
    """Refuse a client too old (or too new) for this server, or a clock far ahead."""
    refuse_bad_headers(request.headers, request.app.state.settings)


def refuse_bad_headers(headers: Mapping[str, str], settings: Settings) -> None:
    """``check_headers`` on a request's headers (a case-insensitive mapping)."""
    check_protocol(headers.get(HEADER_PROTOCOL, ""), settings)
    check_schema(headers.get(HEADER_SCHEMA, str(PAYLOAD_SCHEMA_VERSION)))
    clock = headers.get(HEADER_CLOCK)
    if clock:
        try:
            ahead_ms = Timestamp.decode(clock).wall_ms - wall_ms()
        except ValueError:
            raise ApiError(
                400, ErrorCode.INVALID, f"The {HEADER_CLOCK} header is not a clock reading."
            ) from None
        if ahead_ms > MAX_CLOCK_AHEAD_MS:
            minutes = round(ahead_ms / 60_000)
            raise ApiError(409, ErrorCode.CLOCK_SKEW, messages.clock_ahead(minutes))


def check_protocol(version: str, settings: Settings) -> None:
    """Refuse a protocol version this server does not speak: an older one needs a desktop
    update, a newer one a server update."""
    accepted = settings.accepted_protocols()
    number = int(version) if version.isdigit() else 0
    if number in accepted:
        return
    # NOTE: a desktop newer than the server used to be told that *it* was too old, which
    # sends staff to update the wrong machine.
    if number > max(accepted):
        raise ApiError(426, ErrorCode.UPGRADE_REQUIRED, messages.SERVER_TOO_OLD)
    raise ApiError(426, ErrorCode.UPGRADE_REQUIRED, messages.UPGRADE_REQUIRED)


def check_mutation_clocks(hlcs: Iterable[str]) -> None:
    """Refuse a push whose changes are stamped far ahead of the server: stored, they would
    win every later edit of the same fields. Malformed stamps are left to the push."""
    walls = [int(hlc.split(":", 1)[0]) for hlc in hlcs if hlc[:13].isdigit()]
    ahead_ms = max(walls, default=0) - wall_ms()
    if ahead_ms > MAX_CLOCK_AHEAD_MS:
        raise ApiError(409, ErrorCode.CLOCK_SKEW, messages.changes_ahead(round(ahead_ms / 60_000)))


def check_schema(version: str | int) -> None:
    """Refuse a payload schema this server can't read: older ones need a desktop update,
    newer ones a server update."""
    number = int(version) if str(version).isdigit() else 0
    if number in SUPPORTED_SCHEMAS:
        return
    if number > PAYLOAD_SCHEMA_VERSION:
        raise ApiError(426, ErrorCode.UPGRADE_REQUIRED, messages.SERVER_TOO_OLD)
    raise ApiError(426, ErrorCode.UPGRADE_REQUIRED, messages.UPGRADE_REQUIRED)


HeadersChecked = Annotated[None, Depends(check_headers)]


@dataclass(frozen=True)
class AuthenticatedDevice:
    id: str
    org_id: str
    location_id: str | None
    latest: int
    """The organisation's sequence when the device was looked up: a pull that has it has
    nothing to fetch (rows and counter commit together)."""
    max_hlc: str


def current_device(
    request: Request,
    database: DatabaseDep,
    _checked: HeadersChecked,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AuthenticatedDevice:
    """The device whose bearer token this is; refuses unknown and revoked ones (logged)."""
    token = credentials.credentials if credentials else ""
    device = device_of_token(database, token)
    if device is None or device.revoked_at is not None:
        code = ErrorCode.UNAUTHENTICATED if device is None else ErrorCode.REVOKED
        log_access_now(
            database,
            path=request.url.path,
            outcome=code.value,
            device_id=device.id if device else None,
            org_id=device.org_id if device else None,
        )
        message = messages.UNAUTHENTICATED if device is None else messages.REVOKED
        raise ApiError(401, code, message)
    if not seen_lately(device.last_seen_at):
        _note_seen(database, device.id)
    return AuthenticatedDevice(
        device.id, device.org_id, device.location_id, device.value, device.max_hlc
    )


CurrentDevice = Annotated[AuthenticatedDevice, Depends(current_device)]


_BY_TOKEN = (
    select(
        Device.id,
        Device.org_id,
        Device.location_id,
        Device.revoked_at,
        Device.last_seen_at,
        OrgCounter.value,
        OrgCounter.max_hlc,
    )
    .join(OrgCounter, OrgCounter.org_id == Device.org_id)
    .where(Device.token_hash == bindparam("token_hash"))
)


DeviceRow = Row[str, str, str | None, dt.datetime | None, dt.datetime | None, int, str]


def device_of_token(database: Database, token: str) -> DeviceRow | None:
    """The device with this bearer token, with its organisation's sequence and highest HLC
    (``id, org_id, location_id, revoked_at, last_seen_at, value, max_hlc``); one query."""
    with database.lookup() as conn:
        return conn.execute(_BY_TOKEN, {"token_hash": token_hash(token)}).first()


def seen_lately(last_seen_at: dt.datetime | None) -> bool:
    """Whether the device's "last seen" is recent enough to leave as it is."""
    # Written at most every few minutes: a write on every poll would serialise 50 devices'
    # polls behind SQLite's single writer for a "last seen" nobody needs to the second.
    if last_seen_at is None:
        return False
    if last_seen_at.tzinfo is None:
        last_seen_at = last_seen_at.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC) - last_seen_at < LAST_SEEN_RESOLUTION


def _note_seen(database: Database, device_id: str) -> None:
    now = dt.datetime.now(dt.UTC)
    with database.write() as session:
        session.execute(update(Device).where(Device.id == device_id).values(last_seen_at=now))
        session.commit()
