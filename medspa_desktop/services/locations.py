"""Location settings: name, time zone, address, tax rates, idle lock, calendar grid.

Public API (manager or owner; creating a location is owner-only):

- ``list_locations(*, uow, actor) -> list[LocationSettings]``
- ``CreateLocation(name, time_zone, ...)`` -> ``create_location(cmd, *, uow, actor)``
- ``UpdateLocation(location_id, name=UNCHANGED, ...)`` -> ``update_location(cmd, *, uow, actor)``
- ``SetIdleLock(location_id, minutes)`` -> ``set_idle_lock_minutes(cmd, *, uow, actor)``
All return ``LocationSettings``; a bad value raises ``ValidationError`` naming every field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.session import (
    DEFAULT_IDLE_LOCK_MINUTES,
    MAX_IDLE_LOCK_MINUTES,
    MIN_IDLE_LOCK_MINUTES,
)
from medspa_desktop.domain.validation import (
    field_errors,
    max_length_text,
    required_text,
    tax_rates_problem,
    time_zone_problem,
)
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.common import UNCHANGED, Keep, changes_of, stamp
from medspa_desktop.services.contact import normalise_email, normalise_phone
from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.services.writes import save_changes
from medspa_desktop.store.models import Location, Organisation
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.sync.outbox import record_mutation

GRID_CHOICES = (5, 10, 15)
ENTITY = "location"
FIELDS = (
    "name",
    "time_zone",
    "address",
    "phone",
    "email",
    "tax_rates",
    "idle_lock_minutes",
    "grid_minutes",
    "active",
)


@dataclass(frozen=True)
class LocationSettings:
    id: str
    name: str
    time_zone: str
    address: str
    phone: str
    email: str
    tax_rates: Mapping[str, int]
    """Basis points per item category (825 = 8.25 %)."""
    idle_lock_minutes: int
    grid_minutes: int
    active: bool


@dataclass(frozen=True)
class CreateLocation:
    name: str
    time_zone: str
    address: str = ""
    phone: str = ""
    email: str = ""
    tax_rates: Mapping[str, int] = field(default_factory=dict)
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES
    grid_minutes: int = 15
    active: bool = True


@dataclass(frozen=True)
class UpdateLocation:
    location_id: str
    name: str | Keep = UNCHANGED
    time_zone: str | Keep = UNCHANGED
    address: str | Keep = UNCHANGED
    phone: str | Keep = UNCHANGED
    email: str | Keep = UNCHANGED
    tax_rates: Mapping[str, int] | Keep = UNCHANGED
    idle_lock_minutes: int | Keep = UNCHANGED
    grid_minutes: int | Keep = UNCHANGED
    active: bool | Keep = UNCHANGED


@dataclass(frozen=True)
class SetIdleLock:
    location_id: str
    minutes: int


def list_locations(*, uow: UnitOfWork, actor: Actor) -> list[LocationSettings]:
    authorize(uow, actor, Action.LOCATION_VIEW)
    rows = uow.session.scalars(
        select(Location)
        .where(Location.org_id == actor.org_id, Location.deleted.is_(False))
        .order_by(Location.name)
    )
    return [location_settings(row) for row in rows]


def create_location(cmd: CreateLocation, *, uow: UnitOfWork, actor: Actor) -> LocationSettings:
    authorize(uow, actor, Action.LOCATION_CREATE, entity=ENTITY)
    location = insert_location(uow, actor.org_id, changes_of(cmd, FIELDS))
    record_audit(
        uow, actor, Action.LOCATION_CREATE, entity=ENTITY, entity_id=location.id, outcome="ok"
    )
    uow.commit()
    return location_settings(location)


def update_location(cmd: UpdateLocation, *, uow: UnitOfWork, actor: Actor) -> LocationSettings:
    authorize(uow, actor, Action.LOCATION_EDIT, entity=ENTITY, entity_id=cmd.location_id)
    location = uow.session.get(Location, cmd.location_id)
    if location is None or location.deleted or location.org_id != actor.org_id:
        raise NotFound("That location no longer exists. Refresh the list of locations.")
    values = cleaned_location_fields(uow, changes_of(cmd, FIELDS), org_id=actor.org_id)
    save_changes(uow, actor, location, values, entity=ENTITY, action=Action.LOCATION_EDIT)
    return location_settings(location)


def set_idle_lock_minutes(cmd: SetIdleLock, *, uow: UnitOfWork, actor: Actor) -> LocationSettings:
    """Minutes without input before this location's devices lock (manager or owner)."""
    update = UpdateLocation(cmd.location_id, idle_lock_minutes=cmd.minutes)
    return update_location(update, uow=uow, actor=actor)


