"""Rooms and machines a treatment books alongside the practitioner (changes: manager, owner).

Public API (writes audited and queued for sync; results frozen):

- ``list_rooms(location_id, *, uow, actor) -> list[RoomInfo]`` and ``list_machines(...)``:
  ``location_id=None`` lists every location's.
- ``CreateRoom(location_id, name, kind="treatment")`` -> ``create_room(cmd, *, uow, actor)``
- ``UpdateRoom(room_id, name=UNCHANGED, kind=..., active=...)`` -> ``update_room``
- ``CreateMachine(location_id, name, kind, model="", serial="")`` -> ``create_machine``
- ``UpdateMachine(machine_id, name=..., kind=..., model=..., serial=..., active=...)`` ->
  ``update_machine``
``kind`` is matched against a service's required room or machine kind (``laser`` ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.validation import field_errors, max_length_text, required_text
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.common import UNCHANGED, Keep, changes_of
from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.services.menu_rules import KIND
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.models import Location, Machine, Room
from medspa_desktop.store.uow import UnitOfWork

ROOM_FIELDS = ("location_id", "name", "kind", "active")
MACHINE_FIELDS = ("location_id", "name", "kind", "model", "serial", "active")


@dataclass(frozen=True)
class RoomInfo:
    id: str
    location_id: str
    name: str
    kind: str
    active: bool


@dataclass(frozen=True)
class MachineInfo:
    id: str
    location_id: str
    name: str
    kind: str
    model: str
    serial: str
    active: bool


@dataclass(frozen=True)
class CreateRoom:
    location_id: str
    name: str
    kind: str = "treatment"
    active: bool = True


@dataclass(frozen=True)
class UpdateRoom:
    room_id: str
    name: str | Keep = UNCHANGED
    kind: str | Keep = UNCHANGED
    active: bool | Keep = UNCHANGED


@dataclass(frozen=True)
class CreateMachine:
    location_id: str
    name: str
    kind: str
    model: str = ""
    serial: str = ""
    active: bool = True


@dataclass(frozen=True)
class UpdateMachine:
    machine_id: str
    name: str | Keep = UNCHANGED
    kind: str | Keep = UNCHANGED
    model: str | Keep = UNCHANGED
    serial: str | Keep = UNCHANGED
    active: bool | Keep = UNCHANGED


def list_rooms(location_id: str | None, *, uow: UnitOfWork, actor: Actor) -> list[RoomInfo]:
    authorize(uow, actor, Action.RESOURCE_VIEW)
    query = select(Room).where(Room.org_id == actor.org_id, Room.deleted.is_(False))
    if location_id:
        query = query.where(Room.location_id == location_id)
    return [_room(row) for row in uow.session.scalars(query.order_by(Room.name))]


def list_machines(location_id: str | None, *, uow: UnitOfWork, actor: Actor) -> list[MachineInfo]:
    authorize(uow, actor, Action.RESOURCE_VIEW)
    query = select(Machine).where(Machine.org_id == actor.org_id, Machine.deleted.is_(False))
    if location_id:
        query = query.where(Machine.location_id == location_id)
    return [_machine(row) for row in uow.session.scalars(query.order_by(Machine.name))]


def create_room(cmd: CreateRoom, *, uow: UnitOfWork, actor: Actor) -> RoomInfo:
    authorize(uow, actor, Action.RESOURCE_MANAGE, entity="room")
    values = _cleaned(uow, actor.org_id, changes_of(cmd, ROOM_FIELDS))
    row = Room(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity="room", action=Action.RESOURCE_MANAGE)
    return _room(row)


def update_room(cmd: UpdateRoom, *, uow: UnitOfWork, actor: Actor) -> RoomInfo:
    authorize(uow, actor, Action.RESOURCE_MANAGE, entity="room", entity_id=cmd.room_id)
    row = uow.session.get(Room, cmd.room_id)
    if row is None or row.deleted or row.org_id != actor.org_id:
        raise NotFound("That room no longer exists. Refresh the list of rooms.")
    values = _cleaned(uow, actor.org_id, changes_of(cmd, ROOM_FIELDS))
    save_changes(uow, actor, row, values, entity="room", action=Action.RESOURCE_MANAGE)
    return _room(row)


def create_machine(cmd: CreateMachine, *, uow: UnitOfWork, actor: Actor) -> MachineInfo:
    authorize(uow, actor, Action.RESOURCE_MANAGE, entity="machine")
    values = _cleaned(uow, actor.org_id, changes_of(cmd, MACHINE_FIELDS))
    row = Machine(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity="machine", action=Action.RESOURCE_MANAGE)
    return _machine(row)


def update_machine(cmd: UpdateMachine, *, uow: UnitOfWork, actor: Actor) -> MachineInfo:
    authorize(uow, actor, Action.RESOURCE_MANAGE, entity="machine", entity_id=cmd.machine_id)
    row = uow.session.get(Machine, cmd.machine_id)
    if row is None or row.deleted or row.org_id != actor.org_id:
        raise NotFound("That machine no longer exists. Refresh the list of machines.")
    values = _cleaned(uow, actor.org_id, changes_of(cmd, MACHINE_FIELDS))
    save_changes(uow, actor, row, values, entity="machine", action=Action.RESOURCE_MANAGE)
    return _machine(row)


def _cleaned(uow: UnitOfWork, org_id: str, values: Mapping[str, Any]) -> dict[str, Any]:
    checks: dict[str, str | None] = {}
    if "location_id" in values:
        location = uow.session.get(Location, values["location_id"])
        gone = location is None or location.deleted or location.org_id != org_id
        checks["location_id"] = "That location no longer exists. Choose another." if gone else None
    if "name" in values:
        checks["name"] = required_text(values["name"], "name", max_length=100)
    if "kind" in values and not KIND.fullmatch(values["kind"]):
        checks["kind"] = "Use lower-case letters, digits or '_' for the kind (e.g. 'laser')."
    for name, limit in (("model", 100), ("serial", 64)):
        if name in values:
            checks[name] = max_length_text(values[name], name, max_length=limit)
    errors = field_errors(checks)
    if errors:
        raise ValidationError(errors)
    text = ("name", "model", "serial")
    return {k: v.strip() if k in text else v for k, v in values.items()}


def _room(row: Room) -> RoomInfo:
    return RoomInfo(row.id, row.location_id, row.name, row.kind, row.active)


def _machine(row: Machine) -> MachineInfo:
    return MachineInfo(
        row.id, row.location_id, row.name, row.kind, row.model, row.serial, row.active
    )
