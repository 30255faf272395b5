"""Screenshot scenes of kiosk mode at the tablet's size: a consent with the client's
signature drawn on the pad (not signed: the demo's data stay as they were), and the intake
questionnaire with a few answers given. Main thread of ``medspa screenshots``; the visit is
found by reading the store directly, as a scene may (no screen is waiting on it).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from medspa_desktop.store.models import Appointment
from medspa_desktop.ui.kiosk.consent_page import ConsentPage
from medspa_desktop.ui.kiosk.intake_page import IntakePage
from medspa_desktop.ui.kiosk.visit import forms_for
from medspa_desktop.ui.kiosk.window import KioskWindow
from medspa_desktop.ui.main_window import MainWindow
from medspa_desktop.ui.shooter import Shooter

LOOKED_AT = 200
"""How many of the latest visits are looked at for one with forms to sign."""


def kiosk_scenes(shot: Shooter, window: MainWindow) -> None:
    appointment_id = _visit_with_forms(window)
    if appointment_id is None:
        return
    kiosk = KioskWindow(window, window.session, appointment_id)
    kiosk.resize(shot.size)
    kiosk.show()
    shot.settle()
    shot.shoot("kiosk-welcome", kiosk)
    consent = next((p for p in kiosk.form_pages if isinstance(p, ConsentPage)), None)
    if consent is not None:
        kiosk.pages.setCurrentWidget(consent)
        shot.settle()
        _draw_signature(consent.pad.canvas)
        shot.shoot("kiosk-consent-signed", kiosk)
    intake = next((p for p in kiosk.form_pages if isinstance(p, IntakePage)), None)
    if intake is not None:
        kiosk.pages.setCurrentWidget(intake)
        for answer in list(intake.answers.values())[:2]:
            choices = list(answer.buttons)
            if choices:
                answer.set_value(choices[-1])
        shot.shoot("kiosk-intake", kiosk)
    kiosk.leaving_allowed = True  # the scene ends it; a client never can
    kiosk.close()
    kiosk.deleteLater()
    shot.settle()


def _draw_signature(canvas: QWidget) -> None:
    """A handwritten-looking line, as mouse events (the pad records them like a finger)."""
    width, height = canvas.width(), canvas.height()
    points = [
        QPointF(width * (0.12 + 0.012 * i), height * (0.55 - 0.18 * math.sin(i / 2.5)))
        for i in range(40)
    ]
    kinds = [QEvent.Type.MouseButtonPress] + [QEvent.Type.MouseMove] * 38
    kinds.append(QEvent.Type.MouseButtonRelease)
    for kind, point in zip(kinds, points, strict=True):
        buttons = Qt.MouseButton.NoButton if kind == kinds[-1] else Qt.MouseButton.LeftButton
        event = QMouseEvent(
            kind, point, canvas.mapToGlobal(point), Qt.MouseButton.LeftButton, buttons,
            Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        QApplication.sendEvent(canvas, event)


def _visit_with_forms(window: MainWindow) -> str | None:
    """A recent visit whose client has a consent to sign, and an intake form if one does."""
    session = window.session
    fallback = None
    with session.store.uow() as uow:
        rows = uow.session.scalars(
            select(Appointment.id)
            .where(Appointment.deleted.is_(False))
            .order_by(Appointment.starts_at.desc())
            .limit(LOOKED_AT)
        ).all()
        for appointment_id in rows:
            forms = forms_for(appointment_id)(uow, session.actor)
            if forms.consents and forms.intakes:
                return appointment_id
            if forms.consents and fallback is None:
                fallback = appointment_id
    return fallback
