"""Booking an appointment: the client (found or added here), one or more services back to
back, practitioner or "Any available", the start (from the clicked slot, or a free time),
notes and deposit, and optionally a series repeating every few weeks. A clash is explained
in plain words; a manager may book anyway with a reason. GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.money import Money
from medspa_desktop.services.booking import BookedVisit, BookingRefused, BookVisit, book_visit
from medspa_desktop.services.calendar import CalendarDay, calendar_day
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.service_menu import ServiceInfo, get_service_menu
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.calendar.booking_client import ClientPicker
from medspa_desktop.ui.calendar.booking_layout import BookingLayout
from medspa_desktop.ui.calendar.booking_repeat import RepeatChoice
from medspa_desktop.ui.calendar.booking_series import SeriesFlow
from medspa_desktop.ui.calendar.booking_services import ServiceLegs
from medspa_desktop.ui.calendar.booking_times import WhenPicker
from medspa_desktop.ui.calendar.prompts import OverridePanel
from medspa_desktop.ui.calendar.status_menu import APPOINTMENTS
from medspa_desktop.ui.dialogs import FittedDialog
from medspa_desktop.ui.ops import show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import FieldErrors, label

NO_CLIENT = "Choose the client first: type their name, or add them with “New client…”."
NO_SERVICE = "Choose at least one service."


@dataclass(frozen=True)
class BookingStart:
    """What the dialog opens with: the clicked slot, or the appointment booked again."""

    day: dt.date
    minute: int
    staff_id: str | None = None
    client_id: str | None = None
    service_id: str | None = None


@dataclass(frozen=True)
class BookingFacts:
    services: tuple[ServiceInfo, ...]
    practitioners: tuple[tuple[str, str], ...]
    """Who has a column that day (working or booked): ``(staff id, name)``."""


def booking_facts(day: dt.date, location_id: str, uow: UnitOfWork, actor: Actor) -> BookingFacts:
    """The menu and who works on ``day``. Database worker."""
    menu = get_service_menu(uow=uow, actor=actor)
    view = calendar_day(CalendarDay(location_id, day), uow=uow, actor=actor)
    return BookingFacts(menu.services, tuple((c.key, c.title) for c in view.columns))


class BookingDialog(FittedDialog):
    """Emits ``booked(BookedVisit)`` and closes once the visit is booked."""

    booked = Signal(object)

    def __init__(
        self, parent: QWidget | None, session: AppSession, start: BookingStart, time_zone: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Book an appointment")
        self._session = session
        self._start = start
        self._zone = time_zone
        self._location_id = session.actor.location_id or ""
        self.client = ClientPicker(session, time_zone)
        self.legs = ServiceLegs()
        self.when = WhenPicker(session)
        self.when.set_start(start.day, start.minute)
        self.errors = FieldErrors(label("", "fieldError", wrap=True))
        self.override = OverridePanel()
        self.repeat = RepeatChoice()
        self.series = SeriesFlow(self, session, time_zone)
        self.parts = BookingLayout(self, self._extras())
        self._connect()
        self._load_facts()
        if start.client_id:
            self.client.choose(start.client_id)
        self.client.search.setFocus()

    def _connect(self) -> None:
        self.override.override.connect(lambda reason: self.book(override_reason=reason))
        self.parts.book_button.clicked.connect(lambda: self.book())
        self.parts.cancel_button.clicked.connect(self.reject)
        self.legs.changed.connect(self._choice_changed)
        self.when.time.timeChanged.connect(lambda _t: self.override.hide_refusal())
        self.when.day_changed.connect(self._load_facts)
        changes = (self.legs.changed, self.when.time.timeChanged, self.when.day_changed,
                   self.client.chosen, self.repeat.changed)  # fmt: skip
        for signal in changes:
            signal.connect(lambda *_: self.series.forget())

    def _extras(self) -> QWidget:
        """Notes, deposit and "requested", under the services and time."""
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 2 + 16)
        self.deposit = QLineEdit()
        self.deposit.setPlaceholderText(f"0.00 {self._session.currency}")
        self.deposit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.requested = QCheckBox("Pencil in as requested (still to confirm with the client)")
        holder = QWidget()
        form = QFormLayout(holder)
        form.setContentsMargins(0, 0, 0, 0)
        fields: tuple[tuple[str, str, QWidget], ...] = (
            ("Notes", "notes", self.notes),
            ("Deposit required", "deposit_required_minor", self.deposit),
        )
        for title, name, widget in fields:
            widget.setAccessibleName(title)
            form.addRow(title, widget)
            form.addRow("", self.errors.register(name, widget))
        form.addRow("", self.requested)
        return holder

    # ---- choices -----------------------------------------------------------------------------

    def _load_facts(self) -> None:
        day, location_id = self.when.day(), self._location_id
        self._session.query(
            self, lambda uow, actor: booking_facts(day, location_id, uow, actor)
        ).success(self._show_facts).run()

    def _show_facts(self, facts: BookingFacts) -> None:
        first_time = not self.legs.services
        self.legs.set_choices(facts.services, facts.practitioners)
        if first_time:
            self.legs.choose(self._start.service_id, self._start.staff_id)
        self._choice_changed()

    def _choice_changed(self) -> None:
        self.override.hide_refusal()
        legs = self.legs.legs()
        first_staff = legs[0].staff_id if legs else None
        ids = tuple(leg.service_id for leg in legs)
        self.when.look_up(self._location_id, ids, first_staff)

    # ---- booking -------------------------------------------------------------------------

    def command(self, override_reason: str = "") -> BookVisit | None:
        """The booking asked for, or None after showing what is missing."""
        profile, legs = self.client.profile, self.legs.legs()
        problems = {}
        if profile is None:
            problems["client"] = NO_CLIENT
        if not legs:
            problems["legs"] = NO_SERVICE
        deposit = 0
        if self.deposit.text().strip():
            try:
                deposit = Money.parse(self.deposit.text(), self._session.currency).minor
            except ValueError as err:
                problems["deposit_required_minor"] = f"{err}."
        if problems or profile is None:
            self.show_errors(problems)
            return None
        return BookVisit(
            profile.id,
            self._location_id,
            self.when.starts_at(self._zone),
            legs,
            notes=self.notes.toPlainText(),
            deposit_required_minor=deposit,
            status="requested" if self.requested.isChecked() else "booked",
            override_reason=override_reason,
        )

    def book(self, *, override_reason: str = "") -> None:
        command = self.command(override_reason)
        if command is None:
            return
        self.errors.clear()
        if self.repeat.repeating():
            self.series.go(command)
            return
        self.parts.set_busy(True)
        self._session.mutate(
            self, lambda uow, actor: book_visit(command, uow=uow, actor=actor), APPOINTMENTS
        ).success(self._booked).failure(self.refused).run()

    def _booked(self, visit: BookedVisit) -> None:
        self.parts.set_busy(False)
        self.booked.emit(visit)
        self.accept()

    def refused(self, err: BaseException) -> None:
        """Not booked: the clash in words (with the manager's override), or what is wrong."""
        self.parts.set_busy(False)
        if isinstance(err, BookingRefused):
            self.override.show_refusal(err)
            self.parts.reveal(self.override)
        elif isinstance(err, ValidationError):
            self.show_errors(err.field_errors)
        else:
            show_failure(self, err, "Not booked")

    def show_errors(self, errors: Mapping[str, str]) -> None:
        self.parts.reveal(self.errors.show(errors))

    def done(self, result: int) -> None:
        self.client.finder.stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.client.finder.stop()
        super().closeEvent(event)
