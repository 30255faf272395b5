"""Staff rows shared by the auth and staff services: lookup, validation, creation, results.

Public API: ``StaffSummary`` (the result type of the staff services) and the helpers the
staff and auth services share; the UI needs only ``StaffSummary``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.domain.passwords import pin_problem
from medspa_desktop.domain.permissions import is_allowed, refusal_message
from medspa_desktop.domain.validation import (
    field_errors,
    max_length_text,
    normalise_username,
    required_text,
    username_problem,
)
from medspa_desktop.services.authz import authorize, refuse, refuse_by_rule
from medspa_desktop.services.common import now, stamp
from medspa_desktop.services.contact import normalise_email
from medspa_desktop.services.credentials import hash_password, hash_pin
from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.services.password_policy import new_password_problem
from medspa_desktop.store.models import Location, Staff, StaffLocation
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.sync.outbox import record_mutation

STAFF_ENTITY = "staff"
SYNCED_STAFF_FIELDS = (
    "username",
    "display_name",
    "email",
    "role",
    "qualifications",
    "title",
    "password_hash",
    "pin_hash",
    "active",
    "calendar_colour",
)


@dataclass(frozen=True)
class StaffSummary:
    id: str
    username: str
    display_name: str
    email: str
    role: Role
    title: str
    qualifications: tuple[str, ...]
    active: bool
    has_pin: bool
    location_ids: tuple[str, ...]
    calendar_colour: str


@dataclass(frozen=True)
class NewStaff:
    """Everything needed to create an account; validated by :func:`add_staff`."""

    org_id: str
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


def get_staff(uow: UnitOfWork, staff_id: str, org_id: str) -> Staff:
    staff = uow.session.get(Staff, staff_id)
    if staff is None or staff.deleted or staff.org_id != org_id:
        raise NotFound("That staff account no longer exists. Refresh the staff list.")
    return staff


def staff_for_change(uow: UnitOfWork, actor: Actor, staff_id: str, action: Action) -> Staff:
    """Authorize ``action`` on one account; an owner's account needs an owner to change it."""
    authorize(uow, actor, action, entity=STAFF_ENTITY, entity_id=staff_id)
    staff = get_staff(uow, staff_id, actor.org_id)
    if staff.role == Role.OWNER.value:
        authorize_owner_change(uow, actor, action, staff.id)
    return staff


def authorize_owner_change(uow: UnitOfWork, actor: Actor, action: Action, staff_id: str) -> None:
    """Only an owner may create, change, promote to or demote from owner."""
    if not is_allowed(actor.role, Action.STAFF_MANAGE_OWNERS):
        refuse(
            uow,
            actor,
            action,
            refusal_message(actor.role, Action.STAFF_MANAGE_OWNERS),
            entity=STAFF_ENTITY,
            entity_id=staff_id,
        )


def refuse_if_last_owner(uow: UnitOfWork, actor: Actor, staff: Staff, action: Action) -> None:
    """The clinic must keep one active owner: refuse disabling or demoting the last one."""
    last = staff.role == Role.OWNER.value and staff.active
    if last and active_owner_count(uow, staff.org_id) <= 1:
        refuse_by_rule(
            uow,
            actor,
            action,
            f"{staff.display_name} is the clinic's only active owner, so the account must stay "
            "an active owner. Make someone else an owner first.",
            entity=STAFF_ENTITY,
            entity_id=staff.id,
        )


def staff_by_username(uow: UnitOfWork, org_id: str | None, username: str) -> Staff | None:
    query = select(Staff).where(Staff.username == username, Staff.deleted.is_(False))
    if org_id is not None:
        query = query.where(Staff.org_id == org_id)
    return uow.session.scalars(query.limit(1)).first()


