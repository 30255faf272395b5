"""Who may open which chart, and loading charts for the chart services.

The role matrix lets practitioners, managers and owners read and write charts and front desk
only see that they exist. On top of it, a practitioner works only with charts of clients they
treat or are booked with: a client with an appointment with them that was not cancelled, or
a chart of theirs. Managers and owners reach every chart.

Public API (used by ``services/chart*.py``): ``CHART_ENTITY``, ``get_chart``,
``authorize_chart``, ``authorize_client_charts``, ``treats_or_booked``, ``staff_names``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import exists, or_, select

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.services.authz import authorize, refuse
from medspa_desktop.services.errors import NotFound
from medspa_desktop.store.models import Appointment, Chart, Staff
from medspa_desktop.store.uow import UnitOfWork

CHART_ENTITY = "chart"
NOT_YOUR_CLIENT = (
    "Practitioners can open charts only of clients they treat or are booked with. "
    "Ask a manager if you need this chart."
)


def get_chart(uow: UnitOfWork, chart_id: str, org_id: str) -> Chart:
    chart = uow.session.get(Chart, chart_id)
    if chart is None or chart.deleted or chart.org_id != org_id:
        raise NotFound("That chart no longer exists. Open the client's charts again.")
    return chart


def authorize_chart(uow: UnitOfWork, actor: Actor, action: Action, chart: Chart) -> None:
    """The role may do ``action`` and, for a practitioner, the chart's client is theirs."""
    authorize_client_charts(uow, actor, action, chart.client_id, chart_id=chart.id)


def authorize_client_charts(
    uow: UnitOfWork, actor: Actor, action: Action, client_id: str, *, chart_id: str = ""
) -> None:
    """Raise ``PermissionDenied`` (audited) unless ``actor`` may do ``action`` on the charts
    of ``client_id``."""
    authorize(uow, actor, action, entity=CHART_ENTITY, entity_id=chart_id)
    if actor.role is Role.PRACTITIONER and not treats_or_booked(uow, actor.staff_id, client_id):
        refuse(uow, actor, action, NOT_YOUR_CLIENT, entity=CHART_ENTITY, entity_id=chart_id)


def treats_or_booked(uow: UnitOfWork, staff_id: str, client_id: str) -> bool:
    """The practitioner has a (not cancelled) appointment with the client or charted them."""
    booked = exists().where(
        Appointment.client_id == client_id,
        Appointment.staff_id == staff_id,
        Appointment.deleted.is_(False),
        Appointment.status != st.CANCELLED,
    )
    charted = exists().where(
        Chart.client_id == client_id,
        Chart.deleted.is_(False),
        or_(Chart.staff_id == staff_id, Chart.signed_by == staff_id),
    )
    return bool(uow.session.scalar(select(or_(booked, charted))))


def staff_names(uow: UnitOfWork, staff_ids: Iterable[str | None]) -> dict[str, str]:
    """Display names of the given staff (an unknown id is left out)."""
    wanted = sorted({s for s in staff_ids if s})
    if not wanted:
        return {}
    rows = uow.session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(wanted)))
    return {staff_id: name for staff_id, name in rows}
