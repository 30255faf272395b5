"""First run: a fresh install has no account at all; this creates the clinic and its owner.

Public API (exported by ``services.auth`` too):

- ``is_first_run(*, uow) -> bool``: no staff account exists on this device.
- ``SetUpClinic(...)`` -> ``set_up_clinic(cmd, *, uow) -> ClinicSetUp``: the organisation,
  its first location and the owner (assigned to it) in one transaction; this device's
  ``org_id`` and ``location_id`` local settings; the owner logged in. Refused (and audited)
  once any staff account exists. ``ValidationError`` names every bad field: the command's
  field names (``owner_password`` ...).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.ids import new_id
from medspa_desktop.domain.validation import currency_problem, field_errors, required_text
from medspa_desktop.services.audit import AuditEvent, record_audit
from medspa_desktop.services.common import (
    LOCATION_ID_SETTING,
    ORG_ID_SETTING,
    set_device_setting,
    stamp,
)
from medspa_desktop.services.contact import country_problem
from medspa_desktop.services.errors import RuleViolation, ValidationError
from medspa_desktop.services.locations import insert_location, location_errors
from medspa_desktop.services.sessions import StaffSession, actor_of, start_session
from medspa_desktop.services.staff_rules import NewStaff, add_staff, new_staff_errors
from medspa_desktop.store.models import Location, Organisation, Staff
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.sync.outbox import record_mutation


@dataclass(frozen=True)
class SetUpClinic:
    organisation_name: str
    location_name: str
    time_zone: str
    owner_username: str
    owner_display_name: str
    owner_password: str
    owner_pin: str = ""
    owner_email: str = ""
    currency: str = "USD"
    default_country: str = "US"


@dataclass(frozen=True)
class ClinicSetUp:
    org_id: str
    location_id: str
    owner_staff_id: str
    session: StaffSession


def is_first_run(*, uow: UnitOfWork) -> bool:
    return uow.session.scalar(select(func.count()).select_from(Staff)) == 0


def set_up_clinic(cmd: SetUpClinic, *, uow: UnitOfWork) -> ClinicSetUp:
    """First run: create the organisation, its first location and the owner, all or nothing."""
    if not is_first_run(uow=uow):
        record_audit(
            uow,
            None,
            AuditEvent.CLINIC_SET_UP,
            entity="organisation",
            entity_id="",
            outcome="denied",
            detail="staff accounts already exist",
        )
        uow.commit()
        raise RuleViolation("This clinic is already set up. Log in with your staff account.")
    org = _add_organisation(uow, cmd)
    location = _add_first_location(uow, org, cmd)
    owner = add_staff(uow, _owner_of(cmd, org.id, location.id))
    set_device_setting(uow, ORG_ID_SETTING, org.id)
    set_device_setting(uow, LOCATION_ID_SETTING, location.id)
    uow.session.flush()
    record_audit(
        uow,
        actor_of(uow, owner, location.id),
        AuditEvent.CLINIC_SET_UP,
        entity="organisation",
        entity_id=org.id,
        outcome="ok",
    )
    session = start_session(uow, owner, "password")
    return ClinicSetUp(org.id, location.id, owner.id, session)


def _set_up_errors(uow: UnitOfWork, cmd: SetUpClinic) -> dict[str, str]:
    location = location_errors({"name": cmd.location_name, "time_zone": cmd.time_zone}, "US")
    owner = new_staff_errors(uow, _owner_of(cmd, "", ""))
    return field_errors(
        {
            "organisation_name": required_text(
                cmd.organisation_name, "clinic name", max_length=200
            ),
            "currency": currency_problem(cmd.currency.strip().upper()),
            "default_country": country_problem(cmd.default_country),
            "location_name": location.get("name"),
            "time_zone": location.get("time_zone"),
            **{f"owner_{k}": v for k, v in owner.items() if k != "location_ids"},
        }
    )


def _add_organisation(uow: UnitOfWork, cmd: SetUpClinic) -> Organisation:
    errors = _set_up_errors(uow, cmd)
    if errors:
        raise ValidationError(errors)
    org = Organisation(
        name=cmd.organisation_name.strip(),
        currency=cmd.currency.strip().upper(),
        default_country=cmd.default_country.upper(),
    )
    org.org_id = org.id = new_id()
    stamp(org, uow)
    uow.session.add(org)
    uow.session.flush()
    fields = {"name": org.name, "currency": org.currency, "default_country": org.default_country}
    record_mutation(
        uow,
        name="create_organisation",
        entity="organisation",
        entity_id=org.id,
        fields={"org_id": org.id, **fields},
    )
    return org


def _add_first_location(uow: UnitOfWork, org: Organisation, cmd: SetUpClinic) -> Location:
    values = {"name": cmd.location_name, "time_zone": cmd.time_zone}
    return insert_location(uow, org.id, values)


def _owner_of(cmd: SetUpClinic, org_id: str, location_id: str) -> NewStaff:
    return NewStaff(
        org_id=org_id,
        username=cmd.owner_username,
        display_name=cmd.owner_display_name,
        role=Role.OWNER,
        password=cmd.owner_password,
        pin=cmd.owner_pin,
        email=cmd.owner_email,
        location_ids=(location_id,) if location_id else (),
    )
