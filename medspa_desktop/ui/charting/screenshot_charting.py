"""Screenshot scenes of charting: a filler treatment charted beside the chair (the lot
chosen, four points tapped on the face with their amounts and the totals beside them), and,
where the demo has one, a visit whose required consent is missing (the refusal alone).

NOTE: like checkout's scenes these change the demo clinic's data: the chart is started
and stays a draft. Main thread of ``medspa screenshots``; the appointments are found by
reading the store directly, as a scene may (no screen is waiting on it).
"""

from __future__ import annotations

from sqlalchemy import select

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.domain.signature import Signature, SignaturePoint
from medspa_desktop.reports.consent_pdf import CONSENT_PRINTER
from medspa_desktop.services.chart_checks import warnings_for
from medspa_desktop.services.consent_collect import CollectConsent, collect_consent
from medspa_desktop.store.models import (
    Appointment,
    Client,
    ConsentTemplateVersion,
    ServiceCategory,
    ServiceItem,
)
from medspa_desktop.ui.charting.dialog import ChartDialog, open_chart
from medspa_desktop.ui.charting.fields import ChoiceField, LotField
from medspa_desktop.ui.charting.injection_field import InjectionMapField
from medspa_desktop.ui.main_window import MainWindow
from medspa_desktop.ui.shooter import Shooter

POINTS = ((0.45, 0.69, 0.5), (0.55, 0.69, 0.5), (0.30, 0.55, 1.0), (0.70, 0.55, 1.0))
"""Lips left and right, both cheeks: (x, y, mL)."""


def charting_scenes(shot: Shooter, window: MainWindow) -> None:
    """The charting scenes over ``window`` (a manager logged in, the demo clinic)."""
    ready, refused = _filler_visits(window)
    if refused is not None:
        dialog = _open(shot, window, refused)
        shot.shoot("chart-refused-consent", window, dialog)
        dialog.reject()
        if ready is None:  # the demo's filler clients rarely signed: the client signs now
            ready = _consent_collected(window, refused)
    if ready is not None:
        dialog = _open(shot, window, ready)
        _fill_in(shot, dialog)
        shot.shoot("chart-filler", window, dialog)
        form = dialog.form
        if form is not None:
            form.reveal(form.fields.get("injection_points"))
            shot.shoot("chart-filler-face-map", window, dialog)
        dialog.reject()
    shot.settle()


def _open(shot: Shooter, window: MainWindow, appointment_id: str) -> ChartDialog:
    dialog = open_chart(window, window.session, appointment_id)
    shot.settle()
    return dialog


def _fill_in(shot: Shooter, dialog: ChartDialog) -> None:
    form = dialog.form
    if form is None:
        return
    lots = form.fields.get("syringes")
    if isinstance(lots, LotField) and lots.rows:
        lots.rows[0].pick.click()
    technique = form.fields.get("technique")
    if isinstance(technique, ChoiceField):
        technique.choose("Cannula")
    face = form.fields.get("injection_points")
    if isinstance(face, InjectionMapField):
        for x, y, amount in POINTS:
            face.add_point(x, y)
            face.set_units(amount)
        face.choose(0)
    aftercare = form.fields.get("aftercare_given")
    if isinstance(aftercare, ChoiceField):
        aftercare.choose("Yes")
    shot.settle()


def _consent_collected(window: MainWindow, appointment_id: str) -> str | None:
    """The client of ``appointment_id`` signs the consent its service requires, as at the
    desk (a drawn line for a signature); the appointment, now ready to chart."""
    session = window.session
    with session.store.uow() as uow:
        appointment = uow.session.get(Appointment, appointment_id)
        service = uow.session.get(ServiceItem, appointment.service_id) if appointment else None
        template = service.required_consent_template_id if service else None
        version = uow.session.scalars(
            select(ConsentTemplateVersion.id)
            .where(ConsentTemplateVersion.template_id == template)
            .order_by(ConsentTemplateVersion.version.desc())
        ).first()
        client = uow.session.get(Client, appointment.client_id) if appointment else None
        if appointment is None or client is None or version is None:
            return None
        line = tuple(SignaturePoint(20 + 8 * n, 60 - (n % 5) * 6, n * 0.02) for n in range(40))
        command = CollectConsent(
            client.id,
            version,
            appointment_id,
            f"{client.first_name} {client.last_name}",
            Signature(400, 120, (line,)),
        )
        collect_consent(
            command,
            uow=uow,
            actor=session.actor,
            blobs=session.store.blobs,
            printer=CONSENT_PRINTER,
        )
    return appointment_id


def _filler_visits(window: MainWindow) -> tuple[str | None, str | None]:
    """A filler visit that may be charted, and one held back by a missing consent."""
    ready = refused = None
    with window.session.store.uow() as uow:
        rows = uow.session.scalars(
            select(Appointment)
            .join(ServiceItem, ServiceItem.id == Appointment.service_id)
            .join(ServiceCategory, ServiceCategory.id == ServiceItem.category_id)
            .where(ServiceCategory.code == "filler", Appointment.deleted.is_(False))
            .where(Appointment.status.in_((st.CHECKED_IN, st.IN_TREATMENT, st.COMPLETED)))
            .order_by(Appointment.starts_at.desc())
        )
        for appointment in rows:
            blocked = bool(warnings_for(uow, appointment).blocking)
            if blocked and refused is None:
                refused = appointment.id
            elif not blocked and ready is None:
                ready = appointment.id
            if ready and refused:
                break
    return ready, refused
