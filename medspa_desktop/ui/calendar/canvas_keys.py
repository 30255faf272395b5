"""The calendar from the keyboard: arrow keys move a slot cursor over columns and times,
Enter books the slot or opens the card on it, Delete asks to cancel (never cancels at once),
the menu key opens the status menu, Esc clears the selection. GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QKeyEvent

if TYPE_CHECKING:
    from medspa_desktop.ui.calendar.day_view import DayCanvas

K = Qt.Key
MOVES = {K.Key_Left: (-1, 0), K.Key_Right: (1, 0), K.Key_Up: (0, -1), K.Key_Down: (0, 1)}
ENTER = (K.Key_Return, K.Key_Enter)
CANCEL = (K.Key_Delete, K.Key_Backspace)


def handle_key(canvas: DayCanvas, event: QKeyEvent) -> bool:
    """Act on ``event``; False when the key is not the calendar's (the section's shortcuts
    such as Alt+Left and PgUp get it instead)."""
    key, mods = event.key(), event.modifiers()
    if canvas.grid is None or not canvas.grid.keys:
        return False
    plain = not (mods & ~Qt.KeyboardModifier.KeypadModifier)
    if key in MOVES and plain:
        step_cursor(canvas, *MOVES[Qt.Key(key)])
        return True
    if key in ENTER and plain:
        activate(canvas)
        return True
    if key in CANCEL and plain and canvas.selected_id:
        found = canvas.placed(canvas.selected_id)
        if found is not None:
            canvas.cancel_requested.emit(found.card)
        return True
    if key == K.Key_Menu or (key == K.Key_F10 and mods & Qt.KeyboardModifier.ShiftModifier):
        return open_menu(canvas)
    if key == K.Key_Escape and canvas.selected_id:
        canvas.select(None)
        return True
    return False


def start_cursor(canvas: DayCanvas) -> tuple[int, int]:
    """Where the cursor starts: the time now on today's calendar, else the first working
    hour of the first column, else the top of the day."""
    grid = canvas.grid
    assert grid is not None
    if canvas.now_minute is not None and grid.first_minute <= canvas.now_minute < grid.last_minute:
        return 0, canvas.now_minute // grid.step * grid.step
    working = [s for column in grid.view.columns for s, _ in column.working if s > 0]
    first = min(working) if working else grid.first_minute
    return 0, max(first, grid.first_minute) // grid.step * grid.step


def step_cursor(canvas: DayCanvas, columns: int, steps: int) -> None:
    grid = canvas.grid
    assert grid is not None
    if canvas.slot_cursor is None:
        canvas.slot_cursor = start_cursor(canvas)
    else:
        column, minute = canvas.slot_cursor
        column = min(max(column + columns, 0), len(grid.keys) - 1)
        minute = min(
            max(minute + steps * grid.step, grid.first_minute), grid.last_minute - grid.step
        )
        canvas.slot_cursor = (column, minute)
    column, minute = canvas.slot_cursor
    under = grid.cards_at(column, minute)
    canvas.select(under[-1].card.id if under else None)
    top = grid.y_of(minute)
    area = QRectF(
        grid.column_x(column), top, grid.column_width, grid.step * grid.metrics.px_per_minute
    )
    canvas.reveal.emit(area.toAlignedRect())
    canvas.update()


def activate(canvas: DayCanvas) -> None:
    """Enter: open the selected card, or book the cursor's slot."""
    grid = canvas.grid
    assert grid is not None
    if canvas.selected_id:
        found = canvas.placed(canvas.selected_id)
        if found is not None:
            canvas.card_activated.emit(found.card)
            return
    if canvas.slot_cursor is None:
        canvas.slot_cursor = start_cursor(canvas)
    column, minute = canvas.slot_cursor
    canvas.slot_activated.emit(grid.keys[column], minute)


def open_menu(canvas: DayCanvas) -> bool:
    found = canvas.placed(canvas.selected_id) if canvas.selected_id else None
    if found is None:
        return False
    rect = canvas.card_rect(found.card.id)
    canvas.menu_requested.emit(found.card, canvas.mapToGlobal(rect.center()))
    return True
