"""``POST /v1/enrol``: a one-time code registers a device (under its own id) and gives it a
token. The code is claimed with a conditional UPDATE, so two processes can't both use it."""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

from sqlalchemy import CursorResult, exists, select, update
from sqlalchemy.orm import Session

from medspa_desktop.sync.protocol import EnrolRequest, EnrolResponse, ErrorCode
from medspa_server.db import Database
from medspa_server.errors import ApiError
from medspa_server.models import Device, EnrolCode, OrgCounter, SyncRow
from medspa_server.security import code_hash, new_token, token_hash
from medspa_server.sync.clock import server_hlc
from medspa_server.tenancy import log_access

MAX_ID = 64
MAX_KIND = 40
OTHER_CLINIC = (
    "This computer is enrolled with a different clinic on this server, so the code was not "
    "used. Ask the server's administrator to move it, or use a code of that clinic."
)


def enrol(database: Database, request: EnrolRequest, path: str) -> EnrolResponse:
    """Use the code, register or re-enrol the device, return its new token. Worker thread."""
    _check_request(request)
    now = dt.datetime.now(dt.UTC)
    hashed = code_hash(request.code)
    with database.write() as session:
        code = session.get(EnrolCode, hashed)
        refusal = _refusal(session, code, request, now)
        if refusal is not None or code is None:
            _refuse(session, code, request, refusal or "", path)
        _claim(session, hashed, request.device_id, now)
        token = new_token()
        _register(session, code, request, token_hash(token), now)
        org_is_new = not session.scalar(select(exists().where(SyncRow.org_id == code.org_id)))
        max_hlc = session.scalar(select(OrgCounter.max_hlc).where(OrgCounter.org_id == code.org_id))
        session.commit()
    return EnrolResponse(
        device_id=request.device_id,
        org_id=code.org_id,
        location_id=code.location_id,
        token=token,
        server_hlc=server_hlc(max_hlc or ""),
        org_is_new=org_is_new,
    )


def _refuse(
    session: Session, code: EnrolCode | None, request: EnrolRequest, refusal: str, path: str
) -> NoReturn:
    log_access(
        session,
        path=path,
        outcome="enrol_refused",
        device_id=request.device_id,
        org_id=code.org_id if code else None,
        detail=refusal,
    )
    session.commit()
    raise ApiError(403, ErrorCode.ENROLMENT_CODE, refusal)


def _check_request(request: EnrolRequest) -> None:
    if not 0 < len(request.device_id) <= MAX_ID or not 0 < len(request.kind) <= MAX_KIND:
        raise ApiError(
            422,
            ErrorCode.INVALID,
            "This computer sent an enrolment request the server can't read (device id or "
            "kind too long or empty). Nothing was changed; update MedSpa Desktop and retry.",
        )


def _refusal(
    session: Session, code: EnrolCode | None, request: EnrolRequest, now: dt.datetime
) -> str | None:
    if code is None:
        return (
            "The clinic server does not know this enrolment code. Check it for typing "
            "mistakes, or ask a manager for a new code."
        )
    if code.used_at is not None:
        return "This enrolment code was already used. Ask a manager for a new code."
    if code.expires_at <= now:
        return (
            f"This enrolment code expired on {code.expires_at:%Y-%m-%d %H:%M} UTC. "
            "Ask a manager for a new code."
        )
    if request.org_id is not None and request.org_id != code.org_id:
        return (
            "This code is for a different clinic than the one already on this computer, so "
            "it was not used. Ask for a code of this computer's clinic."
        )
    device = session.get(Device, request.device_id)
    if device is not None and device.org_id != code.org_id:
        return OTHER_CLINIC
    return None


def _claim(session: Session, hashed: str, device_id: str, now: dt.datetime) -> None:
    claimed = session.execute(
        update(EnrolCode)
        .where(EnrolCode.code_hash == hashed, EnrolCode.used_at.is_(None))
        .values(used_at=now, used_by=device_id)
    )
    assert isinstance(claimed, CursorResult)
    if claimed.rowcount != 1:
        raise ApiError(
            403,
            ErrorCode.ENROLMENT_CODE,
            "This enrolment code was already used. Ask a manager for a new code.",
        )


def _register(
    session: Session, code: EnrolCode, request: EnrolRequest, hashed_token: str, now: dt.datetime
) -> None:
    """A new device starts at mutation 0; a re-enrolled one keeps its numbering, so the
    changes it made meanwhile still sync."""
    device = session.get(Device, request.device_id)
    if device is None:
        device = Device(id=request.device_id, org_id=code.org_id, created_at=now)
        device.last_mutation_no = 0
        session.add(device)
    device.location_id = code.location_id
    device.name = request.device_name
    device.kind = request.kind
    device.token_hash = hashed_token
    device.revoked_at = None
    device.last_seen_at = now
