"""Passwords and PINs: reset by a manager or owner, or changed by staff for themselves.

Public API (each returns a ``StaffSummary``; audited without the secret; hashes sync):

- ``ResetPassword(staff_id, new_password)`` -> ``reset_password(cmd, *, uow, actor)``: manager
  or owner (an owner's only by an owner); ends that person's sessions everywhere.
- ``SetPin(staff_id, pin)`` -> ``set_pin(cmd, *, uow, actor)``: ``pin=""`` removes the PIN.
- ``ChangeOwnPassword(current_password, new_password)`` -> ``change_own_password``
- ``SetOwnPin(current_password, pin)`` -> ``set_own_pin``
A new password must pass the policy (``services/password_policy.py``); problems come back as
``ValidationError`` on the command's field names.
"""

from __future__ import annotations

from dataclasses import dataclass

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.passwords import pin_problem
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.common import stamp
from medspa_desktop.services.credentials import hash_password, hash_pin, verify_password
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.login_guard import check_not_throttled, record_failure
from medspa_desktop.services.password_policy import new_password_problem
from medspa_desktop.services.staff_rules import (
    STAFF_ENTITY,
    StaffSummary,
    get_staff,
    record_staff_mutation,
    revoke_sessions,
    staff_for_change,
    summarise,
)
from medspa_desktop.store.models import Staff
from medspa_desktop.store.uow import UnitOfWork

WRONG_CURRENT = "Your current password is not right. Type it again."


@dataclass(frozen=True)
class ResetPassword:
    staff_id: str
    new_password: str


@dataclass(frozen=True)
class SetPin:
    staff_id: str
    pin: str


@dataclass(frozen=True)
class ChangeOwnPassword:
    current_password: str
    new_password: str


@dataclass(frozen=True)
class SetOwnPin:
    current_password: str
    pin: str


def reset_password(cmd: ResetPassword, *, uow: UnitOfWork, actor: Actor) -> StaffSummary:
    staff = staff_for_change(uow, actor, cmd.staff_id, Action.STAFF_RESET_CREDENTIALS)
    _store_password(uow, staff, cmd.new_password, field="new_password")
    revoke_sessions(uow, staff)
    record_staff_mutation(uow, "reset_staff_password", staff, _PASSWORD_FIELDS)
    _audit(uow, actor, Action.STAFF_RESET_CREDENTIALS, staff, "password reset")
    uow.commit()
    return summarise(uow, staff)


def set_pin(cmd: SetPin, *, uow: UnitOfWork, actor: Actor) -> StaffSummary:
    staff = staff_for_change(uow, actor, cmd.staff_id, Action.STAFF_RESET_CREDENTIALS)
    _store_pin(uow, staff, cmd.pin)
    _audit(uow, actor, Action.STAFF_RESET_CREDENTIALS, staff, _pin_detail(cmd.pin))
    uow.commit()
    return summarise(uow, staff)


def change_own_password(cmd: ChangeOwnPassword, *, uow: UnitOfWork, actor: Actor) -> StaffSummary:
    staff = _own_account(uow, actor, cmd.current_password)
    _store_password(uow, staff, cmd.new_password, field="new_password")
    record_staff_mutation(uow, "set_staff_password_hash", staff, ["password_hash"])
    _audit(uow, actor, Action.OWN_CREDENTIALS_CHANGE, staff, "password changed")
    uow.commit()
    return summarise(uow, staff)


def set_own_pin(cmd: SetOwnPin, *, uow: UnitOfWork, actor: Actor) -> StaffSummary:
    staff = _own_account(uow, actor, cmd.current_password)
    _store_pin(uow, staff, cmd.pin)
    _audit(uow, actor, Action.OWN_CREDENTIALS_CHANGE, staff, _pin_detail(cmd.pin))
    uow.commit()
    return summarise(uow, staff)


_PASSWORD_FIELDS = ["password_hash", "sessions_revoked_at"]


def _own_account(uow: UnitOfWork, actor: Actor, current_password: str) -> Staff:
    """The actor's own account, once the current password proves it is really them."""
    authorize(uow, actor, Action.OWN_CREDENTIALS_CHANGE, entity=STAFF_ENTITY)
    staff = get_staff(uow, actor.staff_id, actor.org_id)
    # The same throttle as log-in, so an unattended session can't be used to guess it.
    check_not_throttled(uow, staff.username, staff)
    if not verify_password(staff.password_hash, current_password).ok:
        record_failure(uow, staff.username, staff, "current password before a change")
        raise ValidationError({"current_password": WRONG_CURRENT})
    return staff


def _store_password(uow: UnitOfWork, staff: Staff, password: str, *, field: str) -> None:
    problem = new_password_problem(password, username=staff.username)
    if problem:
        raise ValidationError({field: problem})
    staff.password_hash = hash_password(password)
    stamp(staff, uow)


def _store_pin(uow: UnitOfWork, staff: Staff, pin: str) -> None:
    problem = pin_problem(pin) if pin else None
    if problem:
        raise ValidationError({"pin": problem})
    staff.pin_hash = hash_pin(pin) if pin else ""
    stamp(staff, uow)
    record_staff_mutation(uow, "set_staff_pin_hash", staff, ["pin_hash"])


def _pin_detail(pin: str) -> str:
    return "PIN set" if pin else "PIN removed"


def _audit(uow: UnitOfWork, actor: Actor, action: Action, staff: Staff, detail: str) -> None:
    record_audit(
        uow, actor, action, entity=STAFF_ENTITY, entity_id=staff.id, outcome="ok", detail=detail
    )
