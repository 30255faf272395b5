"""What a member of staff does on the calendar in the UI tests: open it on a day, point at
slots and cards, drag, and drive the booking dialog."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from medspa_desktop.ui.calendar.prompts import ReasonDialog

from .calendar_clinic import Schedule
from .conftest import enter, wait_idle


def open_calendar(qtbot, window, session, schedule: Schedule):
    """Log ``session`` in and show ``schedule.day`` on the calendar (its home section)."""
    enter(qtbot, window, session)
    section = window.work.calendar()
    assert window.work.currentWidget() is section
    section.go_to(schedule.day)
    wait_idle(qtbot)
    return section


def slot_point(section, key: str, minute: int) -> QPoint:
    grid = section.canvas.grid
    column = grid.keys.index(key)
    x = grid.column_x(column) + grid.column_width // 2
    return QPoint(int(x), int(grid.y_of(minute) + 4))


def card_point(section, card_id: str, *, bottom: bool = False) -> QPoint:
    rect = section.canvas.card_rect(card_id)
    y = rect.bottom() - 2 if bottom else rect.top() + 6
    return QPoint(rect.center().x(), y)


def card(section, card_id: str):
    found = section.canvas.placed(card_id)
    assert found is not None, "the card is not on the calendar"
    return found


def drag(qtbot, canvas, start: QPoint, end: QPoint) -> None:
    """Press, move in a few steps, release: as a hand would."""
    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(canvas, left, pos=start)
    for step in (1, 2, 3):
        qtbot.mouseMove(canvas, start + (end - start) * step / 3)
    qtbot.mouseRelease(canvas, left, pos=end)


def choose_client(qtbot, dialog, text: str) -> None:
    picker = dialog.client
    qtbot.keyClicks(picker.search, text)
    qtbot.waitUntil(lambda: picker.matches.isVisibleTo(picker) and picker.matches.count())
    wait_idle(qtbot)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.profile is not None)
    wait_idle(qtbot)


def choose_service(qtbot, dialog, service_id: str, staff_id: str | None = None) -> None:
    qtbot.waitUntil(lambda: bool(dialog.legs.services))
    row = dialog.legs.rows[0]
    row.service.setCurrentIndex(row.service.findData(service_id))
    if staff_id is not None:
        row.staff.setCurrentIndex(row.staff.findData(staff_id))
    wait_idle(qtbot)


def cancel_on_calendar(qtbot, section, card_id: str, reason: str) -> None:
    """Click the card, press Delete, give the reason and confirm: as the front desk would."""
    qtbot.mouseClick(section.canvas, Qt.MouseButton.LeftButton, pos=card_point(section, card_id))
    qtbot.keyClick(section.canvas, Qt.Key.Key_Delete)
    dialog = section.findChild(ReasonDialog)
    qtbot.keyClicks(dialog.reason, reason)
    dialog.confirm_button.click()
    wait_idle(qtbot)
