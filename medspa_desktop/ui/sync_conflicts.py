"""Double bookings in the Sync panel: one card per conflict, and the dialog to move one.

Each card shows the appointment sync put in status ``conflict`` and the booking it overlaps,
each with "Keep this", "Move…" and "Cancel…". The card only says what was chosen
(``chosen(kind, conflict, booking)``); the panel confirms and runs the service.

Public API: ``ConflictList``, ``ConflictCard``, ``MoveDialog``, ``when_text(booking)``. GUI
thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.sync_conflicts import (
    Booking,
    ConflictResolved,
    Move,
    SyncConflict,
    resolve_conflict,
)
from medspa_desktop.ui.dialogs import FittedDialog
from medspa_desktop.ui.ops import Changed, OpChanges, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import FieldErrors, button, button_row, label

KEEP, MOVE, CANCEL = "keep", "move", "cancel"


def local(moment: dt.datetime, zone: str) -> dt.datetime:
    return moment.astimezone(ZoneInfo(zone))


def when_text(booking: Booking) -> str:
    """'Tue 3 Jun, 09:30–10:30' in the location's own time."""
    zone = booking.time_zone
    start, end = local(booking.starts_at, zone), local(booking.ends_at, zone)
    return f"{start:%a} {start.day} {start:%b}, {start:%H:%M}–{end:%H:%M}"


def who_text(booking: Booking) -> str:
    """'Laser facial with Ada Park · Room 2 · Downtown'."""
    places = [booking.room_name, booking.machine_name, booking.location_name]
    return " · ".join([f"{booking.service_name} with {booking.staff_name}", *filter(None, places)])


class BookingRow(QFrame):
    """One appointment of a conflict, with what can be done to it."""

    def __init__(self, booking: Booking, *, in_conflict: bool, may_resolve: bool) -> None:
        super().__init__()
        self.booking = booking
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 4)
        text = QVBoxLayout()
        text.setSpacing(2)
        state = "Marked as conflict by sync" if in_conflict else "Booked first"
        text.addWidget(
            label(f"{when_text(booking)} · {booking.client_name}", "subtitle", wrap=True)
        )
        text.addWidget(label(f"{who_text(booking)} · {state}", "hint", wrap=True))
        row.addLayout(text, 1)
        self.keep_button = button("Keep this")
        self.move_button = button("Move…")
        self.cancel_button = button("Cancel…", "danger")
        for widget in (self.keep_button, self.move_button, self.cancel_button):
            row.addWidget(widget)
            widget.setVisible(may_resolve)  # after it has a parent, or it opens as a window


class ConflictCard(QFrame):
    """A conflicting appointment and the booking it overlaps."""

    chosen = Signal(str, object, object)
    """``(kind, SyncConflict, Booking)``: KEEP, MOVE or CANCEL that booking."""

    def __init__(self, conflict: SyncConflict, *, may_resolve: bool) -> None:
        super().__init__()
        self.conflict = conflict
        self.setProperty("card", True)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 10)
        column.setSpacing(4)
        shared = " and ".join(conflict.shared) or "resources"
        title = f"Double booking: the same {shared} at overlapping times"
        if conflict.overlaps is None:
            title = "Marked as a double booking; nothing overlaps it any more"
        column.addWidget(label(title, wrap=True))
        self.rows = [BookingRow(conflict.booking, in_conflict=True, may_resolve=may_resolve)]
        if conflict.overlaps is not None:
            self.rows.append(
                BookingRow(conflict.overlaps, in_conflict=False, may_resolve=may_resolve)
            )
        for booking_row in self.rows:
            column.addWidget(booking_row)
            self._connect(booking_row)

    def _connect(self, row: BookingRow) -> None:
        buttons = ((KEEP, row.keep_button), (MOVE, row.move_button), (CANCEL, row.cancel_button))
        for kind, widget in buttons:
            widget.clicked.connect(
                lambda _=False, k=kind, b=row.booking: self.chosen.emit(k, self.conflict, b)
            )


