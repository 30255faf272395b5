"""Consent forms: templates and their numbered, immutable versions of wording.

Public API (writes audited and queued for sync; results frozen; off the GUI thread):

- ``CreateConsentTemplate(code, name, body, valid_months=None, service_category_id=None)``
  -> ``create_consent_template(cmd, *, uow, actor) -> ConsentTemplateInfo`` (version 1)
- ``AddConsentVersion(template_id, body)`` -> ``add_consent_version -> ConsentVersionText``:
  new wording is always a new version; no service edits a version, so a signed consent
  keeps the exact text it was signed on.
- ``UpdateConsentTemplate(template_id, name=, valid_months=, service_category_id=, active=)``
  -> ``update_consent_template -> ConsentTemplateInfo``. ``valid_months`` applies to
  signatures given from then on (each signed consent keeps its own ``expires_at``).
- ``list_consent_templates(*, uow, actor, include_inactive=False)`` (every role)
- ``consent_version(version_id, *, uow, actor) -> ConsentVersionText`` (who collects)
- ``consent_versions(template_id, *, uow, actor)``: every version, newest first (who collects)
- ``SetConsentServices(template_id, service_ids)`` -> ``set_consent_services -> tuple[str,
  ...]``: exactly those treatments name the form as their required consent (a treatment
  ticked here leaves the form it named before); the ids of the treatments that now do.

Managing templates: manager or owner (``CONSENT_TEMPLATE_MANAGE``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.consent_text import merge_fields_in, wording_problem
from medspa_desktop.domain.validation import field_errors, required_text, whole_number_problem
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.common import UNCHANGED, Keep, changes_of
from medspa_desktop.services.consent_rows import current_version, get_template, get_version
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.models import (
    ConsentTemplate,
    ConsentTemplateVersion,
    ServiceCategory,
    ServiceItem,
)
from medspa_desktop.store.uow import UnitOfWork

CODE = re.compile(r"[a-z0-9_]{2,40}")
MAX_VALID_MONTHS = 120
TEMPLATE_FIELDS = ("name", "valid_months", "service_category_id", "active")


@dataclass(frozen=True)
class CreateConsentTemplate:
    code: str
    name: str
    body: str
    valid_months: int | None = None
    service_category_id: str | None = None


@dataclass(frozen=True)
class AddConsentVersion:
    template_id: str
    body: str


@dataclass(frozen=True)
class UpdateConsentTemplate:
    template_id: str
    name: str | Keep = UNCHANGED
    valid_months: int | Keep | None = UNCHANGED
    service_category_id: str | Keep | None = UNCHANGED
    active: bool | Keep = UNCHANGED


@dataclass(frozen=True)
class SetConsentServices:
    template_id: str
    service_ids: tuple[str, ...]


@dataclass(frozen=True)
class ConsentTemplateInfo:
    id: str
    code: str
    name: str
    service_category_id: str | None
    valid_months: int | None
    active: bool
    current_version_id: str | None
    current_version: int


@dataclass(frozen=True)
class ConsentVersionText:
    id: str
    template_id: str
    version: int
    body: str
    merge_fields: tuple[str, ...]
    created_at: dt.datetime


def create_consent_template(
    cmd: CreateConsentTemplate, *, uow: UnitOfWork, actor: Actor
) -> ConsentTemplateInfo:
    authorize(uow, actor, Action.CONSENT_TEMPLATE_MANAGE, entity="consent_template")
    values = _cleaned(uow, actor.org_id, {"code": cmd.code, **changes_of(cmd, TEMPLATE_FIELDS)})
    problem = wording_problem(cmd.body)
    if problem:
        raise ValidationError({"body": problem})
    template = ConsentTemplate(org_id=actor.org_id, active=True, **values)
    action = Action.CONSENT_TEMPLATE_MANAGE
    save_new(uow, actor, template, values, entity="consent_template", action=action, commit=False)
    _save_version(uow, actor, template.id, 1, cmd.body)
    return template_info(uow, template)


def add_consent_version(
    cmd: AddConsentVersion, *, uow: UnitOfWork, actor: Actor
) -> ConsentVersionText:
    template = _managed_template(uow, actor, cmd.template_id)
    problem = wording_problem(cmd.body)
    if problem:
        raise ValidationError({"body": problem})
    latest = current_version(uow, template.id)
    return version_text(_save_version(uow, actor, template.id, _next(latest), cmd.body))


def update_consent_template(
    cmd: UpdateConsentTemplate, *, uow: UnitOfWork, actor: Actor
) -> ConsentTemplateInfo:
    template = _managed_template(uow, actor, cmd.template_id)
    values = _cleaned(uow, actor.org_id, changes_of(cmd, TEMPLATE_FIELDS))
    action = Action.CONSENT_TEMPLATE_MANAGE
    save_changes(uow, actor, template, values, entity="consent_template", action=action)
    return template_info(uow, template)


def list_consent_templates(
    *, uow: UnitOfWork, actor: Actor, include_inactive: bool = False
) -> tuple[ConsentTemplateInfo, ...]:
    authorize(uow, actor, Action.CONSENT_STATUS_VIEW, entity="consent_template")
    query = select(ConsentTemplate).where(
        ConsentTemplate.org_id == actor.org_id, ConsentTemplate.deleted.is_(False)
    )
    if not include_inactive:
        query = query.where(ConsentTemplate.active.is_(True))
    rows = uow.session.scalars(query.order_by(ConsentTemplate.name, ConsentTemplate.id))
    return tuple(template_info(uow, row) for row in rows)


def consent_version(version_id: str, *, uow: UnitOfWork, actor: Actor) -> ConsentVersionText:
    """One version's wording as written (merge fields not filled in), for showing or editing."""
    authorize(
        uow, actor, Action.CONSENT_COLLECT, entity="consent_template_version", entity_id=version_id
    )
    return version_text(get_version(uow, version_id, actor.org_id))


