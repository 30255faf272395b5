"""Adding a client to the waitlist: who (found as the booking dialog finds them, or added),
which service with which practitioner or any, between which days, and optionally only on
some weekdays or between some hours. GUI thread.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.waitlist import AddToWaitlist, WaitlistInfo, add_to_waitlist
from medspa_desktop.ui.calendar.booking_client import ClientPicker
from medspa_desktop.ui.calendar.booking_layout import card, is_wide
from medspa_desktop.ui.calendar.booking_services import ServiceLegs
from medspa_desktop.ui.calendar.waitlist_words import WEEKDAYS
from medspa_desktop.ui.dialogs import FittedDialog, ScrollingBody
from medspa_desktop.ui.ops import Changed, OpChanges, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import FieldErrors, button, button_row, label

if TYPE_CHECKING:
    from medspa_desktop.ui.calendar.waitlist_dialog import WaitlistFacts

DEFAULT_WEEKS = 2
"""A new entry waits this long unless the desk says otherwise."""


def date_box(name: str, day: dt.date) -> QDateEdit:
    box = QDateEdit(QDate(day.year, day.month, day.day))
    box.setCalendarPopup(True)
    box.setDisplayFormat("ddd d MMM yyyy")
    box.setAccessibleName(name)
    return box


def time_box(name: str, hour: int) -> QTimeEdit:
    box = QTimeEdit(QTime(hour, 0))
    box.setDisplayFormat("HH:mm")
    box.setAccessibleName(name)
    return box


def day_button(weekday: int) -> QPushButton:
    """A weekday as one segment of a row of toggles (narrower than tick boxes on a tablet)."""
    day = button(WEEKDAYS[weekday], "segment")
    day.setCheckable(True)
    day.setAccessibleName(f"Only on {WEEKDAYS[weekday]}")
    day.setProperty("edge", "first" if weekday == 0 else "last" if weekday == 6 else "")
    return day


def minute_of(box: QTimeEdit) -> int:
    return box.time().hour() * 60 + box.time().minute()


class PreferredTimes(QWidget):
    """Only some weekdays, only between some hours, or both; nothing ticked is any time."""

    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        days = QHBoxLayout()
        days.setSpacing(0)
        days.addWidget(label("Only on", "hint"))
        days.addSpacing(8)
        self.days = [day_button(n) for n in range(len(WEEKDAYS))]
        for box in self.days:
            days.addWidget(box)
        days.addStretch(1)
        hours = QHBoxLayout()
        self.between = QCheckBox("Only between")
        self.start, self.end = time_box("From", 9), time_box("Until", 12)
        hours.addWidget(self.between)
        hours.addWidget(self.start)
        hours.addWidget(label("and"))
        hours.addWidget(self.end)
        hours.addStretch(1)
        column.addLayout(days)
        column.addLayout(hours)
        column.addWidget(label("Nothing chosen: any day, any time.", "hint"))
        self.between.toggled.connect(self._toggled)
        self._toggled(False)

    def _toggled(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)

    def chosen(self) -> tuple[tuple[int, int, int], ...]:
        """``(weekday, start minute, end minute)`` for each day meant; empty: any time."""
        weekdays = [n for n, box in enumerate(self.days) if box.isChecked()]
        hours = self.between.isChecked()
        if not weekdays and not hours:
            return ()
        start, end = (minute_of(self.start), minute_of(self.end)) if hours else (0, 24 * 60)
        return tuple((weekday, start, end) for weekday in weekdays or range(7))


class AddToWaitlistDialog(FittedDialog):
    """Emits ``added(WaitlistInfo)`` and closes once the client is on the waitlist."""

    added = Signal(object)

    def __init__(
        self, parent: QWidget | None, session: AppSession, facts: WaitlistFacts, time_zone: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add to the waitlist")
        self._session = session
        self.client = ClientPicker(session, time_zone)
        self.legs = ServiceLegs()
        self.legs.set_choices(facts.services, facts.practitioners)
        self.first = date_box("First day", facts.today)
        self.last = date_box("Last day", facts.today + dt.timedelta(weeks=DEFAULT_WEEKS))
        self.times = PreferredTimes()
        self.notes = QLineEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("e.g. Can come at short notice; call her mobile")
        self.errors = FieldErrors(label("", "fieldError", wrap=True))
        self._lay_out(self._wishes())
        self.client.search.setFocus()

    def _wishes(self) -> QWidget:
        self.legs.add_button.setVisible(False)  # one service a wish
        holder = QWidget()
        form = QFormLayout(holder)
        form.setContentsMargins(0, 0, 0, 0)
        rows: tuple[tuple[str, str, QWidget], ...] = (
            ("First day", "earliest_date", self.first),
            ("Last day", "latest_date", self.last),
            ("Preferred times", "preferred_times", self.times),
            ("Notes", "notes", self.notes),
        )
        for title, name, widget in rows:
            form.addRow(title, widget)
            form.addRow("", self.errors.register(name, widget))
        return card("What and when", self.legs, self.errors.register("service_id", self.legs),
                    holder)  # fmt: skip

    def _lay_out(self, wishes: QWidget) -> None:
        wide = is_wide(self)
        self.setMinimumWidth(980 if wide else 640)
        halves = QWidget()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        row = QBoxLayout(direction, halves)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(14)
        row.addWidget(
            card("Client", self.client, self.errors.register("client_id", self.client)), 5
        )
        row.addWidget(wishes, 6)
        self.body = ScrollingBody(halves)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 18, 24, 18)
        column.setSpacing(10)
        column.addWidget(label("Add to the waitlist", "title"))
        column.addWidget(self.errors.general)
        column.addWidget(self.body, 1)
        self.save_button = button("Add to waitlist", "primary")
        self.save_button.clicked.connect(self.save)
        cancel = button("Cancel")
        cancel.clicked.connect(self.reject)
        column.addLayout(button_row(cancel, self.save_button))

    def command(self) -> AddToWaitlist | None:
        """The entry asked for, or None after showing what is missing."""
        profile, legs = self.client.profile, self.legs.legs()
        problems = self._missing()
        if problems or profile is None or not legs:
            self.body.reveal(self.errors.show(problems))
            return None
        return AddToWaitlist(
            profile.id,
            self._session.actor.location_id or "",
            legs[0].service_id,
            self.first.date().toPython(),  # type: ignore[arg-type]
            self.last.date().toPython(),  # type: ignore[arg-type]
            staff_id=legs[0].staff_id,
            preferred_times=self.times.chosen(),
            notes=self.notes.text(),
        )

    def _missing(self) -> dict[str, str]:
        problems = {}
        if self.client.profile is None:
            problems["client_id"] = "Choose the client first: type their name, or add them."
        if not self.legs.legs():
            problems["service_id"] = "Choose the service they are waiting for."
        times = self.times
        if times.between.isChecked() and minute_of(times.end) <= minute_of(times.start):
            problems["preferred_times"] = "“Only between” needs an end after its start."
        return problems

    def save(self) -> None:
        command = self.command()
        if command is None:
            return
        self.errors.clear()
        self.save_button.setEnabled(False)
        self._session.mutate(
            self,
            lambda uow, actor: add_to_waitlist(command, uow=uow, actor=actor),
            OpChanges.of(Changed.WAITLIST),
        ).success(self._added).failure(self._refused).run()

    def _added(self, entry: WaitlistInfo) -> None:
        self.added.emit(entry)
        self.accept()

    def _refused(self, err: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(err, ValidationError):
            self.body.reveal(self.errors.show(err.field_errors))
        else:
            show_failure(self, err, "Not added")

    def done(self, result: int) -> None:
        self.client.finder.stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.client.finder.stop()
        super().closeEvent(event)
