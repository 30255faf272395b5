"""Reading charts: open one (audited), and list a client's charts without their content.

Public API (off the GUI thread; results are frozen, never ORM rows):

- ``chart_view(chart_id, *, uow, actor) -> ChartView``: the version shown, sibling versions
  to reconcile, addenda, the template and injection totals. Every opening is audited
  (``chart.view``); practitioners only for clients they treat or are booked with.
- ``charts_of_client(client_id, *, uow, actor) -> tuple[ChartListing, ...]``: every role;
  date, service, practitioner, status and number of addenda only, newest first, so front
  desk sees a chart exists.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.chart_body import lot_ids
from medspa_desktop.domain.chart_injections import InjectionTotals, injection_totals
from medspa_desktop.domain.chart_template import TemplateSchema
from medspa_desktop.domain.chart_versions import ADDENDUM, VersionNode, current_and_siblings
from medspa_desktop.domain.sync_policy import CHART_LOCKED_STATUS
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.chart_access import (
    CHART_ENTITY,
    authorize_chart,
    get_chart,
    staff_names,
)
from medspa_desktop.services.chart_lots import lots_by_id, product_label
from medspa_desktop.services.chart_templates import schema_of
from medspa_desktop.services.client_rules import get_client
from medspa_desktop.store.models import Appointment, Chart, ChartVersion, ServiceItem
from medspa_desktop.store.uow import UnitOfWork

UNKNOWN_PRODUCT = "Product not on this computer yet"


@dataclass(frozen=True)
class ChartVersionView:
    id: str
    parent_version_id: str | None
    merged_version_ids: tuple[str, ...]
    kind: str
    body: Mapping[str, Any]
    author_id: str
    author_name: str
    at: dt.datetime
    signed: bool
    content_hash: str


@dataclass(frozen=True)
class ChartView:
    chart_id: str
    appointment_id: str | None
    client_id: str
    staff_id: str
    practitioner_name: str
    template_code: str
    template_version_id: str | None
    template: TemplateSchema
    status: str
    signed_at: dt.datetime | None
    signed_by_name: str
    current: ChartVersionView | None
    """The version shown; ``None`` before the first save."""
    siblings: tuple[ChartVersionView, ...]
    """Other versions edited from the same one on another device: on a draft, to reconcile
    before signing; on a signed chart, drafts that missed the signature (not part of it) and,
    should it have been signed on two devices offline, the later signed version."""
    addenda: tuple[ChartVersionView, ...]
    totals: Mapping[str, InjectionTotals]
    """Injection totals of the version shown, by injection-map field key."""

    @property
    def needs_reconciling(self) -> bool:
        return self.status != CHART_LOCKED_STATUS and bool(self.siblings)


@dataclass(frozen=True)
class ChartListing:
    chart_id: str
    appointment_id: str | None
    date: dt.datetime
    practitioner_name: str
    status: str
    service_name: str = ""
    """The booked service (``""`` for a chart without an appointment)."""
    addenda: int = 0


def chart_view(chart_id: str, *, uow: UnitOfWork, actor: Actor) -> ChartView:
    chart = get_chart(uow, chart_id, actor.org_id)
    authorize_chart(uow, actor, Action.CHART_VIEW, chart)
    schema = schema_of(uow, chart.template_version_id)
    rows = version_rows(uow, chart.id)
    shown, others = current_and_siblings(map(node_of, rows), chart.current_version_id)
    by_id = {row.id: row for row in rows}
    names = staff_names(uow, [chart.staff_id, chart.signed_by, *(r.author_id for r in rows)])
    current = by_id[shown.id] if shown else None
    record_audit(
        uow, actor, Action.CHART_VIEW, entity=CHART_ENTITY, entity_id=chart.id, outcome="ok"
    )
    uow.commit()
    return ChartView(
        chart_id=chart.id,
        appointment_id=chart.appointment_id,
        client_id=chart.client_id,
        staff_id=chart.staff_id,
        practitioner_name=names.get(chart.staff_id, ""),
        template_code=chart.template_code,
        template_version_id=chart.template_version_id,
        template=schema,
        status=chart.status,
        signed_at=chart.signed_at,
        signed_by_name=names.get(chart.signed_by or "", ""),
        current=_view(current, names) if current else None,
        siblings=tuple(_view(by_id[n.id], names) for n in others),
        addenda=tuple(_view(r, names) for r in rows if r.kind == ADDENDUM),
        totals=_totals(uow, schema, current.body if current else {}),
    )


def charts_of_client(client_id: str, *, uow: UnitOfWork, actor: Actor) -> tuple[ChartListing, ...]:
    authorize(uow, actor, Action.CHART_LIST, entity=CHART_ENTITY)
    get_client(uow, client_id, actor.org_id)
    rows = uow.session.execute(
        select(Chart, Appointment.starts_at, ServiceItem.name)
        .outerjoin(Appointment, Appointment.id == Chart.appointment_id)
        .outerjoin(ServiceItem, ServiceItem.id == Appointment.service_id)
        .where(Chart.client_id == client_id, Chart.org_id == actor.org_id)
        .where(Chart.deleted.is_(False))
    ).all()
    names = staff_names(uow, (chart.staff_id for chart, _, _ in rows))
    addenda = _addenda_counts(uow, [chart.id for chart, _, _ in rows])
    listings = sorted(
        (
            ChartListing(
                chart.id,
                chart.appointment_id,
                starts_at or chart.created_at,
                names.get(chart.staff_id, ""),
                chart.status,
                service_name or "",
                addenda.get(chart.id, 0),
            )
            for chart, starts_at, service_name in rows
        ),
        key=lambda listing: (listing.date, listing.chart_id),
        reverse=True,
    )
    record_audit(uow, actor, Action.CHART_LIST, entity="client", entity_id=client_id, outcome="ok")
    uow.commit()
    return tuple(listings)


def _addenda_counts(uow: UnitOfWork, chart_ids: list[str]) -> dict[str, int]:
    if not chart_ids:
        return {}
    rows = uow.session.execute(
        select(ChartVersion.chart_id, func.count())
        .where(ChartVersion.chart_id.in_(chart_ids), ChartVersion.kind == ADDENDUM)
        .where(ChartVersion.deleted.is_(False))
        .group_by(ChartVersion.chart_id)
    )
    return {chart_id: count for chart_id, count in rows}


def version_rows(uow: UnitOfWork, chart_id: str) -> list[ChartVersion]:
    """Every version and addendum of the chart, oldest first."""
    return list(
        uow.session.scalars(
            select(ChartVersion)
            .where(ChartVersion.chart_id == chart_id, ChartVersion.deleted.is_(False))
            .order_by(ChartVersion.at, ChartVersion.id)
        )
    )


def node_of(row: ChartVersion) -> VersionNode:
    return VersionNode(
        id=row.id,
        parent_id=row.parent_version_id,
        merged_ids=tuple(row.merged_version_ids or ()),
        kind=row.kind,
        at=row.at,
        signed=row.signed,
    )


def _view(row: ChartVersion, names: Mapping[str, str]) -> ChartVersionView:
    return ChartVersionView(
        id=row.id,
        parent_version_id=row.parent_version_id,
        merged_version_ids=tuple(row.merged_version_ids or ()),
        kind=row.kind,
        body=MappingProxyType(copy.deepcopy(row.body)),
        author_id=row.author_id,
        author_name=names.get(row.author_id, ""),
        at=row.at,
        signed=row.signed,
        content_hash=row.content_hash,
    )


def _totals(
    uow: UnitOfWork, schema: TemplateSchema, body: Mapping[str, Any]
) -> Mapping[str, InjectionTotals]:
    products = {
        lot_id: product_label(p)
        for lot_id, (_, p) in lots_by_id(uow, lot_ids(schema, body)).items()
    }
    return MappingProxyType(
        injection_totals(schema, body, lambda lot_id: products.get(lot_id, UNKNOWN_PRODUCT))
    )
