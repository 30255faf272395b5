"""Repeating a booking: "every N weeks, M times" in the booking dialog, and the report of a
series, each date free or clashing (before booking), booked or left out (after). GUI thread.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.services.series import MAX_TIMES, Occurrence, SeriesResult
from medspa_desktop.ui.style import row_height
from medspa_desktop.ui.widgets import AlertBanner, label

MAX_EVERY_WEEKS = 52
SHOWN_DATES = 5
"""The report is this many lines high; a longer series (or a long reason) scrolls."""
CLASH_INK = "#b42318"


def spin(name: str, low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setAccessibleName(name)
    box.setRange(low, high)
    box.setValue(value)
    return box


class RepeatChoice(QWidget):
    """A "Repeat" tick box with every how many weeks and how many visits in all.

    ``changed()`` whenever any of the three changes."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.on = QCheckBox("Repeat every")
        self.on.setToolTip("Book the same visit again every few weeks, as a series")
        self.every = spin("Repeat every how many weeks", 1, MAX_EVERY_WEEKS, 4)
        self.times = spin("How many visits in all", 2, MAX_TIMES, 4)
        row.addWidget(self.on)
        row.addWidget(self.every)
        row.addWidget(label("weeks,"))
        row.addWidget(self.times)
        row.addWidget(label("visits in all"))
        row.addStretch(1)
        self.on.toggled.connect(self._toggled)
        self.every.valueChanged.connect(lambda _n: self.changed.emit())
        self.times.valueChanged.connect(lambda _n: self.changed.emit())
        self._toggled(False)

    def repeating(self) -> bool:
        return self.on.isChecked()

    def _toggled(self, on: bool) -> None:
        self.every.setEnabled(on)
        self.times.setEnabled(on)
        self.changed.emit()


def when_text(starts_at: dt.datetime, zone: ZoneInfo) -> str:
    local = starts_at.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


def problems_text(occurrence: Occurrence) -> str:
    return " ".join(dict.fromkeys(p.message for p in occurrence.problems))


def preview_line(occurrence: Occurrence, zone: ZoneInfo) -> str:
    """One date of a series not yet booked: free, or why not."""
    if not occurrence.problems:
        return f"✓  {when_text(occurrence.starts_at, zone)} — free"
    return f"✕  {when_text(occurrence.starts_at, zone)} — {problems_text(occurrence)}"


def result_line(occurrence: Occurrence, zone: ZoneInfo) -> str:
    """One date of a series just booked: booked, booked over a clash, or left out."""
    when = when_text(occurrence.starts_at, zone)
    if occurrence.booked is None:
        return f"✕  {when} — left out: {problems_text(occurrence)}"
    if occurrence.problems:
        return f"✓  {when} — booked over: {problems_text(occurrence)}"
    return f"✓  {when} — booked"


class SeriesReport(QWidget):
    """A headline in a coloured banner and one line per date of the series."""

    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.banner = AlertBanner("info")
        self.dates = QListWidget()
        self.dates.setAccessibleName("Dates of the series")
        self.dates.setWordWrap(True)
        self.dates.setResizeMode(QListView.ResizeMode.Adjust)  # wrapped again when resized
        self.dates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.dates.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.dates.setFixedHeight(row_height() * SHOWN_DATES + 4)
        column.addWidget(self.banner)
        column.addWidget(self.dates)
        self.setVisible(False)

    def show_preview(self, series: SeriesResult, zone: ZoneInfo, *, may_override: bool) -> None:
        """Before booking: each date free or why not; ``may_override``: a manager may book
        over the clashes (said, with the reason field shown below the report)."""
        clashes = sum(1 for o in series.occurrences if o.problems)
        total = len(series.occurrences)
        if not clashes:
            self._show("info", f"All {total} dates are free", "Book to make the series.")
        else:
            after = (
                " As a manager you may book them all anyway: give a reason below."
                if may_override
                else " Or change the time or practitioner and check again."
            )
            self._show(
                "warning",
                f"{clashes} of {total} dates clash",
                f"Booking now books the {total - clashes} free dates and leaves out the ones "
                f"marked ✕.{after}",
            )
        self._list([(preview_line(o, zone), bool(o.problems)) for o in series.occurrences])

    def show_result(self, series: SeriesResult, zone: ZoneInfo) -> None:
        """After booking: what was booked and, named, what was left out."""
        left_out = len(series.occurrences) - series.booked
        self._show(
            "warning" if left_out else "info",
            f"Booked {series.booked} of {len(series.occurrences)} visits",
            f"{left_out} left out because they clash: book those another time." if left_out else "",
        )
        self._list([(result_line(o, zone), o.booked is None) for o in series.occurrences])

    def _show(self, level: str, title: str, text: str) -> None:
        self.banner.set_level(level)
        self.banner.set_message(title, text)
        self.setVisible(True)

    def _list(self, lines: list[tuple[str, bool]]) -> None:
        self.dates.clear()
        for text, clashes in lines:
            item = QListWidgetItem(text)
            if clashes:
                item.setForeground(QColor(CLASH_INK))
            self.dates.addItem(item)

    def lines(self) -> list[str]:
        return [self.dates.item(n).text() for n in range(self.dates.count())]
