"""Staff accounts and roles (manager and owner only).

Public API (each returns a ``StaffSummary`` unless noted; all audited and queued for sync):

- ``list_staff(*, uow, actor) -> list[StaffSummary]``: everyone, disabled accounts included.
- ``CreateStaff(username, display_name, role, password, pin="", ...)`` -> ``create_staff``
- ``UpdateStaff(staff_id, display_name=UNCHANGED, email=..., title=..., qualifications=...,
  calendar_colour=...)`` -> ``update_staff``
- ``DisableStaff(staff_id)`` -> ``disable_staff`` (ends their sessions everywhere);
  ``EnableStaff(staff_id)`` -> ``enable_staff``
- ``ChangeRole(staff_id, role)`` -> ``change_role`` (audited as a role change; ends sessions)
- ``SetStaffLocations(staff_id, location_ids)`` -> ``set_staff_locations``

Rules: only an owner creates owners, changes anyone to or from owner, or changes an owner's
account; the last active owner can't be disabled or demoted; nobody disables themselves.
Passwords and PINs: ``services/staff_credentials.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.domain.validation import field_errors, max_length_text, required_text
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize, refuse_by_rule
from medspa_desktop.services.common import UNCHANGED, Keep, changes_of, stamp
from medspa_desktop.services.contact import normalise_email
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.staff_rules import (
    STAFF_ENTITY,
    NewStaff,
    StaffSummary,
    add_staff,
    add_staff_location,
    authorize_owner_change,
    location_problem,
    record_staff_mutation,
    refuse_if_last_owner,
    revoke_sessions,
    staff_for_change,
    summarise,
)
from medspa_desktop.store.models import Staff, StaffLocation
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.sync.outbox import record_mutation

__all__ = [
    "ChangeRole",
    "CreateStaff",
    "DisableStaff",
    "EnableStaff",
    "SetStaffLocations",
    "StaffSummary",
    "UpdateStaff",
    "change_role",
    "create_staff",
    "disable_staff",
    "enable_staff",
    "list_staff",
    "set_staff_locations",
    "update_staff",
]

COLOUR = r"#[0-9a-fA-F]{6}"
PROFILE_FIELDS = ("display_name", "email", "title", "qualifications", "calendar_colour")


@dataclass(frozen=True)
class CreateStaff:
    username: str
    display_name: str
    role: Role
    password: str
    pin: str = ""
    email: str = ""
    title: str = ""
    qualifications: tuple[str, ...] = ()
    location_ids: tuple[str, ...] = ()
    calendar_colour: str = "#5b7db1"


@dataclass(frozen=True)
class UpdateStaff:
    staff_id: str
    display_name: str | Keep = UNCHANGED
    email: str | Keep = UNCHANGED
    title: str | Keep = UNCHANGED
    qualifications: tuple[str, ...] | Keep = UNCHANGED
    calendar_colour: str | Keep = UNCHANGED


@dataclass(frozen=True)
class DisableStaff:
    staff_id: str


@dataclass(frozen=True)
class EnableStaff:
    staff_id: str


@dataclass(frozen=True)
class ChangeRole:
    staff_id: str
    role: Role


@dataclass(frozen=True)
class SetStaffLocations:
    staff_id: str
    location_ids: tuple[str, ...]


def list_staff(*, uow: UnitOfWork, actor: Actor) -> list[StaffSummary]:
    authorize(uow, actor, Action.STAFF_VIEW, entity=STAFF_ENTITY)
    rows = uow.session.scalars(
        select(Staff)
        .where(Staff.org_id == actor.org_id, Staff.deleted.is_(False))
        .order_by(Staff.display_name)
    )
    return [summarise(uow, row) for row in rows]


def create_staff(cmd: CreateStaff, *, uow: UnitOfWork, actor: Actor) -> StaffSummary:
    authorize(uow, actor, Action.STAFF_CREATE, entity=STAFF_ENTITY)
    if cmd.role is Role.OWNER:
        authorize_owner_change(uow, actor, Action.STAFF_CREATE, "")
    staff = add_staff(uow, NewStaff(org_id=actor.org_id, **vars(cmd)))
    record_audit(
        uow,
        actor,
        Action.STAFF_CREATE,
        entity=STAFF_ENTITY,
        entity_id=staff.id,
        outcome="ok",
        detail=f"as {staff.role}",
    )
    uow.commit()
    return summarise(uow, staff)


def update_staff(cmd: UpdateStaff, *, uow: UnitOfWork, actor: Actor) -> StaffSummary:
    staff = staff_for_change(uow, actor, cmd.staff_id, Action.STAFF_EDIT)
    values = _cleaned_profile(changes_of(cmd, PROFILE_FIELDS))
    changed = {k: v for k, v in values.items() if getattr(staff, k) != v}
    if changed:
        for name, value in changed.items():
            setattr(staff, name, value)
        stamp(staff, uow)
        record_staff_mutation(uow, "update_staff_fields", staff, sorted(changed))
        _audit(uow, actor, Action.STAFF_EDIT, staff, "changed: " + ", ".join(sorted(changed)))
        uow.commit()
    return summarise(uow, staff)


def disable_staff(cmd: DisableStaff, *, uow: UnitOfWork, actor: Actor) -> StaffSummary:
    staff = staff_for_change(uow, actor, cmd.staff_id, Action.STAFF_DISABLE)
    if staff.id == actor.staff_id:
        refuse_by_rule(
            uow,
            actor,
            Action.STAFF_DISABLE,
            "You can't disable your own account. Ask another manager or an owner.",
            entity=STAFF_ENTITY,
            entity_id=staff.id,
        )
    refuse_if_last_owner(uow, actor, staff, Action.STAFF_DISABLE)
    return _set_active(uow, actor, staff, active=False)


def enable_staff(cmd: EnableStaff, *, uow: UnitOfWork, actor: Actor) -> StaffSummary:
    staff = staff_for_change(uow, actor, cmd.staff_id, Action.STAFF_DISABLE)
    return _set_active(uow, actor, staff, active=True)


def change_role(cmd: ChangeRole, *, uow: UnitOfWork, actor: Actor) -> StaffSummary:
    staff = staff_for_change(uow, actor, cmd.staff_id, Action.STAFF_CHANGE_ROLE)
    if cmd.role is Role.OWNER:
        authorize_owner_change(uow, actor, Action.STAFF_CHANGE_ROLE, staff.id)
    if staff.role == cmd.role.value:
        return summarise(uow, staff)
    refuse_if_last_owner(uow, actor, staff, Action.STAFF_CHANGE_ROLE)
    previous, staff.role = staff.role, cmd.role.value
    revoke_sessions(uow, staff)
    record_staff_mutation(uow, "change_staff_role", staff, ["role", "sessions_revoked_at"])
    _audit(uow, actor, Action.STAFF_CHANGE_ROLE, staff, f"{previous} -> {staff.role}")
    uow.commit()
    return summarise(uow, staff)


def set_staff_locations(cmd: SetStaffLocations, *, uow: UnitOfWork, actor: Actor) -> StaffSummary:
    """Make ``location_ids`` exactly the locations this person works at."""
    staff = staff_for_change(uow, actor, cmd.staff_id, Action.STAFF_ASSIGN_LOCATIONS)
    problem = location_problem(uow, actor.org_id, cmd.location_ids)
    if problem:
        raise ValidationError({"location_ids": problem})
    links = _links(uow, staff.id)
    current = {location_id for location_id, link in links.items() if not link.deleted}
    wanted = set(cmd.location_ids)
    for location_id in sorted(wanted - current):
        if location_id in links:
            _set_link_deleted(uow, links[location_id], deleted=False)
        else:
            add_staff_location(uow, staff, location_id)
    for location_id in sorted(current - wanted):
        _set_link_deleted(uow, links[location_id], deleted=True)
    if wanted != current:
        detail = "locations: " + ", ".join(sorted(wanted))
        _audit(uow, actor, Action.STAFF_ASSIGN_LOCATIONS, staff, detail)
        uow.commit()
    return summarise(uow, staff)


def _set_active(uow: UnitOfWork, actor: Actor, staff: Staff, *, active: bool) -> StaffSummary:
    if staff.active == active:
        return summarise(uow, staff)
    staff.active = active
    if active:
        stamp(staff, uow)
    else:
        revoke_sessions(uow, staff)
    name = "enable_staff" if active else "disable_staff"
    record_staff_mutation(uow, name, staff, ["active", "sessions_revoked_at"])
    _audit(uow, actor, Action.STAFF_DISABLE, staff, "enabled" if active else "disabled")
    uow.commit()
    return summarise(uow, staff)


def _cleaned_profile(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    checks: dict[str, str | None] = {}
    if "display_name" in values:
        checks["display_name"] = required_text(values["display_name"], "name", max_length=200)
        cleaned["display_name"] = values["display_name"].strip()
    if "email" in values:
        checks["email"], cleaned["email"] = _email(values["email"])
    if "title" in values:
        checks["title"] = max_length_text(values["title"], "title", max_length=100)
        cleaned["title"] = values["title"].strip()
    if "calendar_colour" in values and not re.fullmatch(COLOUR, values["calendar_colour"]):
        checks["calendar_colour"] = "Choose a colour written as # and six hex digits (#5b7db1)."
    if "qualifications" in values:
        cleaned["qualifications"] = sorted({q.strip() for q in values["qualifications"]} - {""})
    errors = field_errors(checks)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _email(text: str) -> tuple[str | None, str]:
    email = normalise_email(text)
    return email.problem, email.value


def _links(uow: UnitOfWork, staff_id: str) -> dict[str, StaffLocation]:
    """Every link of this person, tombstones too (a link is revived, never duplicated)."""
    rows = uow.session.scalars(select(StaffLocation).where(StaffLocation.staff_id == staff_id))
    return {row.location_id: row for row in rows}


def _set_link_deleted(uow: UnitOfWork, link: StaffLocation, *, deleted: bool) -> None:
    link.deleted = deleted
    stamp(link, uow)
    record_mutation(
        uow,
        name="delete_staff_location" if deleted else "restore_staff_location",
        entity="staff_location",
        entity_id=link.id,
        fields={"deleted": deleted},
    )


def _audit(uow: UnitOfWork, actor: Actor, action: Action, staff: Staff, detail: str) -> None:
    record_audit(
        uow, actor, action, entity=STAFF_ENTITY, entity_id=staff.id, outcome="ok", detail=detail
    )
