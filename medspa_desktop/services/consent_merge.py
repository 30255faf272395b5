"""Filling in a consent's merge fields for one client, appointment and moment.

Public API (the caller's unit of work; one thread):

- ``occasion_of(uow, actor, client_id, appointment_id) -> Occasion``: the client, the
  appointment (when the consent is for one) and the clinic's time zone.
- ``signed_wording(uow, occasion, template, version, at) -> Wording``: the version's body
  with ``{client_name}`` (legal first and last name), ``{service}`` (the appointment's
  treatment, else the form's service category, else the form's name), ``{practitioner}``
  (the appointment's practitioner; without an appointment this field cannot be filled) and
  ``{date}`` (the local date of ``at``), parsed into blocks and canonical plain text.
- ``local_time_text(at, zone)``: ``12 March 2025, 14:05 (America/New_York)``.
Raises ``ValidationError`` naming the command field to fix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.consent_record import long_date
from medspa_desktop.domain.consent_text import (
    Block,
    MergeFieldError,
    RichTextError,
    merge_fields_in,
    parse_rich_text,
    plain_text,
    render_merge,
    unprintable_characters,
)
from medspa_desktop.services.client_rules import get_client
from medspa_desktop.services.common import device_location_id
from medspa_desktop.services.consent_rows import staff_name
from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.store.models import (
    Appointment,
    Client,
    ConsentTemplate,
    ConsentTemplateVersion,
    Location,
    ServiceCategory,
    ServiceItem,
)
from medspa_desktop.store.uow import UnitOfWork


@dataclass(frozen=True)
class Occasion:
    client: Client
    appointment: Appointment | None
    zone: ZoneInfo

    @property
    def client_name(self) -> str:
        return " ".join(f"{self.client.first_name} {self.client.last_name}".split())


@dataclass(frozen=True)
class Wording:
    blocks: tuple[Block, ...]
    text: str
    """The canonical plain text (``consent_text.plain_text``)."""


def occasion_of(
    uow: UnitOfWork, actor: Actor, client_id: str, appointment_id: str | None
) -> Occasion:
    client = get_client(uow, client_id, actor.org_id)
    appointment = _appointment(uow, actor, client.id, appointment_id)
    location_id = (
        appointment.location_id if appointment else actor.location_id or device_location_id(uow)
    )
    return Occasion(client, appointment, _zone(uow, location_id))


def signed_wording(
    uow: UnitOfWork,
    occasion: Occasion,
    template: ConsentTemplate,
    version: ConsentTemplateVersion,
    at: dt.datetime,
) -> Wording:
    values = {
        field: _value(uow, field, occasion, template, at) for field in merge_fields_in(version.body)
    }
    try:
        blocks = parse_rich_text(render_merge(version.body, values))
    except (MergeFieldError, RichTextError) as err:
        raise ValidationError({"template_version_id": str(err)}) from err
    text = plain_text(blocks)
    odd = unprintable_characters(text)
    if odd:
        message = f"These characters cannot be printed on the consent: {' '.join(odd)}"
        raise ValidationError({"client_id": message})
    return Wording(blocks, text)


def local_time_text(at: dt.datetime, zone: ZoneInfo) -> str:
    local = at.astimezone(zone)
    return f"{long_date(local.date())}, {local:%H:%M} ({zone.key})"


def _value(
    uow: UnitOfWork, field: str, occasion: Occasion, template: ConsentTemplate, at: dt.datetime
) -> str:
    appointment = occasion.appointment
    if field == "client_name":
        return occasion.client_name
    if field == "date":
        return long_date(at.astimezone(occasion.zone).date())
    if field == "practitioner":
        if appointment is None:
            message = "This consent names the practitioner: choose the appointment it is for."
            raise ValidationError({"appointment_id": message})
        return staff_name(uow, appointment.staff_id)
    return _service_name(uow, appointment, template)


def _service_name(
    uow: UnitOfWork, appointment: Appointment | None, template: ConsentTemplate
) -> str:
    service = uow.session.get(ServiceItem, appointment.service_id) if appointment else None
    if service is not None:
        return service.name
    category_id = template.service_category_id
    category = uow.session.get(ServiceCategory, category_id) if category_id else None
    return category.name if category is not None else template.name


def _appointment(
    uow: UnitOfWork, actor: Actor, client_id: str, appointment_id: str | None
) -> Appointment | None:
    if appointment_id is None:
        return None
    row = uow.session.get(Appointment, appointment_id)
    if row is None or row.deleted or row.org_id != actor.org_id:
        raise NotFound("That appointment no longer exists. Open the client's visits again.")
    if row.client_id != client_id:
        raise ValidationError({"appointment_id": "That appointment is another client's."})
    return row


def _zone(uow: UnitOfWork, location_id: str | None) -> ZoneInfo:
    location = uow.session.get(Location, location_id) if location_id else None
    try:
        return ZoneInfo(location.time_zone) if location else ZoneInfo("UTC")
    except ZoneInfoNotFoundError:
        return ZoneInfo("UTC")