def consent_versions(
    template_id: str, *, uow: UnitOfWork, actor: Actor
) -> tuple[ConsentVersionText, ...]:
    authorize(uow, actor, Action.CONSENT_COLLECT, entity="consent_template", entity_id=template_id)
    template = get_template(uow, template_id, actor.org_id)
    rows = uow.session.scalars(
        select(ConsentTemplateVersion)
        .where(ConsentTemplateVersion.template_id == template.id)
        .where(ConsentTemplateVersion.deleted.is_(False))
        .order_by(ConsentTemplateVersion.version.desc())
    )
    return tuple(version_text(row) for row in rows)


def set_consent_services(
    cmd: SetConsentServices, *, uow: UnitOfWork, actor: Actor
) -> tuple[str, ...]:
    template = _managed_template(uow, actor, cmd.template_id)
    wanted = set(cmd.service_ids)
    services = uow.session.scalars(
        select(ServiceItem).where(
            ServiceItem.org_id == actor.org_id, ServiceItem.deleted.is_(False)
        )
    ).all()
    if wanted - {service.id for service in services}:
        message = "A treatment you chose is no longer on the menu. Open the form again."
        raise ValidationError({"service_ids": message})
    for service in services:
        names_it = service.required_consent_template_id == template.id
        if (service.id in wanted) != names_it:
            value = template.id if service.id in wanted else None
            change = {"required_consent_template_id": value}
            action = Action.CONSENT_TEMPLATE_MANAGE
            save_changes(
                uow, actor, service, change, entity="service_item", action=action, commit=False
            )
    uow.commit()
    return tuple(sorted(wanted))


def template_info(uow: UnitOfWork, row: ConsentTemplate) -> ConsentTemplateInfo:
    latest = current_version(uow, row.id)
    return ConsentTemplateInfo(
        id=row.id,
        code=row.code,
        name=row.name,
        service_category_id=row.service_category_id,
        valid_months=row.valid_months,
        active=row.active,
        current_version_id=latest.id if latest else None,
        current_version=latest.version if latest else 0,
    )


def version_text(row: ConsentTemplateVersion) -> ConsentVersionText:
    fields = merge_fields_in(row.body)
    return ConsentVersionText(
        row.id, row.template_id, row.version, row.body, fields, row.created_at
    )


def _save_version(
    uow: UnitOfWork, actor: Actor, template_id: str, number: int, body: str
) -> ConsentTemplateVersion:
    values: dict[str, Any] = {
        "template_id": template_id,
        "version": number,
        "body": body,
        "created_by": actor.staff_id,
    }
    row = ConsentTemplateVersion(org_id=actor.org_id, **values)
    action = Action.CONSENT_TEMPLATE_MANAGE
    save_new(uow, actor, row, values, entity="consent_template_version", action=action)
    return row


def _managed_template(uow: UnitOfWork, actor: Actor, template_id: str) -> ConsentTemplate:
    """The template a manager or owner is about to change (the permission checked first)."""
    authorize(
        uow, actor, Action.CONSENT_TEMPLATE_MANAGE, entity="consent_template", entity_id=template_id
    )
    return get_template(uow, template_id, actor.org_id)


def _next(latest: ConsentTemplateVersion | None) -> int:
    return latest.version + 1 if latest else 1


def _cleaned(uow: UnitOfWork, org_id: str, values: dict[str, Any]) -> dict[str, Any]:
    checks: dict[str, str | None] = {}
    if "code" in values:
        checks["code"] = _code_problem(uow, org_id, values["code"])
    if "name" in values:
        values["name"] = values["name"].strip()
        checks["name"] = required_text(values["name"], "form name", max_length=200)
    if values.get("valid_months") is not None:
        checks["valid_months"] = whole_number_problem(
            values["valid_months"], "number of months", low=1, high=MAX_VALID_MONTHS
        )
    category_id = values.get("service_category_id")
    if category_id is not None and not _category_exists(uow, org_id, category_id):
        checks["service_category_id"] = "That service category no longer exists."
    errors = field_errors(checks)
    if errors:
        raise ValidationError(errors)
    return values


def _code_problem(uow: UnitOfWork, org_id: str, code: str) -> str | None:
    if not CODE.fullmatch(code):
        return "Use 2 to 40 lower-case letters, digits or '_' for the code (e.g. 'filler')."
    taken = uow.session.scalar(
        select(ConsentTemplate.id).where(
            ConsentTemplate.org_id == org_id, ConsentTemplate.code == code
        )
    )
    return "A consent form with this code exists already." if taken else None


def _category_exists(uow: UnitOfWork, org_id: str, category_id: str) -> bool:
    row = uow.session.get(ServiceCategory, category_id)
    return row is not None and not row.deleted and row.org_id == org_id
