"""The organisation's own details: name, currency, and the country phone numbers default to.

Public API:

- ``get_organisation(*, uow, actor) -> OrganisationInfo``: any logged-in role (screens need
  the currency and the clinic name).
- ``UpdateOrganisation(name=UNCHANGED, currency=..., default_country=...)`` ->
  ``update_organisation(cmd, *, uow, actor) -> OrganisationInfo`` (owner only).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.validation import currency_problem, field_errors, required_text
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.common import UNCHANGED, Keep, changes_of
from medspa_desktop.services.contact import country_problem
from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.services.writes import save_changes
from medspa_desktop.store.models import Organisation
from medspa_desktop.store.uow import UnitOfWork

FIELDS = ("name", "currency", "default_country")


@dataclass(frozen=True)
class OrganisationInfo:
    id: str
    name: str
    currency: str
    default_country: str


@dataclass(frozen=True)
class UpdateOrganisation:
    name: str | Keep = UNCHANGED
    currency: str | Keep = UNCHANGED
    default_country: str | Keep = UNCHANGED


def get_organisation(*, uow: UnitOfWork, actor: Actor) -> OrganisationInfo:
    return _info(_organisation(uow, actor))


def update_organisation(
    cmd: UpdateOrganisation, *, uow: UnitOfWork, actor: Actor
) -> OrganisationInfo:
    authorize(uow, actor, Action.ORGANISATION_EDIT, entity="organisation", entity_id=actor.org_id)
    org = _organisation(uow, actor)
    values = _cleaned(changes_of(cmd, FIELDS))
    save_changes(uow, actor, org, values, entity="organisation", action=Action.ORGANISATION_EDIT)
    return _info(org)


def _cleaned(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    checks: dict[str, str | None] = {}
    if "name" in values:
        checks["name"] = required_text(values["name"], "clinic name", max_length=200)
        cleaned["name"] = values["name"].strip()
    if "currency" in values:
        cleaned["currency"] = values["currency"].strip().upper()
        checks["currency"] = currency_problem(cleaned["currency"])
    if "default_country" in values:
        checks["default_country"] = country_problem(values["default_country"])
        cleaned["default_country"] = values["default_country"].strip().upper()
    errors = field_errors(checks)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _organisation(uow: UnitOfWork, actor: Actor) -> Organisation:
    org = uow.session.get(Organisation, actor.org_id)
    if org is None or org.deleted:
        raise NotFound("This device's organisation is missing. Sync, or set the device up again.")
    return org


def _info(org: Organisation) -> OrganisationInfo:
    return OrganisationInfo(org.id, org.name, org.currency, org.default_country)
