"""Starting a staff session once a password or PIN was accepted (used by auth and setup).

Public API: ``StaffSession`` (also exported by ``services.auth``), ``idle_lock_minutes``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.domain.session import DEFAULT_IDLE_LOCK_MINUTES
from medspa_desktop.services.audit import AuditEvent, record_audit
from medspa_desktop.services.common import device_location_id, now
from medspa_desktop.services.errors import LoginFailed
from medspa_desktop.services.login_guard import record_failure, record_success
from medspa_desktop.services.staff_rules import STAFF_ENTITY
from medspa_desktop.store.models import Location, Staff
from medspa_desktop.store.uow import UnitOfWork

DISABLED = "This account is disabled. Ask a manager or the clinic owner to enable it."


@dataclass(frozen=True)
class StaffSession:
    """Who is logged in on this device, since when, and how long until the screen locks."""

    actor: Actor
    started_at: dt.datetime
    idle_lock_minutes: int
    method: str
    """``password`` or ``pin``."""


def idle_lock_minutes(location_id: str | None, *, uow: UnitOfWork) -> int:
    """Minutes without input before the screen locks at ``location_id`` (default 10)."""
    location = uow.session.get(Location, location_id) if location_id else None
    return location.idle_lock_minutes if location else DEFAULT_IDLE_LOCK_MINUTES


def start_session(uow: UnitOfWork, staff: Staff, method: str) -> StaffSession:
    """Refuse a disabled account; otherwise clear its failures, audit the log-in, commit."""
    if not staff.active:
        record_failure(uow, staff.username, staff, f"{method}; account disabled")
        raise LoginFailed(DISABLED)
    location_id = device_location_id(uow)
    actor = actor_of(uow, staff, location_id)
    record_success(uow, staff.username)
    record_audit(
        uow,
        actor,
        AuditEvent.LOGIN,
        entity=STAFF_ENTITY,
        entity_id=staff.id,
        outcome="ok",
        detail=method,
    )
    uow.commit()
    return StaffSession(actor, now(), idle_lock_minutes(location_id, uow=uow), method)


def actor_of(uow: UnitOfWork, staff: Staff, location_id: str | None) -> Actor:
    return Actor(
        staff_id=staff.id,
        org_id=staff.org_id,
        role=Role(staff.role),
        device_id=uow.device_id,
        location_id=location_id,
        display_name=staff.display_name,
    )
