"""Inventory lots in charts: the lot picker, and checking the lots a chart names.

Public API (off the GUI thread; results are frozen):

- ``chart_lot_choices(chart_id, *, uow, actor, product_kind="injectable")
  -> tuple[LotChoice, ...]``: lots in date with stock at the chart's location, first
  expiring first (what the picker offers).
- ``lot_field_problems(uow, chart, schema, body) -> dict[field key, message]``: lots that do
  not exist, were out of date on the treatment day, are stocked elsewhere or are the wrong
  kind of product.
- ``lots_by_id(uow, lot_ids)`` and ``product_label(product)`` for totals and stock use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.chart_template import FieldKind, TemplateSchema
from medspa_desktop.services.chart_access import authorize_chart, get_chart
from medspa_desktop.services.common import device_location_id, now
from medspa_desktop.store.models import Appointment, Chart, InventoryLot, InventoryMovement, Product
from medspa_desktop.store.uow import UnitOfWork


@dataclass(frozen=True)
class LotChoice:
    lot_id: str
    product_id: str
    product_name: str
    unit: str
    lot_number: str
    expires_on: dt.date | None
    on_hand: int


def chart_lot_choices(
    chart_id: str, *, uow: UnitOfWork, actor: Actor, product_kind: str = "injectable"
) -> tuple[LotChoice, ...]:
    chart = get_chart(uow, chart_id, actor.org_id)
    authorize_chart(uow, actor, Action.CHART_WRITE, chart)
    location_id = chart_location(uow, chart) or device_location_id(uow) or ""
    on_hand = (
        select(func.coalesce(func.sum(InventoryMovement.quantity), 0))
        .where(InventoryMovement.lot_id == InventoryLot.id, InventoryMovement.deleted.is_(False))
        .scalar_subquery()
    )
    today = now().date()
    rows = uow.session.execute(
        select(InventoryLot, Product, on_hand)
        .join(Product, Product.id == InventoryLot.product_id)
        .where(InventoryLot.location_id == location_id, InventoryLot.deleted.is_(False))
        .where(Product.kind == product_kind, Product.active.is_(True))
        .where((InventoryLot.expires_on.is_(None)) | (InventoryLot.expires_on >= today))
        .order_by(InventoryLot.expires_on.is_(None), InventoryLot.expires_on, Product.name)
    )
    return tuple(
        LotChoice(
            lot.id,
            product.id,
            product_label(product),
            product.unit,
            lot.lot_number,
            lot.expires_on,
            int(left),
        )
        for lot, product, left in rows
        if left > 0
    )


def chart_location(uow: UnitOfWork, chart: Chart) -> str | None:
    appointment = _appointment(uow, chart)
    return appointment.location_id if appointment else None


def treatment_day(uow: UnitOfWork, chart: Chart) -> dt.date:
    """The day the lots were used: the appointment's (UTC) day, or today if that is later,
    so a chart signed days after the treatment is not refused for a lot that expired since."""
    appointment, today = _appointment(uow, chart), now().date()
    return min(appointment.starts_at.date(), today) if appointment else today


def _appointment(uow: UnitOfWork, chart: Chart) -> Appointment | None:
    if not chart.appointment_id:
        return None
    return uow.session.get(Appointment, chart.appointment_id)


def lots_by_id(uow: UnitOfWork, lot_ids: Iterable[str]) -> dict[str, tuple[InventoryLot, Product]]:
    wanted = sorted(set(lot_ids))
    if not wanted:
        return {}
    rows = uow.session.execute(
        select(InventoryLot, Product)
        .join(Product, Product.id == InventoryLot.product_id)
        .where(InventoryLot.id.in_(wanted))
    )
    return {lot.id: (lot, product) for lot, product in rows}


def product_label(product: Product) -> str:
    return f"{product.brand} {product.name}".strip()


def lot_field_problems(
    uow: UnitOfWork, chart: Chart, schema: TemplateSchema, body: Mapping[str, Any]
) -> dict[str, str]:
    """Per field, the first lot it names that can't be used for this chart."""
    location_id, day = chart_location(uow, chart), treatment_day(uow, chart)
    fields = {
        key: spec
        for key, spec in schema.fields().items()
        if spec.kind in (FieldKind.LOT, FieldKind.INJECTION_MAP)
    }
    named = {key: [i["lot_id"] for i in body.get(key) or ()] for key in fields}
    found = lots_by_id(uow, (lot_id for ids in named.values() for lot_id in ids))
    problems = {}
    for key, ids in named.items():
        for lot_id in ids:
            kind = fields[key].product_kind
            problem = _lot_problem(found.get(lot_id), chart.org_id, location_id, day, kind)
            if problem:
                problems[key] = f"{fields[key].label}: {problem}"
                break
    return problems


def _lot_problem(
    found: tuple[InventoryLot, Product] | None,
    org_id: str,
    location_id: str | None,
    day: dt.date,
    product_kind: str,
) -> str | None:
    if found is None or found[0].deleted or found[0].org_id != org_id:
        return "a chosen lot is not in stock records; choose it again from the list."
    lot, product = found
    if lot.expires_on is not None and lot.expires_on < day:
        return (
            f"lot {lot.lot_number} of {product_label(product)} expired on "
            f"{lot.expires_on.isoformat()}; choose a lot in date."
        )
    if location_id and lot.location_id != location_id:
        return f"lot {lot.lot_number} is stocked at another location; choose a lot from here."
    if product_kind and product.kind != product_kind:
        return f"{product_label(product)} can't be used here; choose another lot."
    return None
