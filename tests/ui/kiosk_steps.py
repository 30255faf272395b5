"""A client ready for kiosk mode in the UI tests: Ada booked for Botox with Lee, the Botox
service requiring a consent Ada never signed, and a medical-history questionnaire she never
filled in; and what the client does on the tablet: sign with the mouse, answer questions."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from medspa_desktop.services.consent_records import consent_status
from medspa_desktop.services.consent_templates import (
    CreateConsentTemplate,
    create_consent_template,
)
from medspa_desktop.services.intake import intake_status
from medspa_desktop.services.intake_forms import SaveIntakeForm, save_intake_form
from medspa_desktop.services.intake_rules import IntakeQuestion
from medspa_desktop.store.models import ServiceItem, SignedConsent
from medspa_desktop.ui.kiosk.window import KioskWindow
from medspa_desktop.ui.session import AppSession

from .calendar_clinic import Schedule
from .conftest import wait_idle

LEFT = Qt.MouseButton.LeftButton
NO_KEYS = Qt.KeyboardModifier.NoModifier
TABLET = (1280, 800)
BODY = (
    "I, {client_name}, consent to **{service}** with {practitioner} on {date}.\n\n"
    "The risks were explained to me, including:\n"
    "- bruising or swelling where the needle went in\n"
    "- headache\n\n"
    "I may withdraw this consent at any time."
)
QUESTIONS = (
    IntakeQuestion("pregnant", "Are you pregnant or breastfeeding?", "yes_no", required=True),
    IntakeQuestion("allergies", "Any allergies?", "text"),
    IntakeQuestion("skin_type", "Skin type", "choice", True, ("I", "II", "III", "IV")),
    IntakeQuestion("last_peel", "Date of your last peel", "date"),
)


@dataclass
class KioskVisit:
    schedule: Schedule
    appointment: str
    template_id: str

    @property
    def clinic(self):
        return self.schedule.clinic

    @property
    def client(self) -> str:
        return self.schedule.ada

    def _owner(self, call, *args):
        with self.clinic.store.uow() as uow:
            return call(*args, uow=uow, actor=self.clinic.owner_session.actor)

    def consent_state(self) -> str:
        return self._owner(consent_status, self.client, self.schedule.botox).state

    def intake_states(self) -> list[str]:
        return [status.state for status in self._owner(intake_status, self.client)]

    def signed(self) -> list[SignedConsent]:
        with self.clinic.store.session_factory() as session:
            rows = list(session.scalars(select(SignedConsent)))
            session.expunge_all()
        return rows


def set_up_visit(schedule: Schedule, body: str = BODY) -> KioskVisit:
    clinic = schedule.clinic
    owner = clinic.owner_session.actor
    with clinic.store.uow() as uow:
        template = create_consent_template(
            CreateConsentTemplate("botox", "Botox consent", body), uow=uow, actor=owner
        )
    with clinic.store.uow() as uow:
        uow.session.get(ServiceItem, schedule.botox).required_consent_template_id = template.id
        uow.commit()
    with clinic.store.uow() as uow:
        save_intake_form(
            SaveIntakeForm("medical_history", "Medical history", QUESTIONS), uow=uow, actor=owner
        )
    appointment = schedule.book(schedule.at(10), schedule.botox, "lee")
    return KioskVisit(schedule, appointment, template.id)


def open_kiosk_for(
    qtbot, visit: KioskVisit, username: str = "lee", size: tuple[int, int] = TABLET
) -> KioskWindow:
    """Kiosk mode as the practitioner hands the tablet over, at the tablet's size."""
    session = AppSession(visit.clinic.store)
    session.staff = visit.clinic.log_in(username)
    kiosk = KioskWindow(None, session, visit.appointment)
    qtbot.addWidget(kiosk)
    kiosk.resize(*size)
    kiosk.show()
    qtbot.waitExposed(kiosk)
    qtbot.waitUntil(lambda: kiosk.forms is not None, timeout=10_000)
    wait_idle(qtbot)
    return kiosk


def sign_with_mouse(qtbot, canvas) -> None:
    """A wavy line across two thirds of the signature box."""
    points = [QPoint(60 + 20 * i, 120 + round(40 * math.sin(i / 3))) for i in range(30)]
    qtbot.mousePress(canvas, LEFT, NO_KEYS, points[0])
    for point in points[1:]:
        qtbot.mouseMove(canvas, point)
    qtbot.mouseRelease(canvas, LEFT, NO_KEYS, points[-1])


def leave_with_pin(qtbot, kiosk: KioskWindow, staff_id: str, pin: str) -> None:
    kiosk.staff_button.click()
    wait_idle(qtbot)
    panel = kiosk.staff_exit.panel
    panel.choose(staff_id)
    for digit in pin:
        panel.pad.press(digit)
    panel.pad.ok.click()
    wait_idle(qtbot)