def insert_location(uow: UnitOfWork, org_id: str, values: dict[str, Any]) -> Location:
    """Validate and add a location with its create mutation (caller audits and commits)."""
    cleaned = cleaned_location_fields(uow, values, org_id=org_id)
    location = Location(org_id=org_id, **cleaned)
    stamp(location, uow)
    uow.session.add(location)
    uow.session.flush()
    record_mutation(
        uow,
        name="create_location",
        entity=ENTITY,
        entity_id=location.id,
        fields={"org_id": org_id, **cleaned},
    )
    return location


def location_errors(values: Mapping[str, Any], country: str) -> dict[str, str]:
    checks: dict[str, str | None] = {}
    if "name" in values:
        checks["name"] = required_text(values["name"], "location name", max_length=200)
    if "time_zone" in values:
        checks["time_zone"] = time_zone_problem(values["time_zone"])
    if "address" in values:
        checks["address"] = max_length_text(values["address"], "address", max_length=1000)
    if "phone" in values:
        checks["phone"] = normalise_phone(values["phone"], country).problem
    if "email" in values:
        checks["email"] = normalise_email(values["email"]).problem
    if "tax_rates" in values:
        checks["tax_rates"] = tax_rates_problem(values["tax_rates"])
    if "idle_lock_minutes" in values:
        checks["idle_lock_minutes"] = _idle_problem(values["idle_lock_minutes"])
    if "grid_minutes" in values and values["grid_minutes"] not in GRID_CHOICES:
        checks["grid_minutes"] = "The calendar grid step must be 5, 10 or 15 minutes."
    return field_errors(checks)


def cleaned_location_fields(
    uow: UnitOfWork, values: Mapping[str, Any], *, org_id: str
) -> dict[str, Any]:
    """Validated values, normalised as stored; raises ``ValidationError`` for every problem."""
    country = _default_country(uow, org_id)
    errors = location_errors(values, country)
    if errors:
        raise ValidationError(errors)
    cleaned = dict(values)
    for name in ("name", "time_zone", "address"):
        if name in cleaned:
            cleaned[name] = cleaned[name].strip()
    if "phone" in cleaned:
        cleaned["phone"] = normalise_phone(cleaned["phone"], country).value
    if "email" in cleaned:
        cleaned["email"] = normalise_email(cleaned["email"]).value
    if "tax_rates" in cleaned:
        cleaned["tax_rates"] = {k.strip(): int(v) for k, v in cleaned["tax_rates"].items()}
    return cleaned


def location_settings(row: Location) -> LocationSettings:
    return LocationSettings(
        id=row.id,
        name=row.name,
        time_zone=row.time_zone,
        address=row.address,
        phone=row.phone,
        email=row.email,
        tax_rates=dict(row.tax_rates),
        idle_lock_minutes=row.idle_lock_minutes,
        grid_minutes=row.grid_minutes,
        active=row.active,
    )


def _idle_problem(minutes: Any) -> str | None:
    low, high = MIN_IDLE_LOCK_MINUTES, MAX_IDLE_LOCK_MINUTES
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not low <= minutes <= high:
        return f"The idle lock must be a whole number of minutes from {low} to {high}."
    return None


def _default_country(uow: UnitOfWork, org_id: str) -> str:
    org = uow.session.get(Organisation, org_id)
    return org.default_country if org else "US"
