"""The room or machine a move asks for (a card dropped in another room's column), checked
against what the service needs before the availability check looks at its time.

Public API: ``asked_places(uow, service, location, room_id=..., machine_id=...)`` ->
``(room_id, machine_id)``, None where nothing was asked. Raises ``ValidationError`` for a
room or machine of the wrong kind, one the service does not use, or one not in use at the
location: no manager override books a laser treatment in a facial room. Inside the
caller's unit of work.
"""

from __future__ import annotations

from medspa_desktop.services.common import UNCHANGED, Keep
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.store.models import Location, Machine, Room, ServiceItem
from medspa_desktop.store.uow import UnitOfWork


def asked_places(
    uow: UnitOfWork,
    service: ServiceItem,
    location: Location,
    *,
    room_id: str | Keep = UNCHANGED,
    machine_id: str | Keep = UNCHANGED,
) -> tuple[str | None, str | None]:
    """The room and machine asked for, each of the kind ``service`` needs (None: not asked)."""
    room = machine = None
    if room_id is not UNCHANGED:
        found = uow.session.get(Room, room_id) if room_id else None
        room = _checked(found, "room", service, location, service.required_room_kind)
    if machine_id is not UNCHANGED:
        found_machine = uow.session.get(Machine, machine_id) if machine_id else None
        kind = service.required_machine_kind
        machine = _checked(found_machine, "machine", service, location, kind)
    return room, machine


def _checked(
    row: Room | Machine | None,
    holder: str,
    service: ServiceItem,
    location: Location,
    kind: str | None,
) -> str:
    field = f"{holder}_id"
    if row is None or row.deleted or not row.active or row.location_id != location.id:
        raise ValidationError({field: f"That {holder} is not in use at this location."})
    if kind is None:
        message = f"{service.name} uses no {holder}, so it cannot be put in {row.name}."
        raise ValidationError({field: message})
    if row.kind != kind:
        needs = f"{service.name} needs {_kind_words(kind, holder)}"
        message = f"{row.name} is {_kind_words(row.kind, holder)}; {needs}."
        raise ValidationError({field: message})
    return row.id


def _kind_words(kind: str, holder: str) -> str:
    """``("laser", "room")`` → ``"a laser room"``; ``("ipl", "machine")`` → ``"an ipl machine"``."""
    words = f"{kind.replace('_', ' ')} {holder}"
    return f"an {words}" if words[:1] in "aeiou" else f"a {words}"
