"""Log-in, PIN quick switch, log-out, lock, and whether a session still holds.

Public API (call off the GUI thread; password and PIN checks take ~0.1 s on purpose):

- ``is_first_run(*, uow) -> bool``: no staff account exists yet (show the set-up wizard).
- ``SetUpClinic(...)`` -> ``set_up_clinic(cmd, *, uow) -> ClinicSetUp``: organisation, first
  location and owner in one transaction, the owner logged in; refused once any staff exists
  (implemented in ``services/setup.py``).
- ``LogIn(username, password)`` -> ``log_in(cmd, *, uow) -> StaffSession``
- ``SwitchWithPin(staff_id, pin)`` -> ``switch_with_pin(cmd, *, uow) -> StaffSession``
- ``quick_switch_choices(*, uow) -> list[PinChoice]``: who may switch in with a PIN here.
- ``confirm_staff_pin(cmd: SwitchWithPin, *, uow) -> str``: the staff member's name when
  the PIN is theirs and they may switch in here; nobody is logged in or out (a client
  handing the tablet back from kiosk mode). Wrong PINs count towards the same lock-out.
- ``log_out(session, *, uow)``, ``lock(session, *, uow)``: audited; unlocking is a new log-in.
- ``session_still_valid(session, *, uow) -> bool``: False once the staff member was disabled,
  deleted, or had their sessions revoked (role change, password reset) after it started.
- ``idle_lock_minutes(location_id, *, uow) -> int`` (default 10);
  ``SetIdleLock(location_id, minutes)`` -> ``set_idle_lock_minutes(cmd, *, uow, actor)``
  changes it (manager or owner; from ``services/locations.py``).

A failed log-in raises ``LoginFailed`` with the same message whether the username exists or
not; after repeated failures ``LoginThrottled`` says when to try again. There is never a
default account: the first one is the owner made by ``set_up_clinic``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.session import session_is_valid
from medspa_desktop.domain.validation import normalise_username
from medspa_desktop.services.audit import AuditEvent, record_audit
from medspa_desktop.services.common import device_location_id, device_org_id
from medspa_desktop.services.credentials import verify_against_dummy
from medspa_desktop.services.errors import LoginFailed
from medspa_desktop.services.locations import SetIdleLock, set_idle_lock_minutes
from medspa_desktop.services.login_guard import (
    check_not_throttled,
    record_failure,
    record_success,
    verify_staff_secret,
)
from medspa_desktop.services.sessions import StaffSession, idle_lock_minutes, start_session
from medspa_desktop.services.setup import ClinicSetUp, SetUpClinic, is_first_run, set_up_clinic
from medspa_desktop.services.staff_rules import STAFF_ENTITY, staff_by_username
from medspa_desktop.store.models import Staff, StaffLocation
from medspa_desktop.store.uow import UnitOfWork

__all__ = [
    "ClinicSetUp",
    "LogIn",
    "PinChoice",
    "SetIdleLock",
    "SetUpClinic",
    "StaffSession",
    "SwitchWithPin",
    "idle_lock_minutes",
    "is_first_run",
    "lock",
    "log_in",
    "log_out",
    "quick_switch_choices",
    "session_still_valid",
    "set_idle_lock_minutes",
    "set_up_clinic",
    "switch_with_pin",
]

LOGIN_REFUSED = (
    "The username or password is not right. Check both and try again "
    "(passwords are case-sensitive)."
)
PIN_REFUSED = "That PIN is not right. Try again, or log in with your username and password."


@dataclass(frozen=True)
class LogIn:
    username: str
    password: str


@dataclass(frozen=True)
class SwitchWithPin:
    staff_id: str
    pin: str


@dataclass(frozen=True)
class PinChoice:
    staff_id: str
    display_name: str
    role: Role


def log_in(cmd: LogIn, *, uow: UnitOfWork) -> StaffSession:
    """Password log-in by username."""
    username = normalise_username(cmd.username)[:64]
    staff = staff_by_username(uow, device_org_id(uow), username)
    check_not_throttled(uow, username, staff)
    if staff is None:
        verify_against_dummy(cmd.password)
        record_failure(uow, username, None, "password")
        raise LoginFailed(LOGIN_REFUSED)
    verification = verify_staff_secret(uow, staff, cmd.password, pin=False)
    if not verification.ok:
        record_failure(uow, username, staff, "password")
        raise LoginFailed(LOGIN_REFUSED)
    return start_session(uow, staff, "password")


def switch_with_pin(cmd: SwitchWithPin, *, uow: UnitOfWork) -> StaffSession:
    """PIN quick switch to a staff member picked from :func:`quick_switch_choices`."""
    staff = uow.session.get(Staff, cmd.staff_id)
    if staff is not None and (staff.deleted or staff.org_id != device_org_id(uow)):
        staff = None
    key = staff.username if staff else f"id:{cmd.staff_id[:60]}"
    check_not_throttled(uow, key, staff)
    if staff is None:
        verify_against_dummy(cmd.pin)
        record_failure(uow, key, None, "pin")
        raise LoginFailed(PIN_REFUSED)
    if not verify_staff_secret(uow, staff, cmd.pin, pin=True).ok:
        record_failure(uow, key, staff, "pin")
        raise LoginFailed(PIN_REFUSED)
    return start_session(uow, staff, "pin")


def confirm_staff_pin(cmd: SwitchWithPin, *, uow: UnitOfWork) -> str:
    allowed = {choice.staff_id for choice in quick_switch_choices(uow=uow)}
    staff = uow.session.get(Staff, cmd.staff_id) if cmd.staff_id in allowed else None
    key = staff.username if staff else f"id:{cmd.staff_id[:60]}"
    check_not_throttled(uow, key, staff)
    if staff is None:
        verify_against_dummy(cmd.pin)
        record_failure(uow, key, None, "pin")
        raise LoginFailed(PIN_REFUSED)
    if not verify_staff_secret(uow, staff, cmd.pin, pin=True).ok:
        record_failure(uow, key, staff, "pin")
        raise LoginFailed(PIN_REFUSED)
    record_success(uow, key)
    uow.commit()
    return staff.display_name


def quick_switch_choices(*, uow: UnitOfWork) -> list[PinChoice]:
    """Active staff with a PIN who work at this device's location (or at every location)."""
    query = select(Staff).where(
        Staff.org_id == (device_org_id(uow) or ""),
        Staff.active.is_(True),
        Staff.deleted.is_(False),
        Staff.pin_hash != "",
    )
    choices = []
    location_id = device_location_id(uow)
    for staff in uow.session.scalars(query.order_by(Staff.display_name)):
        if location_id is None or _works_at(uow, staff.id, location_id):
            choices.append(PinChoice(staff.id, staff.display_name, Role(staff.role)))
    return choices


