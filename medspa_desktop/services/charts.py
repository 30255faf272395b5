"""Charting an appointment: start the chart, save drafts, reconcile sibling versions, and add
addenda once it is signed (signing is ``services/chart_sign.py``).

Public API (off the GUI thread; results are frozen):

- ``StartChart(appointment_id, template_code=None)`` ->
  ``start_chart(cmd, *, uow, actor) -> ChartStarted``: the appointment's chart (made once;
  later calls return it) on the template of the service's category, with the warnings to show
  first. Refused, naming the consent, while a consent the service requires is missing,
  expired or withdrawn.
- ``SaveChart(chart_id, body, parent_version_id)`` -> ``save_chart(cmd, *, uow, actor)
  -> SavedChart``: a new version edited from ``parent_version_id``. A version saved from a
  parent that was already edited elsewhere is kept as a sibling (``SavedChart.sibling_ids``).
- ``ReconcileChart(chart_id, body, parent_version_ids)`` -> ``reconcile_siblings(...)``: one
  version replacing the chosen sibling versions.
- ``AddAddendum(chart_id, text)`` -> ``add_addendum(cmd, *, uow, actor) -> AddendumAdded``.

A signed chart refuses every change but addenda. Bodies are checked against the chart's
template version (``ValidationError.field_errors`` by field key); drafts may leave required
fields empty. Nothing of a chart's content is ever logged or put in the audit log.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.chart_versions import ADDENDUM, VERSION, heads
from medspa_desktop.domain.sync_policy import CHART_LOCKED_STATUS
from medspa_desktop.services.authz import refuse_by_rule
from medspa_desktop.services.booking_rules import get_appointment
from medspa_desktop.services.chart_access import (
    CHART_ENTITY,
    authorize_chart,
    authorize_client_charts,
    get_chart,
    staff_names,
)
from medspa_desktop.services.chart_checks import (
    PreChartWarnings,
    audit_medical_read,
    blocking_message,
    warnings_for,
)
from medspa_desktop.services.chart_read import node_of, version_rows
from medspa_desktop.services.chart_rules import (
    append_version,
    checked_body,
    refuse_if_signed,
    show_version,
)
from medspa_desktop.services.chart_templates import template_for_chart
from medspa_desktop.services.common import now
from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.services.writes import save_new
from medspa_desktop.store.models import Appointment, Chart, ServiceCategory, ServiceItem
from medspa_desktop.store.uow import UnitOfWork

_CHART_IDS = uuid.UUID("5b1f3c0e-2a4d-4f7e-8d8e-9c3b1a6f0d27")
MAX_ADDENDUM = 20_000
CHOOSE_SIBLINGS = "Choose two or more of the chart's sibling versions to reconcile."


@dataclass(frozen=True)
class StartChart:
    appointment_id: str
    template_code: str | None = None
    """A template other than the one of the service's category (``soap`` ...)."""


@dataclass(frozen=True)
class SaveChart:
    chart_id: str
    body: Mapping[str, Any]
    parent_version_id: str | None
    """The version the practitioner edited (``None`` for the first save)."""


@dataclass(frozen=True)
class ReconcileChart:
    chart_id: str
    body: Mapping[str, Any]
    parent_version_ids: tuple[str, ...]
    """The sibling versions this one replaces."""


@dataclass(frozen=True)
class AddAddendum:
    chart_id: str
    text: str


@dataclass(frozen=True)
class ChartStarted:
    chart_id: str
    template_code: str
    template_version_id: str
    created: bool
    warnings: PreChartWarnings


@dataclass(frozen=True)
class SavedChart:
    chart_id: str
    version_id: str
    content_hash: str
    sibling_ids: tuple[str, ...]
    """Other current versions of the chart: when not empty, reconcile before signing."""


@dataclass(frozen=True)
class AddendumAdded:
    chart_id: str
    version_id: str
    author_id: str
    author_name: str
    at: dt.datetime


def chart_id_for(appointment_id: str) -> str:
    # NOTE: derived from the appointment, so a chart started on two devices offline is one
    # chart once they sync, and its versions become siblings instead of two charts.
    return str(uuid.uuid5(_CHART_IDS, appointment_id))


def start_chart(cmd: StartChart, *, uow: UnitOfWork, actor: Actor) -> ChartStarted:
    appointment = get_appointment(uow, cmd.appointment_id, actor.org_id)
    authorize_client_charts(uow, actor, Action.CHART_WRITE, appointment.client_id)
    chart = uow.session.get(Chart, chart_id_for(appointment.id))
    created = chart is None
    if chart is None:
        warnings = _may_start(uow, actor, appointment)
        chart = _new_chart(uow, actor, appointment, cmd.template_code)
    elif chart.deleted:
        raise NotFound("This appointment's chart was removed. Ask a manager.")
    else:
        # NOTE: a consent withdrawn or expired after the treatment began stops the next
        # treatment, never the reading or finishing of this one's record: it is shown.
        warnings = warnings_for(uow, appointment)
    audit_medical_read(uow, actor, appointment.client_id)
    uow.commit()
    return ChartStarted(
        chart.id, chart.template_code, chart.template_version_id or "", created, warnings
    )