class ConflictList(QScrollArea):
    """The cards, or a line saying there is nothing to resolve."""

    chosen = Signal(str, object, object)

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards: list[ConflictCard] = []
        self._holder = QWidget()
        self._column = QVBoxLayout(self._holder)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(10)
        self.empty = label("No double bookings to resolve.", "hint")
        self._column.addWidget(self.empty)
        self._column.addStretch(1)
        self.setWidget(self._holder)

    def show_conflicts(self, conflicts: Sequence[SyncConflict], *, may_resolve: bool) -> None:
        for card in self.cards:
            self._column.removeWidget(card)
            card.deleteLater()
        self.cards = [ConflictCard(c, may_resolve=may_resolve) for c in conflicts]
        for position, card in enumerate(self.cards):
            card.chosen.connect(self.chosen)
            self._column.insertWidget(position, card)
        self.empty.setVisible(not self.cards)


class MoveDialog(FittedDialog):
    """Choose a new start (in the location's time) for one appointment of a conflict; the
    move is saved through the service, and a time that overlaps is refused at the field."""

    moved = Signal(object)
    """The ``ConflictResolved`` result."""

    def __init__(
        self, parent: QWidget | None, session: AppSession, conflict: SyncConflict, booking: Booking
    ) -> None:
        super().__init__(parent)
        self.session, self.conflict, self.booking = session, conflict, booking
        self.setWindowTitle("Move appointment")
        self.setMinimumWidth(520)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.addWidget(label("Move appointment", "title"))
        column.addWidget(label(f"{booking.client_name}: {who_text(booking)}", wrap=True))
        now = f"Now {when_text(booking)} ({booking.location_name} time)"
        column.addWidget(label(now, "hint"))
        column.addWidget(label("New start", "subtitle"))
        self.start = QDateTimeEdit(_wall_clock(booking))
        self.start.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.start.setCalendarPopup(True)
        self.start.setAccessibleName("New start")
        column.addWidget(self.start)
        self.errors = FieldErrors(label("", "fieldError", wrap=True))
        column.addWidget(self.errors.register("new_start", self.start))
        column.addWidget(self.errors.general)
        self.move_button = button("Move", "primary", default=True)
        self.move_button.clicked.connect(self.save)
        close = button("Don't move")
        close.clicked.connect(self.reject)
        column.addLayout(button_row(close, self.move_button))

    def command(self) -> Move:
        return Move(
            conflict_id=self.conflict.booking.id,
            other_id=self.conflict.overlaps.id if self.conflict.overlaps else None,
            appointment_id=self.booking.id,
            new_start=self.new_start(),
        )

    def new_start(self) -> dt.datetime:
        """The chosen wall-clock time in the location's zone, as an aware UTC datetime."""
        chosen = self.start.dateTime()
        day, time = chosen.date(), chosen.time()
        wall = dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())
        return wall.replace(tzinfo=ZoneInfo(self.booking.time_zone)).astimezone(dt.UTC)

    def save(self) -> None:
        cmd = self.command()
        self.move_button.setEnabled(False)
        self.session.mutate(
            self,
            lambda uow, actor: resolve_conflict(cmd, uow=uow, actor=actor),
            OpChanges.of(Changed.APPOINTMENTS),
        ).success(self._moved).failure(self._refused).run()

    def _moved(self, result: ConflictResolved) -> None:
        self.moved.emit(result)
        self.accept()

    def _refused(self, err: BaseException) -> None:
        self.move_button.setEnabled(True)
        if isinstance(err, ValidationError):
            self.errors.show(err.field_errors)
        else:
            show_failure(self, err, "Not moved")


def _wall_clock(booking: Booking) -> QDateTime:
    # NOTE: the numbers of the location's wall clock, held in a UTC QDateTime so that
    # neither Qt nor this computer's own time zone shifts them (daylight saving included).
    start = local(booking.starts_at, booking.time_zone)
    return QDateTime(
        QDate(start.year, start.month, start.day), QTime(start.hour, start.minute), QTimeZone.utc()
    )
