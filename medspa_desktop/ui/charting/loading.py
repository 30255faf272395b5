"""The service calls the chart screen makes, as functions of ``(uow, actor)`` for
``AppSession.query`` / ``mutate``: they run on the database worker, never on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.chart_template import FieldKind
from medspa_desktop.services.chart_checks import PreChartWarnings
from medspa_desktop.services.chart_lots import LotChoice, chart_lot_choices
from medspa_desktop.services.chart_read import ChartView, chart_view
from medspa_desktop.services.charts import StartChart, start_chart
from medspa_desktop.services.errors import ServiceError
from medspa_desktop.store.errors import StoreError
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.charting.form import product_kind
from medspa_desktop.ui.ops import GENERIC_FAILURE, Changed, OpChanges

CHART_CHANGES = OpChanges.of(Changed.APPOINTMENTS)
"""A chart belongs to its appointment: the calendar shows whether it is charted."""


def in_words(err: BaseException) -> str:
    """A service's refusal as the chart screen says it (anything unexpected, generically)."""
    return str(err) if isinstance(err, ServiceError | StoreError) else GENERIC_FAILURE


@dataclass(frozen=True)
class OpenedChart:
    """What the chart screen shows: the chart, the lots its pickers offer, the warnings."""

    view: ChartView
    lots: Mapping[str, Sequence[LotChoice]]
    warnings: PreChartWarnings | None


def start_and_read(appointment_id: str) -> Any:
    """``start_chart`` (refused while a required consent is missing), then the chart."""

    def call(uow: UnitOfWork, actor: Actor) -> OpenedChart:
        started = start_chart(StartChart(appointment_id), uow=uow, actor=actor)
        opened = read(started.chart_id)(uow, actor)
        return OpenedChart(opened.view, opened.lots, started.warnings)

    return call


def read(chart_id: str) -> Any:
    """The chart as it is now and the lots in stock for its fields (no warnings)."""

    def call(uow: UnitOfWork, actor: Actor) -> OpenedChart:
        view = chart_view(chart_id, uow=uow, actor=actor)
        kinds = {
            product_kind(spec)
            for spec in view.template.fields().values()
            if spec.kind in (FieldKind.LOT, FieldKind.INJECTION_MAP)
        }
        lots = {
            kind: chart_lot_choices(chart_id, uow=uow, actor=actor, product_kind=kind)
            for kind in sorted(kinds)
        }
        return OpenedChart(view, lots, None)

    return call