def summarise(uow: UnitOfWork, staff: Staff) -> StaffSummary:
    location_ids = uow.session.scalars(
        select(StaffLocation.location_id)
        .where(StaffLocation.staff_id == staff.id, StaffLocation.deleted.is_(False))
        .order_by(StaffLocation.location_id)
    ).all()
    return StaffSummary(
        id=staff.id,
        username=staff.username,
        display_name=staff.display_name,
        email=staff.email,
        role=Role(staff.role),
        title=staff.title,
        qualifications=tuple(staff.qualifications),
        active=staff.active,
        has_pin=bool(staff.pin_hash),
        location_ids=tuple(location_ids),
        calendar_colour=staff.calendar_colour,
    )


def active_owner_count(uow: UnitOfWork, org_id: str) -> int:
    return (
        uow.session.scalar(
            select(func.count())
            .select_from(Staff)
            .where(
                Staff.org_id == org_id,
                Staff.role == Role.OWNER.value,
                Staff.active.is_(True),
                Staff.deleted.is_(False),
            )
        )
        or 0
    )


def new_staff_errors(uow: UnitOfWork, new: NewStaff) -> dict[str, str]:
    username = normalise_username(new.username)
    taken = staff_by_username(uow, new.org_id, username) is not None
    return field_errors(
        {
            "username": username_problem(username)
            or ("That username is taken. Choose another." if taken else None),
            "display_name": required_text(new.display_name, "name", max_length=200),
            "email": normalise_email(new.email).problem,
            "title": max_length_text(new.title, "title", max_length=100),
            "password": new_password_problem(new.password, username=username),
            "pin": pin_problem(new.pin) if new.pin else None,
            "location_ids": location_problem(uow, new.org_id, new.location_ids),
        }
    )


def add_staff(uow: UnitOfWork, new: NewStaff) -> Staff:
    """Validate, insert the account and its locations, and queue their mutations."""
    errors = new_staff_errors(uow, new)
    if errors:
        raise ValidationError(errors)
    staff = Staff(
        org_id=new.org_id,
        username=normalise_username(new.username),
        display_name=new.display_name.strip(),
        email=normalise_email(new.email).value,
        role=new.role.value,
        qualifications=list(new.qualifications),
        title=new.title.strip(),
        password_hash=hash_password(new.password),
        pin_hash=hash_pin(new.pin) if new.pin else "",
        active=True,
        calendar_colour=new.calendar_colour,
    )
    stamp(staff, uow)
    uow.session.add(staff)
    uow.session.flush()
    record_staff_mutation(uow, "create_staff", staff, SYNCED_STAFF_FIELDS)
    for location_id in new.location_ids:
        add_staff_location(uow, staff, location_id)
    return staff


def add_staff_location(uow: UnitOfWork, staff: Staff, location_id: str) -> None:
    link = StaffLocation(org_id=staff.org_id, staff_id=staff.id, location_id=location_id)
    stamp(link, uow)
    uow.session.add(link)
    uow.session.flush()
    record_mutation(
        uow,
        name="create_staff_location",
        entity="staff_location",
        entity_id=link.id,
        fields={"org_id": link.org_id, "staff_id": staff.id, "location_id": location_id},
    )


def record_staff_mutation(uow: UnitOfWork, name: str, staff: Staff, names: Sequence[str]) -> None:
    """Queue mutation ``name`` carrying the current values of the staff fields ``names``."""
    fields = {column: getattr(staff, column) for column in names}
    if "sessions_revoked_at" in fields and fields["sessions_revoked_at"] is not None:
        fields["sessions_revoked_at"] = fields["sessions_revoked_at"].isoformat()
    if name == "create_staff":
        fields["org_id"] = staff.org_id
    record_mutation(uow, name=name, entity=STAFF_ENTITY, entity_id=staff.id, fields=fields)


def revoke_sessions(uow: UnitOfWork, staff: Staff) -> None:
    """End every session of ``staff`` that started before now (on every device after sync)."""
    staff.sessions_revoked_at = now()
    stamp(staff, uow)


def location_problem(uow: UnitOfWork, org_id: str, location_ids: Sequence[str]) -> str | None:
    for location_id in location_ids:
        location = uow.session.get(Location, location_id)
        if location is None or location.deleted or location.org_id != org_id:
            return "One of the chosen locations no longer exists. Refresh and choose again."
    return None
