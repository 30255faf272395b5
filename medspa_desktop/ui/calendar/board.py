"""The scrolling calendar: column headers on top and the time ruler on the left stay in
view while the body scrolls both ways (20 practitioners do not fit a screen). GUI thread.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea

from medspa_desktop.services.calendar import CalendarView
from medspa_desktop.ui.calendar.day_view import DayCanvas
from medspa_desktop.ui.calendar.headers import ColumnHeader, TimeRuler


class CalendarBoard(QFrame):
    """Headers, ruler and the scrolling ``canvas``."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("CalendarBoard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.canvas = DayCanvas()
        self.header = ColumnHeader()
        self.ruler = TimeRuler()
        self.corner = QLabel("")
        self.corner.setObjectName("CalendarCorner")
        self.corner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = QScrollArea()
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QGridLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        layout.addWidget(self.corner, 0, 0)
        layout.addWidget(self.header, 0, 1)
        layout.addWidget(self.ruler, 1, 0)
        layout.addWidget(self.scroll_area, 1, 1)
        self.scroll_area.horizontalScrollBar().valueChanged.connect(self.header.set_offset)
        self.scroll_area.verticalScrollBar().valueChanged.connect(self.ruler.set_offset)
        self.scroll_area.viewport().installEventFilter(self)
        self.canvas.laid_out.connect(self._follow_layout)
        self.canvas.reveal.connect(self.reveal)
        self._today: dt.date | None = None

    def show_view(self, view: CalendarView, *, with_staff: bool, zone_label: str) -> None:
        self._today = None
        self.corner.setText(zone_label)
        self.canvas.set_available_width(self.scroll_area.viewport().width())
        self.canvas.set_view(view, with_staff=with_staff)

    def mark_today(self, today: dt.date | None) -> None:
        """Highlight today's column in the week view."""
        self._today = today
        self.header.set_grid(self.canvas.grid, today)

    def set_now(self, minute: int | None) -> None:
        self.canvas.now_minute = minute
        self.ruler.now_minute = minute
        self.canvas.update()
        self.ruler.update()

    def scroll_to_minute(self, minute: int) -> None:
        """Put ``minute`` near the top (the start of the day, or a little before now)."""
        grid = self.canvas.grid
        if grid is not None:
            self.scroll_area.verticalScrollBar().setValue(int(grid.y_of(minute)))

    def reveal(self, area: QRect) -> None:
        centre = area.center()
        self.scroll_area.ensureVisible(
            centre.x(), centre.y(), area.width() // 2 + 8, area.height() // 2 + 8
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self.canvas.set_available_width(self.scroll_area.viewport().width())
        return False

    def _follow_layout(self) -> None:
        grid = self.canvas.grid
        self.header.set_grid(grid, self._today)
        self.ruler.set_grid(grid)
        if grid is not None:
            self.corner.setFixedSize(grid.metrics.ruler_width, grid.metrics.header_height)
