"""When: the day and start time, and the free times that day for the chosen services and
practitioner (from the openings service) to pick from. GUI thread.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.services.openings import FindOpenings, Openings, find_openings
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.style import row_height
from medspa_desktop.ui.widgets import label

MAX_TIMES = 96


def free_starts(openings: Openings) -> list[tuple[dt.datetime, list[str]]]:
    """Each free start (local time) once, with who is free then, earliest first."""
    zone = ZoneInfo(openings.time_zone)
    found: dict[dt.datetime, list[str]] = {}
    for visit in openings.visits:
        names = found.setdefault(visit.start.astimezone(zone), [])
        name = openings.staff_names.get(visit.legs[0].staff_id, "")
        if name and name not in names:
            names.append(name)
    return sorted(found.items())[:MAX_TIMES]


def times_list() -> QListWidget:
    """Free times as a grid of small tiles, three rows high (it scrolls beyond)."""
    times = QListWidget()
    times.setAccessibleName("Free times")
    times.setViewMode(QListView.ViewMode.IconMode)
    times.setFlow(QListView.Flow.LeftToRight)
    times.setWrapping(True)
    times.setResizeMode(QListView.ResizeMode.Adjust)
    times.setUniformItemSizes(True)
    times.setMovement(QListView.Movement.Static)
    times.setSpacing(3)
    times.setFixedHeight(row_height() * 3 + 12)
    return times


class WhenPicker(QWidget):
    """``day_changed()`` when the day changes (it changes who works)."""

    day_changed = Signal()

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self._session = session
        self._asked = 0
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        row = QHBoxLayout()
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setAccessibleName("Day")
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName("Start time")
        row.addWidget(label("Day", "hint"))
        row.addWidget(self.date, 2)
        row.addSpacing(8)
        row.addWidget(label("Starts", "hint"))
        row.addWidget(self.time, 1)
        column.addLayout(row)
        self.note = label("", "hint", wrap=True)
        column.addWidget(self.note)
        self.times = times_list()
        self.times.itemClicked.connect(self._pick)
        self.times.itemActivated.connect(self._pick)
        column.addWidget(self.times)
        self.date.dateChanged.connect(lambda _d: self.day_changed.emit())

    def set_start(self, day: dt.date, minute: int) -> None:
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.time.setTime(QTime(minute // 60, minute % 60))

    def day(self) -> dt.date:
        return self.date.date().toPython()  # type: ignore[return-value]

    def starts_at(self, time_zone: str) -> dt.datetime:
        wall = self.time.time().toPython()
        return dt.datetime.combine(self.day(), wall, ZoneInfo(time_zone))  # type: ignore[arg-type]

    def look_up(self, location_id: str, service_ids: tuple[str, ...], staff_id: str | None) -> None:
        """Ask for the free times of the day shown; answers to older questions are dropped."""
        self._asked += 1
        asked = self._asked
        self.times.clear()
        self.times.setVisible(False)
        if not service_ids:
            self.note.setText("Choose a service to see the free times.")
            return
        self.note.setText("Looking for free times…")
        query = FindOpenings(location_id, service_ids, self.day(), self.day(), staff_id)
        self._session.query(
            self, lambda uow, actor: find_openings(query, uow=uow, actor=actor)
        ).success(lambda found: self._show(asked, found)).failure(
            lambda err: self._failed(asked)
        ).run()

    def _show(self, asked: int, openings: Openings) -> None:
        if asked != self._asked:
            return
        starts = free_starts(openings)
        for start, names in starts:
            item = QListWidgetItem(f"{start:%H:%M}")
            item.setData(Qt.ItemDataRole.UserRole, start.strftime("%H:%M"))
            item.setToolTip(", ".join(names) if names else "")
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.times.addItem(item)
        self.times.setVisible(bool(starts))
        day = f"{self.day():%a %d %b}"
        self.note.setText(
            f"Free times on {day}: click one to start then."
            if starts
            else f"No free time on {day} for this choice. Try another day or “Any available”."
        )

    def _failed(self, asked: int) -> None:
        if asked == self._asked:
            self.note.setText("The free times could not be found; you can still type a time.")

    def _pick(self, item: QListWidgetItem) -> None:
        hours, minutes = str(item.data(Qt.ItemDataRole.UserRole)).split(":")
        self.time.setTime(QTime(int(hours), int(minutes)))
