"""Service-menu fields: validation and the frozen results of ``services/service_menu.py``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from medspa_desktop.domain.validation import (
    field_errors,
    max_length_text,
    required_text,
    whole_number_problem,
)
from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.store.models import (
    ConsentTemplate,
    ServiceCategory,
    ServiceItem,
    ServiceQualifiedStaff,
    Staff,
)
from medspa_desktop.store.uow import UnitOfWork

CATEGORY_FIELDS = ("name", "clinical", "sort_order")
SERVICE_FIELDS = (
    "category_id",
    "name",
    "duration_minutes",
    "price_minor",
    "description",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "tax_category",
    "required_room_kind",
    "required_machine_kind",
    "required_consent_template_id",
    "active",
    "online_bookable",
    "colour",
    "sort_order",
)
CODE = re.compile(r"[a-z0-9_]{2,40}")
KIND = re.compile(r"[a-z0-9_]{1,32}")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
MAX_PRICE_MINOR = 100_000_000


@dataclass(frozen=True)
class ServiceCategoryInfo:
    id: str
    code: str
    name: str
    clinical: bool
    sort_order: int


@dataclass(frozen=True)
class ServiceInfo:
    id: str
    category_id: str
    name: str
    description: str
    duration_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    price_minor: int
    tax_category: str
    required_room_kind: str | None
    required_machine_kind: str | None
    required_consent_template_id: str | None
    qualified_staff_ids: tuple[str, ...]
    active: bool
    online_bookable: bool
    colour: str
    sort_order: int


@dataclass(frozen=True)
class ServiceMenu:
    categories: tuple[ServiceCategoryInfo, ...]
    services: tuple[ServiceInfo, ...]


def get_category(uow: UnitOfWork, category_id: str, org_id: str) -> ServiceCategory:
    row = uow.session.get(ServiceCategory, category_id)
    if row is None or row.deleted or row.org_id != org_id:
        raise NotFound("That service category no longer exists. Refresh the service menu.")
    return row


def get_service(uow: UnitOfWork, service_id: str, org_id: str) -> ServiceItem:
    row = uow.session.get(ServiceItem, service_id)
    if row is None or row.deleted or row.org_id != org_id:
        raise NotFound("That service no longer exists. Refresh the service menu.")
    return row


def cleaned_category(uow: UnitOfWork, org_id: str, values: Mapping[str, Any]) -> dict[str, Any]:
    checks: dict[str, str | None] = {}
    if "code" in values:
        taken = uow.session.scalars(
            select(ServiceCategory.id).where(
                ServiceCategory.org_id == org_id, ServiceCategory.code == values["code"]
            )
        ).first()
        checks["code"] = (
            "Use 2 to 40 lower-case letters, digits or '_' for the code (e.g. 'filler')."
            if not CODE.fullmatch(values["code"])
            else ("A category with this code exists already." if taken else None)
        )
    if "name" in values:
        checks["name"] = required_text(values["name"], "category name", max_length=100)
    if "sort_order" in values:
        checks["sort_order"] = whole_number_problem(
            values["sort_order"], "sort order", low=-10_000, high=10_000
        )
    return _stripped(values, checks, ("name",))


def cleaned_service(uow: UnitOfWork, org_id: str, values: Mapping[str, Any]) -> dict[str, Any]:
    checks = _reference_checks(uow, org_id, values)
    if "name" in values:
        checks["name"] = required_text(values["name"], "service name", max_length=200)
    if "description" in values:
        checks["description"] = max_length_text(
            values["description"], "description", max_length=4000
        )
    for name, label, low, high in _NUMBERS:
        if name in values:
            checks[name] = whole_number_problem(values[name], label, low=low, high=high)
    for name, label in _KINDS:
        if values.get(name) is not None:
            checks[name] = _kind_problem(values[name], label)
    if "colour" in values and not COLOUR.fullmatch(values["colour"]):
        checks["colour"] = "Choose a colour written as # and six hex digits (#8fa9c9)."
    return _stripped(values, checks, ("name", "description"))


def _reference_checks(
    uow: UnitOfWork, org_id: str, values: Mapping[str, Any]
) -> dict[str, str | None]:
    checks: dict[str, str | None] = {}
    category_id = values.get("category_id")
    if category_id is not None and not _exists(uow, ServiceCategory, category_id, org_id):
        checks["category_id"] = "That category no longer exists. Choose another."
    template_id = values.get("required_consent_template_id")
    if template_id is not None and not _exists(uow, ConsentTemplate, template_id, org_id):
        checks["required_consent_template_id"] = "That consent form no longer exists."
    return checks


def staff_problem(uow: UnitOfWork, org_id: str, staff_ids: Sequence[str]) -> str | None:
    for staff_id in staff_ids:
        if not _exists(uow, Staff, staff_id, org_id):
            return "One of the chosen staff members no longer exists. Refresh and try again."
    return None


def qualified_staff_ids(uow: UnitOfWork, service_id: str) -> tuple[str, ...]:
    return tuple(
        uow.session.scalars(
            select(ServiceQualifiedStaff.staff_id)
            .where(
                ServiceQualifiedStaff.service_id == service_id,
                ServiceQualifiedStaff.deleted.is_(False),
            )
            .order_by(ServiceQualifiedStaff.staff_id)
        )
    )


def category_info(row: ServiceCategory) -> ServiceCategoryInfo:
    return ServiceCategoryInfo(row.id, row.code, row.name, row.clinical, row.sort_order)


def service_info(row: ServiceItem, staff_ids: tuple[str, ...]) -> ServiceInfo:
    fields = {name: getattr(row, name) for name in SERVICE_FIELDS}
    return ServiceInfo(id=row.id, qualified_staff_ids=staff_ids, **fields)


_KINDS = (
    ("tax_category", "tax category"),
    ("required_room_kind", "room kind"),
    ("required_machine_kind", "machine kind"),
)
_NUMBERS = (
    ("duration_minutes", "duration in minutes", 5, 720),
    ("buffer_before_minutes", "set-up buffer in minutes", 0, 240),
    ("buffer_after_minutes", "clean-down buffer in minutes", 0, 240),
    ("price_minor", "price in cents", 0, MAX_PRICE_MINOR),
    ("sort_order", "sort order", -10_000, 10_000),
)


def _kind_problem(kind: str, label: str) -> str | None:
    if not KIND.fullmatch(kind):
        return f"Use lower-case letters, digits or '_' for the {label} (e.g. 'laser')."
    return None


def _exists(uow: UnitOfWork, model: Any, row_id: str, org_id: str) -> bool:
    row = uow.session.get(model, row_id)
    return row is not None and not row.deleted and row.org_id == org_id


def _stripped(
    values: Mapping[str, Any], checks: dict[str, str | None], text_fields: Sequence[str]
) -> dict[str, Any]:
    errors = field_errors(checks)
    if errors:
        raise ValidationError(errors)
    return {k: v.strip() if k in text_fields else v for k, v in values.items()}
