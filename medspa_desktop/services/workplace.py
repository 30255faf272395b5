"""Where this device works: the names every screen shows in its title and status bar.

Public API: ``current_workplace(*, uow, actor) -> Workplace`` for any logged-in role (the
location settings themselves stay manager-only in ``services/locations.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.organisation import get_organisation
from medspa_desktop.store.models import Location
from medspa_desktop.store.uow import UnitOfWork


@dataclass(frozen=True)
class Workplace:
    organisation: str
    location: str
    """This device's location, or ``""`` when the device has none."""
    currency: str
    default_country: str


def current_workplace(*, uow: UnitOfWork, actor: Actor) -> Workplace:
    org = get_organisation(uow=uow, actor=actor)
    location = uow.session.get(Location, actor.location_id) if actor.location_id else None
    name = location.name if location is not None and not location.deleted else ""
    return Workplace(org.name, name, org.currency, org.default_country)
