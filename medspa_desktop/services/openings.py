"""Free times to offer: the availability engine over the store's facts.

Public API (off the GUI thread; results are frozen):

- ``FindOpenings(location_id, service_ids, first_day, last_day, staff_id=None)`` ->
  ``find_openings(query, *, uow, actor) -> Openings``: for one service, every free start
  with each practitioner free then; for several services, back-to-back visits (one per
  start). ``staff_id`` None means any qualified practitioner.
- ``openings_for(session, location, service_ids, first_day, last_day, *, staff_id, online,
  now)``: the same without a staff member (the server's online booking page), ``online``
  applying the location's notice and horizon.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.availability import VisitSlot, find_slots, find_visit_slots
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.services.schedule_facts import get_location, load_schedule, service_needs
from medspa_desktop.store.models import Location, ServiceItem, Staff
from medspa_desktop.store.uow import UnitOfWork

MAX_DAYS = 31


@dataclass(frozen=True)
class FindOpenings:
    location_id: str
    service_ids: tuple[str, ...]
    first_day: dt.date
    last_day: dt.date
    staff_id: str | None = None


@dataclass(frozen=True)
class Openings:
    time_zone: str
    visits: tuple[VisitSlot, ...]
    """One per free start (one leg each for a single service: every practitioner free at a
    start gets a visit of their own)."""
    staff_names: dict[str, str]


def find_openings(query: FindOpenings, *, uow: UnitOfWork, actor: Actor) -> Openings:
    authorize(uow, actor, Action.APPOINTMENT_VIEW, entity="appointment")
    location = get_location(uow.session, query.location_id, actor.org_id)
    return openings_for(
        uow.session,
        location,
        query.service_ids,
        query.first_day,
        query.last_day,
        staff_id=query.staff_id,
        online=False,
        now=dt.datetime.now(dt.UTC),
    )


def openings_for(
    session: Session,
    location: Location,
    service_ids: tuple[str, ...],
    first_day: dt.date,
    last_day: dt.date,
    *,
    staff_id: str | None,
    online: bool,
    now: dt.datetime,
) -> Openings:
    if not service_ids:
        raise ValidationError({"service_ids": "Choose at least one service."})
    if not 0 <= (last_day - first_day).days < MAX_DAYS:
        raise ValidationError({"last_day": f"Search at most {MAX_DAYS} days at a time."})
    schedule = load_schedule(session, location, first_day, last_day, online=online)
    needs = [
        service_needs(session, _service(session, service_id, location.org_id), location.id)
        for service_id in service_ids
    ]
    if len(needs) == 1:
        slots = find_slots(
            schedule, needs[0], first_day=first_day, last_day=last_day, now=now, staff_id=staff_id
        )
        visits = tuple(VisitSlot((slot,)) for slot in slots)
    else:
        legs = [(need, staff_id if n == 0 else None) for n, need in enumerate(needs)]
        visits = tuple(
            find_visit_slots(schedule, legs, first_day=first_day, last_day=last_day, now=now)
        )
    people = {leg.staff_id for visit in visits for leg in visit.legs}
    rows = session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(sorted(people))))
    names = {staff_id: name for staff_id, name in rows}
    return Openings(location.time_zone, visits, names)


def _service(session: Session, service_id: str, org_id: str) -> ServiceItem:
    row = session.get(ServiceItem, service_id)
    if row is None or row.deleted or not row.active or row.org_id != org_id:
        raise NotFound("That service is no longer on the menu. Choose another service.")
    return row
