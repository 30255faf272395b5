"""What a client's booked treatments need signed: for each upcoming visit, the consent forms
of its service (the form the service requires and the active forms of its category, as
``chart_checks`` judges them) that will not be validly signed when the visit starts.

Public API (off the GUI thread; results frozen):

- ``consents_needed(client_id, *, uow, actor) -> tuple[ConsentNeeded, ...]``: one row per
  form, for the earliest upcoming visit that needs it, earliest visit first. ``state`` is as
  of the visit's start: ``missing``, ``expired`` (also one that runs out before the visit,
  ``since`` then lies ahead) or ``withdrawn``. Every role (``CONSENT_STATUS_VIEW``): form
  names and dates only, never the wording.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.consent_record import ConsentState, consent_state
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.client_rules import get_client
from medspa_desktop.services.common import now
from medspa_desktop.services.consent_rows import forms_of_service, latest_signature
from medspa_desktop.store.models import (
    Appointment,
    ConsentTemplate,
    Location,
    ServiceItem,
)
from medspa_desktop.store.uow import UnitOfWork

ENTITY = "signed_consent"
OVER = (st.CANCELLED, st.NO_SHOW, st.COMPLETED)


@dataclass(frozen=True)
class ConsentNeeded:
    template_id: str
    template_name: str
    required: bool
    """The service requires this form: the treatment can't start without it."""
    appointment_id: str
    service_name: str
    starts_at: dt.datetime
    time_zone: str
    """The visit's location's zone, to show ``starts_at`` as the clinic reads it."""
    state: ConsentState
    since: dt.datetime | None
    """When the latest signature expired (or will expire) or was withdrawn."""


def consents_needed(client_id: str, *, uow: UnitOfWork, actor: Actor) -> tuple[ConsentNeeded, ...]:
    authorize(uow, actor, Action.CONSENT_STATUS_VIEW, entity=ENTITY)
    client = get_client(uow, client_id, actor.org_id)
    visits = uow.session.execute(
        select(Appointment, ServiceItem, Location.time_zone)
        .join(ServiceItem, ServiceItem.id == Appointment.service_id)
        .join(Location, Location.id == Appointment.location_id)
        .where(Appointment.client_id == client.id, Appointment.deleted.is_(False))
        .where(Appointment.status.not_in(OVER), Appointment.ends_at > now())
        .order_by(Appointment.starts_at, Appointment.id)
    ).all()
    needed: dict[str, ConsentNeeded] = {}
    for appointment, service, zone in visits:
        for template in forms_of_service(uow, service):
            if template.id not in needed:
                need = _need(uow, client.id, template, service, appointment, zone)
                if need is not None:
                    needed[template.id] = need
    return tuple(needed.values())


def _need(
    uow: UnitOfWork,
    client_id: str,
    template: ConsentTemplate,
    service: ServiceItem,
    appointment: Appointment,
    zone: str,
) -> ConsentNeeded | None:
    """The form's state when the visit starts; ``None`` when it will be validly signed."""
    latest = latest_signature(uow, client_id, template.id)
    state = consent_state(
        signed=latest is not None,
        withdrawn_at=latest.withdrawn_at if latest else None,
        expires_at=latest.expires_at if latest else None,
        now=appointment.starts_at,
    )
    if state is ConsentState.VALID:
        return None
    since = None
    if latest is not None:
        since = latest.withdrawn_at or latest.expires_at
    return ConsentNeeded(
        template_id=template.id,
        template_name=template.name,
        required=template.id == service.required_consent_template_id,
        appointment_id=appointment.id,
        service_name=service.name,
        starts_at=appointment.starts_at,
        time_zone=zone,
        state=state,
        since=since,
    )
