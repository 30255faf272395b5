"""Go to a date (Ctrl+G): a month calendar; Enter or a double-click goes there. GUI thread."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCalendarWidget, QDialog, QVBoxLayout, QWidget

from medspa_desktop.ui.widgets import button, button_row, label


class GoToDate(QDialog):
    """Emits ``chosen(date)``."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None, shown: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle("Go to a date")
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.addWidget(label("Go to a date", "title"))
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(False)
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.activated.connect(lambda _d: self._go())
        column.addWidget(self.calendar)
        today = button("Today")
        today.clicked.connect(lambda: self.calendar.setSelectedDate(QDate.currentDate()))
        cancel = button("Cancel")
        cancel.clicked.connect(self.reject)
        go = button("Go", "primary")
        go.clicked.connect(self._go)
        column.addLayout(button_row(today, cancel, go))
        self.calendar.setFocus()

    def _go(self) -> None:
        self.chosen.emit(self.calendar.selectedDate().toPython())
        self.accept()