def log_out(session: StaffSession, *, uow: UnitOfWork) -> None:
    record_audit(
        uow,
        session.actor,
        AuditEvent.LOGOUT,
        entity=STAFF_ENTITY,
        entity_id=session.actor.staff_id,
        outcome="ok",
    )
    uow.commit()


def lock(session: StaffSession, *, uow: UnitOfWork) -> None:
    """Record that the screen locked (idle or on request); the UI hides every client detail."""
    record_audit(
        uow,
        session.actor,
        AuditEvent.LOCK,
        entity=STAFF_ENTITY,
        entity_id=session.actor.staff_id,
        outcome="ok",
    )
    uow.commit()


def session_still_valid(session: StaffSession, *, uow: UnitOfWork) -> bool:
    staff = uow.session.get(Staff, session.actor.staff_id)
    if staff is None or staff.deleted or staff.role != session.actor.role.value:
        return False
    return session_is_valid(
        session.started_at,
        staff_active=staff.active,
        sessions_revoked_at=staff.sessions_revoked_at,
    )


def _works_at(uow: UnitOfWork, staff_id: str, location_id: str) -> bool:
    links = uow.session.scalars(
        select(StaffLocation.location_id).where(
            StaffLocation.staff_id == staff_id, StaffLocation.deleted.is_(False)
        )
    ).all()
    return not links or location_id in links
