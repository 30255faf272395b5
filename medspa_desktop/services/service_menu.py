"""The service menu: categories and bookable treatments (changes: manager or owner).

Public API (writes are audited and queued for sync; results are frozen):

- ``get_service_menu(*, uow, actor) -> ServiceMenu`` (every role: booking needs it)
- ``CreateServiceCategory(code, name, clinical=True, sort_order=0)`` ->
  ``create_service_category(cmd, *, uow, actor) -> ServiceCategoryInfo``
- ``UpdateServiceCategory(category_id, name=UNCHANGED, ...)`` -> ``update_service_category``
- ``CreateService(category_id, name, duration_minutes, price_minor, ...)`` ->
  ``create_service(cmd, *, uow, actor) -> ServiceInfo``
- ``UpdateService(service_id, <field>=UNCHANGED ...)`` -> ``update_service`` (``active=False``
  takes a treatment off the menu; nothing is deleted)
- ``SetQualifiedStaff(service_id, staff_ids)`` -> ``set_qualified_staff -> ServiceInfo``
Prices are integer minor units; durations and buffers whole minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.common import UNCHANGED, Keep, changes_of, stamp
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.menu_rules import (
    CATEGORY_FIELDS,
    SERVICE_FIELDS,
    ServiceCategoryInfo,
    ServiceInfo,
    ServiceMenu,
    category_info,
    cleaned_category,
    cleaned_service,
    get_category,
    get_service,
    qualified_staff_ids,
    service_info,
    staff_problem,
)
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.models import ServiceCategory, ServiceItem, ServiceQualifiedStaff
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.sync.outbox import record_mutation

__all__ = [
    "CreateService",
    "CreateServiceCategory",
    "ServiceCategoryInfo",
    "ServiceInfo",
    "ServiceMenu",
    "SetQualifiedStaff",
    "UpdateService",
    "UpdateServiceCategory",
    "create_service",
    "create_service_category",
    "get_service_menu",
    "set_qualified_staff",
    "update_service",
    "update_service_category",
]


@dataclass(frozen=True)
class CreateServiceCategory:
    code: str
    name: str
    clinical: bool = True
    sort_order: int = 0


@dataclass(frozen=True)
class UpdateServiceCategory:
    category_id: str
    name: str | Keep = UNCHANGED
    clinical: bool | Keep = UNCHANGED
    sort_order: int | Keep = UNCHANGED


@dataclass(frozen=True)
class CreateService:
    category_id: str
    name: str
    duration_minutes: int
    price_minor: int
    description: str = ""
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    tax_category: str = "service"
    required_room_kind: str | None = None
    required_machine_kind: str | None = None
    required_consent_template_id: str | None = None
    active: bool = True
    online_bookable: bool = True
    colour: str = "#8fa9c9"
    sort_order: int = 0


@dataclass(frozen=True)
class UpdateService:
    service_id: str
    category_id: str | Keep = UNCHANGED
    name: str | Keep = UNCHANGED
    duration_minutes: int | Keep = UNCHANGED
    price_minor: int | Keep = UNCHANGED
    description: str | Keep = UNCHANGED
    buffer_before_minutes: int | Keep = UNCHANGED
    buffer_after_minutes: int | Keep = UNCHANGED
    tax_category: str | Keep = UNCHANGED
    required_room_kind: str | Keep | None = UNCHANGED
    required_machine_kind: str | Keep | None = UNCHANGED
    required_consent_template_id: str | Keep | None = UNCHANGED
    active: bool | Keep = UNCHANGED
    online_bookable: bool | Keep = UNCHANGED
    colour: str | Keep = UNCHANGED
    sort_order: int | Keep = UNCHANGED


@dataclass(frozen=True)
class SetQualifiedStaff:
    service_id: str
    staff_ids: tuple[str, ...]


def get_service_menu(*, uow: UnitOfWork, actor: Actor) -> ServiceMenu:
    authorize(uow, actor, Action.SERVICE_MENU_VIEW)
    live = (ServiceCategory.org_id == actor.org_id, ServiceCategory.deleted.is_(False))
    categories = uow.session.scalars(
        select(ServiceCategory).where(*live).order_by(ServiceCategory.sort_order, "name")
    )
    services = uow.session.scalars(
        select(ServiceItem)
        .where(ServiceItem.org_id == actor.org_id, ServiceItem.deleted.is_(False))
        .order_by(ServiceItem.sort_order, ServiceItem.name)
    )
    return ServiceMenu(
        tuple(category_info(c) for c in categories),
        tuple(service_info(s, qualified_staff_ids(uow, s.id)) for s in services),
    )


def create_service_category(
    cmd: CreateServiceCategory, *, uow: UnitOfWork, actor: Actor
) -> ServiceCategoryInfo:
    authorize(uow, actor, Action.SERVICE_MENU_MANAGE, entity="service_category")
    values = cleaned_category(uow, actor.org_id, changes_of(cmd, ("code", *CATEGORY_FIELDS)))
    row = ServiceCategory(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity="service_category", action=Action.SERVICE_MENU_MANAGE)
    return category_info(row)


def update_service_category(
    cmd: UpdateServiceCategory, *, uow: UnitOfWork, actor: Actor
) -> ServiceCategoryInfo:
    authorize(
        uow, actor, Action.SERVICE_MENU_MANAGE, entity="service_category", entity_id=cmd.category_id
    )
    row = get_category(uow, cmd.category_id, actor.org_id)
    values = cleaned_category(uow, actor.org_id, changes_of(cmd, CATEGORY_FIELDS))
    save_changes(
        uow, actor, row, values, entity="service_category", action=Action.SERVICE_MENU_MANAGE
    )
    return category_info(row)


def create_service(cmd: CreateService, *, uow: UnitOfWork, actor: Actor) -> ServiceInfo:
    authorize(uow, actor, Action.SERVICE_MENU_MANAGE, entity="service_item")
    values = cleaned_service(uow, actor.org_id, changes_of(cmd, SERVICE_FIELDS))
    row = ServiceItem(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity="service_item", action=Action.SERVICE_MENU_MANAGE)
    return service_info(row, ())


def update_service(cmd: UpdateService, *, uow: UnitOfWork, actor: Actor) -> ServiceInfo:
    authorize(
        uow, actor, Action.SERVICE_MENU_MANAGE, entity="service_item", entity_id=cmd.service_id
    )
    row = get_service(uow, cmd.service_id, actor.org_id)
    values = cleaned_service(uow, actor.org_id, changes_of(cmd, SERVICE_FIELDS))
    save_changes(uow, actor, row, values, entity="service_item", action=Action.SERVICE_MENU_MANAGE)
    return service_info(row, qualified_staff_ids(uow, row.id))


def set_qualified_staff(cmd: SetQualifiedStaff, *, uow: UnitOfWork, actor: Actor) -> ServiceInfo:
    """Make ``staff_ids`` exactly the staff allowed to perform this service."""
    authorize(
        uow, actor, Action.SERVICE_MENU_MANAGE, entity="service_item", entity_id=cmd.service_id
    )
    service = get_service(uow, cmd.service_id, actor.org_id)
    problem = staff_problem(uow, actor.org_id, cmd.staff_ids)
    if problem:
        raise ValidationError({"staff_ids": problem})
    links = _links(uow, service.id)
    current = {staff_id for staff_id, link in links.items() if not link.deleted}
    wanted = set(cmd.staff_ids)
    for staff_id in sorted(wanted - current):
        if staff_id in links:
            _set_deleted(uow, links[staff_id], deleted=False)
        else:
            _add_link(uow, actor, service.id, staff_id)
    for staff_id in sorted(current - wanted):
        _set_deleted(uow, links[staff_id], deleted=True)
    if wanted != current:
        record_audit(
            uow,
            actor,
            Action.SERVICE_MENU_MANAGE,
            entity="service_item",
            entity_id=service.id,
            outcome="ok",
            detail="qualified staff changed",
        )
        uow.commit()
    return service_info(service, qualified_staff_ids(uow, service.id))


def _links(uow: UnitOfWork, service_id: str) -> dict[str, ServiceQualifiedStaff]:
    """Every link of the service, tombstones too (a link is revived, never duplicated)."""
    rows = uow.session.scalars(
        select(ServiceQualifiedStaff).where(ServiceQualifiedStaff.service_id == service_id)
    )
    return {row.staff_id: row for row in rows}


def _add_link(uow: UnitOfWork, actor: Actor, service_id: str, staff_id: str) -> None:
    link = ServiceQualifiedStaff(org_id=actor.org_id, service_id=service_id, staff_id=staff_id)
    stamp(link, uow)
    uow.session.add(link)
    uow.session.flush()
    record_mutation(
        uow,
        name="create_service_qualified_staff",
        entity="service_qualified_staff",
        entity_id=link.id,
        fields={"org_id": actor.org_id, "service_id": service_id, "staff_id": staff_id},
    )


def _set_deleted(uow: UnitOfWork, link: ServiceQualifiedStaff, *, deleted: bool) -> None:
    link.deleted = deleted
    stamp(link, uow)
    record_mutation(
        uow,
        name="update_service_qualified_staff_fields",
        entity="service_qualified_staff",
        entity_id=link.id,
        fields={"deleted": deleted},
    )
