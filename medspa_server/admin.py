"""Administration behind the ``medspa-server`` commands: organisations, one-time codes,
revoking devices. Each function runs one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from medspa_desktop.domain.ids import new_id
from medspa_server.db import Database
from medspa_server.models import Device, EnrolCode, OrgCounter, ServerOrg, SyncRow
from medspa_server.security import code_hash, new_code

OWNER_SETUP = "owner_setup"
DEVICE = "device"


class AdminError(Exception):
    """A command could not be carried out; the message says why and what to do."""


@dataclass(frozen=True)
class IssuedCode:
    org_id: str
    location_id: str | None
    code: str
    expires_at: dt.datetime


def create_org(
    database: Database, name: str, *, org_id: str | None = None, hours: float = 168
) -> IssuedCode:
    """Create an organisation (adopting ``org_id`` if given) and its owner set-up code."""
    org_id = org_id or new_id()
    if not name.strip():
        raise AdminError("The organisation needs a name: pass --name.")
    with database.write() as session:
        if session.get(ServerOrg, org_id) is not None:
            raise AdminError(
                f"An organisation with id {org_id} already exists on this server; nothing was "
                "changed. Use enrol-code to add devices to it."
            )
        now = dt.datetime.now(dt.UTC)
        session.add(ServerOrg(id=org_id, name=name.strip(), created_at=now))
        session.flush()  # no ORM relationships, so the organisation goes in first by hand
        session.add(OrgCounter(org_id=org_id, value=0, max_hlc=""))
        issued = _issue(session, org_id, None, OWNER_SETUP, hours)
        session.commit()
    return issued


def issue_enrol_code(
    database: Database, org_id: str, *, location_id: str | None = None, hours: float = 24
) -> IssuedCode:
    """A one-time device enrolment code for ``org_id`` that expires after ``hours``."""
    with database.write() as session:
        if session.get(ServerOrg, org_id) is None:
            raise AdminError(
                f"There is no organisation {org_id} on this server. Check the id printed by "
                "create-org."
            )
        if location_id is not None:
            _check_location(session, org_id, location_id)
        issued = _issue(session, org_id, location_id, DEVICE, hours)
        session.commit()
    return issued


def revoke_device(database: Database, device_id: str) -> Device:
    """Withdraw a device's access; its token stops working at once. Its data stays."""
    with database.write() as session:
        device = session.get(Device, device_id)
        if device is None:
            raise AdminError(f"There is no enrolled device {device_id} on this server.")
        if device.revoked_at is None:
            device.revoked_at = dt.datetime.now(dt.UTC)
        session.commit()
    return device


def _issue(
    session: Session, org_id: str, location_id: str | None, purpose: str, hours: float
) -> IssuedCode:
    if hours <= 0:
        raise AdminError("A code must stay valid for some time: pass --hours greater than 0.")
    code = new_code()
    expires_at = dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)
    session.add(
        EnrolCode(
            code_hash=code_hash(code),
            org_id=org_id,
            location_id=location_id,
            purpose=purpose,
            expires_at=expires_at,
        )
    )
    return IssuedCode(org_id, location_id, code, expires_at)


def _check_location(session: Session, org_id: str, location_id: str) -> None:
    """Once the clinic's locations have synced, refuse a location it doesn't have."""
    locations = session.scalars(
        select(SyncRow).where(
            SyncRow.org_id == org_id, SyncRow.entity == "location", SyncRow.deleted.is_(False)
        )
    ).all()
    if locations and location_id not in {row.entity_id for row in locations}:
        known = ", ".join(f"{row.entity_id} ({row.data.get('name', '')})" for row in locations)
        raise AdminError(
            f"The organisation has no location {location_id}; no code was made. "
            f"Its locations: {known}."
        )
