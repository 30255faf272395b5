"""The calendar's screen built and painted offscreen from a view, without the database: what
``bench/calendar.py`` times for a day of 20 practitioners and 300 appointments.

Main thread of a process with a ``QApplication`` (the ``offscreen`` platform will do).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtGui import QImage

from medspa_desktop.services.calendar import CalendarView
from medspa_desktop.ui.calendar.board import CalendarBoard
from medspa_desktop.ui.calendar.when import opening_minute


def paint_day_view(view: CalendarView, width: int = 1600, height: int = 900) -> QImage:
    """Build the calendar (headers, time ruler, the laid-out cards) ``width`` × ``height``,
    scrolled to where a day opens, and paint what it shows into a new image."""
    board = CalendarBoard()
    try:
        board.resize(width, height)
        layout = board.layout()
        if layout is not None:
            layout.activate()
        board.show_view(view, with_staff=False, zone_label="")
        board.scroll_to_minute(opening_minute(view, None))
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        board.render(image)
        return image
    finally:
        shiboken6.delete(board)  # now: a benchmark's loop sends no events to delete it later


def paint_whole_day(view: CalendarView, width: int = 1600) -> QImage:
    """Every column and hour of ``view`` laid out ``width`` wide, in one image (for tests
    and for looking at a whole busy day)."""
    board = CalendarBoard()
    try:
        board.canvas.set_available_width(width)
        board.canvas.set_view(view)
        return board.canvas.render_image()
    finally:
        shiboken6.delete(board)
