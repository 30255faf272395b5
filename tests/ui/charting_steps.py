"""A clinic ready to chart in the UI tests: the calendar clinic of ``calendar_clinic`` with
lip filler on the menu (Lee qualified for it), a filler in stock in one lot, and what a
practitioner does in the chart: open it from the calendar, pick a lot, tap the face."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.services.appointment_life import ChangeStatus, change_status
from medspa_desktop.services.service_menu import (
    CreateService,
    CreateServiceCategory,
    create_service,
    create_service_category,
)
from medspa_desktop.services.staff import UpdateStaff, update_staff
from medspa_desktop.store.models import (
    Chart,
    ConsentTemplate,
    InventoryLot,
    InventoryMovement,
    Product,
    ServiceItem,
)
from medspa_desktop.ui.charting.dialog import ChartDialog

from .calendar_clinic import Schedule
from .calendar_steps import card_point, open_calendar
from .checkout_steps import _row
from .conftest import wait_idle


@dataclass
class FillerClinic:
    schedule: Schedule
    filler: str
    product: str
    lot: str

    @property
    def clinic(self):
        return self.schedule.clinic

    @property
    def store(self):
        return self.clinic.store

    def checked_in_filler(self, hour: int = 11) -> str:
        """Lip filler for Ada with Lee, checked in as the desk does on arrival."""
        appointment = self.schedule.book(self.schedule.at(hour), self.filler, "lee")
        with self.store.uow() as uow:
            actor = self.clinic.owner_session.actor
            change_status(ChangeStatus(appointment, st.CHECKED_IN), uow=uow, actor=actor)
        return appointment

    def require_consent(self, name: str) -> None:
        """The filler service requires a consent Ada has never signed."""
        clinic = self.clinic
        with self.store.uow() as uow:
            template = _row(uow, clinic, ConsentTemplate(code="filler", name=name))
            uow.session.get(ServiceItem, self.filler).required_consent_template_id = template
            uow.commit()

    def charts(self) -> list[Chart]:
        with self.store.session_factory() as session:
            rows = list(session.scalars(select(Chart)))
            session.expunge_all()
        return rows

    def movements(self, kind: str) -> list[InventoryMovement]:
        with self.store.session_factory() as session:
            rows = list(session.scalars(select(InventoryMovement).filter_by(kind=kind)))
            session.expunge_all()
        return rows


def set_up_fillers(schedule: Schedule) -> FillerClinic:
    clinic = schedule.clinic
    owner = clinic.owner_session.actor

    def run(call, command):
        with clinic.store.uow() as uow:
            return call(command, uow=uow, actor=owner)

    fillers = run(create_service_category, CreateServiceCategory("filler", "Dermal fillers"))
    filler = run(create_service, CreateService(fillers.id, "Lip filler", 60, 65000))
    quals = ("neuromodulator", "filler")
    run(update_staff, UpdateStaff(schedule.staff["lee"], qualifications=quals))
    with clinic.store.uow() as uow:
        product = _row(
            uow, clinic,
            Product(sku="JUV-1", name="Juvederm Ultra", kind="injectable", unit="syringe"),
        )  # fmt: skip
        lot = InventoryLot(
            product_id=product, location_id=clinic.location_id, lot_number="JV-2201",
            expires_on=dt.date.today() + dt.timedelta(days=300), quantity_received=10,
        )  # fmt: skip
        lot_id = _row(uow, clinic, lot)
        _row(uow, clinic, InventoryMovement(lot_id=lot_id, quantity=10, kind="receive"))
        uow.commit()
    return FillerClinic(schedule, filler.id, product, lot_id)


def open_chart_from_calendar(qtbot, window, session, fillers: FillerClinic, appointment: str):
    """Choose the appointment on the calendar and press "Chart…" in its details."""
    section = open_calendar(qtbot, window, session, fillers.schedule)
    qtbot.mouseClick(
        section.canvas, Qt.MouseButton.LeftButton, pos=card_point(section, appointment)
    )
    wait_idle(qtbot)
    return section


def press_chart(qtbot, section) -> ChartDialog:
    entry = section.details.chart_entry
    assert entry.chart_button.isVisible()
    entry.chart_button.click()
    dialog = entry.dialog
    assert isinstance(dialog, ChartDialog)
    qtbot.waitUntil(lambda: dialog.form is not None or dialog.refusal.text() != "", timeout=10_000)
    wait_idle(qtbot)
    return dialog


def tap_face(qtbot, face, x: float, y: float) -> None:
    """Tap the face diagram at the normalised point ``(x, y)``."""
    where = face.place_of(x, y)
    qtbot.mouseClick(face, Qt.MouseButton.LeftButton, pos=QPoint(int(where.x()), int(where.y())))
