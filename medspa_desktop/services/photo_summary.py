"""How many clinical photos a client has, for the client's record (the photos themselves open
in the gallery, ``photo_gallery``).

Public API (off the GUI thread; result frozen):

- ``photo_summary(client_id, *, uow, actor) -> PhotoSummary``: the count and the newest
  photo's time, and whether this member of staff may open them. Practitioner, manager or
  owner (``PHOTO_VIEW``); front desk is refused, as for the photos. Not audited: no photo is
  opened (the gallery audits each opening).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.chart_access import treats_or_booked
from medspa_desktop.services.client_rules import get_client
from medspa_desktop.store.models import Photo
from medspa_desktop.store.uow import UnitOfWork


@dataclass(frozen=True)
class PhotoSummary:
    client_id: str
    count: int
    latest_taken_at: dt.datetime | None
    may_open: bool
    """False for a practitioner who neither treats the client nor is booked with them
    (``photo_access``): the gallery would refuse them."""


def photo_summary(client_id: str, *, uow: UnitOfWork, actor: Actor) -> PhotoSummary:
    authorize(uow, actor, Action.PHOTO_VIEW, entity="client", entity_id=client_id)
    client = get_client(uow, client_id, actor.org_id)
    count, latest = uow.session.execute(
        select(func.count(Photo.id), func.max(Photo.taken_at)).where(
            Photo.client_id == client.id,
            Photo.org_id == actor.org_id,
            Photo.deleted.is_(False),
        )
    ).one()
    may_open = actor.role is not Role.PRACTITIONER or treats_or_booked(
        uow, actor.staff_id, client.id
    )
    return PhotoSummary(client.id, int(count), latest, may_open)
