"""The column headers (who, which room, which day) and the time ruler, painted beside the
scrolling body and kept in step with it, so both stay visible while it scrolls. GUI thread.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from medspa_desktop.services.calendar import CalendarColumn
from medspa_desktop.ui.calendar.body_paint import NOW
from medspa_desktop.ui.calendar.day_view import clock
from medspa_desktop.ui.calendar.grid import DAY_MINUTES, CalendarGrid

PAPER = QColor("#f5f7f8")
EDGE = QColor("#c9d0d7")
INK = QColor("#10212b")
MUTED = QColor("#475467")
TODAY = QColor("#e3f1f2")
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def column_note(column: CalendarColumn) -> str:
    """Under the title: working hours, "Not working", or the reason of time off."""
    hours = [(s, e) for s, e in column.working if (s, e) != (0, DAY_MINUTES)]
    if not column.working:
        note = "Not working"
    elif hours:
        note = ", ".join(f"{clock(s)}–{clock(e)}" for s, e in hours)
    else:
        note = ""
    reasons = list(dict.fromkeys(reason for *_, reason in column.away))
    return " · ".join(part for part in (note, *reasons) if part)


class ColumnHeader(QWidget):
    """Column titles; ``offset`` is the body's horizontal scroll position."""

    def __init__(self) -> None:
        super().__init__()
        self.grid: CalendarGrid | None = None
        self.offset = 0
        self.today: str = ""
        """The key of today's column in the week view."""
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_grid(self, grid: CalendarGrid | None, today: dt.date | None = None) -> None:
        self.grid = grid
        self.today = today.isoformat() if today else ""
        if grid is not None:
            self.setFixedHeight(grid.metrics.header_height)
        self.update()

    def set_offset(self, offset: int) -> None:
        self.offset = offset
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            p.fillRect(self.rect(), PAPER)
            if self.grid is not None:
                self._paint_columns(p, self.grid)
            p.setPen(QPen(EDGE, 1))
            p.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        finally:
            p.end()

    def _paint_columns(self, p: QPainter, grid: CalendarGrid) -> None:
        title_font = QFont(self.font())
        title_font.setBold(True)
        note_font = QFont(self.font())
        note_font.setPointSizeF(max(self.font().pointSizeF() * 0.85, 7.0))
        for n, column in enumerate(grid.view.columns):
            cell = QRectF(grid.column_x(n) - self.offset, 0, grid.column_width, self.height())
            if cell.left() <= self.width() and cell.right() >= 0:
                self._paint_cell(p, cell, column, (title_font, note_font))

    def _paint_cell(
        self, p: QPainter, cell: QRectF, column: CalendarColumn, fonts: tuple[QFont, QFont]
    ) -> None:
        half = cell.height() / 2
        if column.key == self.today:
            p.fillRect(cell, TODAY)
        text_left = cell.left() + 8
        if column.colour:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(column.colour))
            p.drawEllipse(QPointF(cell.left() + 12, half * 0.62 + 2), 5, 5)
            text_left += 14
        width = cell.right() - text_left - 6
        for font, ink, text, top in ((fonts[0], INK, column.title, 4.0),
                                     (fonts[1], MUTED, column_note(column), half)):  # fmt: skip
            p.setFont(font)
            p.setPen(ink)
            shown = p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(width))
            p.drawText(QRectF(text_left, top, width, half - 4), LEFT, shown)
        p.setPen(QPen(EDGE, 1))
        p.drawLine(QPointF(cell.right() - 0.5, 6), QPointF(cell.right() - 0.5, cell.height()))


class TimeRuler(QWidget):
    """Hours down the left edge; ``offset`` is the body's vertical scroll position."""

    def __init__(self) -> None:
        super().__init__()
        self.grid: CalendarGrid | None = None
        self.offset = 0
        self.now_minute: int | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_grid(self, grid: CalendarGrid | None) -> None:
        self.grid = grid
        if grid is not None:
            self.setFixedWidth(grid.metrics.ruler_width)
        self.update()

    def set_offset(self, offset: int) -> None:
        self.offset = offset
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            p.fillRect(self.rect(), PAPER)
            if self.grid is not None:
                self._paint_hours(p, self.grid)
            p.setPen(QPen(EDGE, 1))
            p.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        finally:
            p.end()

    def _paint_hours(self, p: QPainter, grid: CalendarGrid) -> None:
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() * 0.8, 7.0))
        half_hours = 30 * grid.metrics.px_per_minute >= 40
        line = p.fontMetrics().height()
        for minute in range(grid.first_minute, grid.last_minute + 1, 30):
            y = grid.y_of(minute) - self.offset
            if y < -line or y > self.height() + line:
                continue
            on_hour = minute % 60 == 0
            if not on_hour and not half_hours:
                continue
            p.setFont(self.font() if on_hour else small)
            p.setPen(INK if on_hour else MUTED)
            box = QRectF(0, y - line / 2, self.width() - 8, line)
            if minute == grid.first_minute:
                box.moveTop(y + 1)
            p.drawText(
                box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, clock(minute)
            )
        if self.now_minute is not None and grid.first_minute <= self.now_minute <= grid.last_minute:
            y = grid.y_of(self.now_minute) - self.offset
            p.setPen(QPen(NOW, 2))
            p.drawLine(QPointF(self.width() - 10, y), QPointF(self.width(), y))
