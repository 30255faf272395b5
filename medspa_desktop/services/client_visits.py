"""A client's visits at a glance, for the booking dialog: the last one and the next one.

Public API (off the GUI thread; results are frozen):

- ``client_visits(client_id, *, uow, actor) -> ClientVisits``: the last completed visit and
  the next booked one (date, service, practitioner), and how many visits were completed.
  Every role that books may see it; nothing clinical is in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.appointment_status import ACTIVE, COMPLETED
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.client_rules import get_client
from medspa_desktop.services.common import now
from medspa_desktop.store.models import Appointment, ServiceItem, Staff
from medspa_desktop.store.uow import UnitOfWork


@dataclass(frozen=True)
class Visit:
    starts_at: dt.datetime
    service_name: str
    staff_name: str


@dataclass(frozen=True)
class ClientVisits:
    last: Visit | None
    next: Visit | None
    completed: int


def client_visits(client_id: str, *, uow: UnitOfWork, actor: Actor) -> ClientVisits:
    authorize(uow, actor, Action.APPOINTMENT_VIEW, entity="client", entity_id=client_id)
    client = get_client(uow, client_id, actor.org_id)
    moment = now()
    mine = (Appointment.client_id == client.id, Appointment.deleted.is_(False))
    last = _one(
        uow,
        select(*_COLUMNS)
        .where(*mine, Appointment.status == COMPLETED, Appointment.starts_at < moment)
        .order_by(Appointment.starts_at.desc()),
    )
    upcoming = _one(
        uow,
        select(*_COLUMNS)
        .where(*mine, Appointment.status.in_(ACTIVE - {COMPLETED}), Appointment.starts_at >= moment)
        .order_by(Appointment.starts_at),
    )
    count = uow.session.scalar(
        select(func.count()).select_from(Appointment).where(*mine, Appointment.status == COMPLETED)
    )
    return ClientVisits(last, upcoming, count or 0)


_COLUMNS = (Appointment.starts_at, ServiceItem.name, Staff.display_name)


def _one(uow: UnitOfWork, query: Select[dt.datetime, str, str]) -> Visit | None:
    row = uow.session.execute(
        query.join(ServiceItem, ServiceItem.id == Appointment.service_id)
        .join(Staff, Staff.id == Appointment.staff_id)
        .limit(1)
    ).first()
    if row is None:
        return None
    starts_at, service_name, staff_name = row
    return Visit(starts_at, service_name, staff_name)