def save_chart(cmd: SaveChart, *, uow: UnitOfWork, actor: Actor) -> SavedChart:
    chart = _writable(uow, actor, cmd.chart_id, Action.CHART_WRITE)
    rows = version_rows(uow, chart.id)
    known = {row.id for row in rows if row.kind == VERSION}
    if cmd.parent_version_id is not None and cmd.parent_version_id not in known:
        raise ValidationError({"parent_version_id": "This chart changed; open it again."})
    body = checked_body(uow, chart, cmd.body, complete=False)
    version = append_version(
        uow, actor, chart, body, parent_id=cmd.parent_version_id, action=Action.CHART_WRITE
    )
    show_version(uow, actor, chart, version, Action.CHART_WRITE)
    uow.commit()
    return _saved(uow, chart, version.id)


def reconcile_siblings(cmd: ReconcileChart, *, uow: UnitOfWork, actor: Actor) -> SavedChart:
    chart = _writable(uow, actor, cmd.chart_id, Action.CHART_WRITE)
    tops = {n.id for n in heads(map(node_of, version_rows(uow, chart.id)))}
    chosen = list(dict.fromkeys(cmd.parent_version_ids))
    if len(chosen) < 2 or not set(chosen) <= tops:
        raise ValidationError({"parent_version_ids": CHOOSE_SIBLINGS})
    body = checked_body(uow, chart, cmd.body, complete=False)
    version = append_version(
        uow,
        actor,
        chart,
        body,
        parent_id=chosen[0],
        merged_ids=tuple(chosen[1:]),
        action=Action.CHART_WRITE,
    )
    show_version(uow, actor, chart, version, Action.CHART_WRITE)
    uow.commit()
    return _saved(uow, chart, version.id)


def add_addendum(cmd: AddAddendum, *, uow: UnitOfWork, actor: Actor) -> AddendumAdded:
    chart = get_chart(uow, cmd.chart_id, actor.org_id)
    authorize_chart(uow, actor, Action.CHART_ADDENDUM, chart)
    if chart.status != CHART_LOCKED_STATUS:
        refuse_by_rule(
            uow,
            actor,
            Action.CHART_ADDENDUM,
            "This chart is not signed yet; change the chart itself.",
            entity=CHART_ENTITY,
            entity_id=chart.id,
        )
    text = cmd.text.strip()
    if not text or len(text) > MAX_ADDENDUM:
        raise ValidationError({"text": f"Write the addendum (up to {MAX_ADDENDUM} characters)."})
    version = append_version(
        uow,
        actor,
        chart,
        {"text": text},
        parent_id=chart.current_version_id,
        kind=ADDENDUM,
        action=Action.CHART_ADDENDUM,
    )
    uow.commit()
    name = staff_names(uow, [actor.staff_id]).get(actor.staff_id, actor.display_name)
    return AddendumAdded(chart.id, version.id, actor.staff_id, name, version.at)


def _may_start(uow: UnitOfWork, actor: Actor, appointment: Appointment) -> PreChartWarnings:
    """The warnings to show; refuses (audited) a cancelled visit or a missing consent."""
    warnings = warnings_for(uow, appointment)
    if appointment.status in (st.CANCELLED, st.NO_SHOW):
        message = "This appointment was cancelled or missed, so it has no treatment to chart."
    elif warnings.blocking:
        message = blocking_message(warnings)
    else:
        return warnings
    refuse_by_rule(
        uow, actor, Action.CHART_WRITE, message, entity="appointment", entity_id=appointment.id
    )


def _writable(uow: UnitOfWork, actor: Actor, chart_id: str, action: Action) -> Chart:
    chart = get_chart(uow, chart_id, actor.org_id)
    authorize_chart(uow, actor, action, chart)
    refuse_if_signed(uow, actor, chart, action)
    return chart


def _new_chart(
    uow: UnitOfWork, actor: Actor, appointment: Appointment, template_code: str | None
) -> Chart:
    template, version = template_for_chart(uow, actor, template_code, _category(uow, appointment))
    values: dict[str, Any] = {
        "appointment_id": appointment.id,
        "client_id": appointment.client_id,
        "staff_id": appointment.staff_id,
        "template_code": template.code,
        "template_version_id": version.id,
        "status": "draft",
        "created_at": now(),
    }
    chart = Chart(id=chart_id_for(appointment.id), org_id=actor.org_id, **values)
    save_new(
        uow, actor, chart, values, entity=CHART_ENTITY, action=Action.CHART_WRITE, commit=False
    )
    return chart


def _category(uow: UnitOfWork, appointment: Appointment) -> str:
    service = uow.session.get(ServiceItem, appointment.service_id)
    category = uow.session.get(ServiceCategory, service.category_id) if service else None
    return category.code if category else ""


def _saved(uow: UnitOfWork, chart: Chart, version_id: str) -> SavedChart:
    rows = version_rows(uow, chart.id)
    saved = next(row for row in rows if row.id == version_id)
    others = tuple(n.id for n in heads(map(node_of, rows)) if n.id != version_id)
    return SavedChart(chart.id, version_id, saved.content_hash, others)
