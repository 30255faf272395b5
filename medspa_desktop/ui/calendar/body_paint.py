"""Painting the calendar behind the cards: working hours unshaded, the rest shaded, time off
hatched with its reason, grid lines, the time now, and the keyboard's slot cursor.

Reads only a ``CalendarGrid``; paints what lies in ``clip``. GUI thread, or any thread
painting a QImage.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen

from medspa_desktop.ui.calendar.grid import CalendarGrid

OFF_HOURS = QColor("#e4e8ec")
WORKING = QColor("#ffffff")
AWAY = QColor("#eceef1")
AWAY_HATCH = QColor("#b3bcc6")
AWAY_INK = QColor("#475467")
HOUR_LINE = QColor("#c9d0d7")
STEP_LINE = QColor("#eef1f4")
COLUMN_LINE = QColor("#c9d0d7")
NOW = QColor("#d92d20")
CURSOR = QColor("#1f6f78")
MIN_STEP_PX = 9
"""Grid-step lines closer than this are left out; hour lines always show."""


def paint_body(p: QPainter, grid: CalendarGrid, clip: QRectF, font: QFont) -> None:
    p.fillRect(clip, OFF_HOURS)
    first = grid.column_at(max(clip.left(), 0)) or 0
    last = grid.column_at(min(clip.right(), grid.width - 1))
    last = len(grid.keys) - 1 if last is None else last
    for column in range(first, last + 1):
        _paint_column(p, grid, column, clip, font)
    _paint_lines(p, grid, clip)


def _paint_column(p: QPainter, grid: CalendarGrid, column: int, clip: QRectF, font: QFont) -> None:
    info = grid.view.columns[column]
    left, width = grid.column_x(column), grid.column_width
    for start, end in info.working:
        top, bottom = grid.y_of(start), grid.y_of(end)
        p.fillRect(QRectF(left, top, width, bottom - top).intersected(clip), WORKING)
    for start, end, reason in info.away:
        top, bottom = grid.y_of(start), grid.y_of(end)
        area = QRectF(left, top, width, bottom - top)
        if not area.intersects(clip):
            continue
        p.fillRect(area, AWAY)
        p.fillRect(area, QBrush(AWAY_HATCH, Qt.BrushStyle.BDiagPattern))
        p.setFont(font)
        p.setPen(AWAY_INK)
        label = QRectF(left + 6, max(top, clip.top()) + 4, width - 12, 20)
        backing = p.fontMetrics().boundingRect(reason).width() + 10
        p.fillRect(QRectF(label.left() - 3, label.top(), min(backing, width - 6), 20), AWAY)
        p.drawText(label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, reason)


def _paint_lines(p: QPainter, grid: CalendarGrid, clip: QRectF) -> None:
    step_px = grid.step * grid.metrics.px_per_minute
    first = int(grid.minute_at(max(clip.top(), 0)) // grid.step * grid.step)
    last = int(grid.minute_at(clip.bottom())) + grid.step
    for minute in range(max(first, grid.first_minute), min(last, grid.last_minute) + 1, grid.step):
        on_hour = minute % 60 == 0
        if not on_hour and step_px < MIN_STEP_PX:
            continue
        p.setPen(QPen(HOUR_LINE if on_hour else STEP_LINE, 1))
        y = int(grid.y_of(minute)) + 0.5
        p.drawLine(QPointF(clip.left(), y), QPointF(clip.right(), y))
    p.setPen(QPen(COLUMN_LINE, 1))
    for column in range(1, len(grid.keys) + 1):
        x = grid.column_x(column) - 0.5
        if clip.left() - 1 <= x <= clip.right() + 1:
            p.drawLine(QPointF(x, clip.top()), QPointF(x, clip.bottom()))


def paint_now(p: QPainter, grid: CalendarGrid, minute: int | None) -> None:
    """A red line across the day at the time now (``None``: the view is not today)."""
    if minute is None or not grid.first_minute <= minute <= grid.last_minute:
        return
    y = grid.y_of(minute)
    p.setPen(QPen(NOW, 2))
    p.drawLine(QPointF(0, y), QPointF(grid.width, y))
    p.setBrush(NOW)
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(QPointF(4, y), 4, 4)


def paint_cursor(p: QPainter, grid: CalendarGrid, column: int, minute: int) -> None:
    """The keyboard's slot: one grid step of one column, outlined."""
    top = grid.y_of(minute)
    height = grid.step * grid.metrics.px_per_minute
    area = QRectF(grid.column_x(column) + 1.5, top + 1.5, grid.column_width - 3, height - 3)
    p.setPen(QPen(CURSOR, 2.5))
    p.setBrush(QColor(31, 111, 120, 40))
    p.drawRect(area)
