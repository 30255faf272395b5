"""The calendar's shortcuts, active while the focus is anywhere in the section (the canvas
handles the arrow keys, Enter and Delete itself). GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

from medspa_desktop.ui.shortcuts import BOOK, GO_TO_DATE, NEXT_DAY, PREVIOUS_DAY, TODAY, WAITLIST

if TYPE_CHECKING:
    from medspa_desktop.ui.calendar.section import CalendarSection


def install_shortcuts(section: CalendarSection) -> list[QShortcut]:
    pairs: list[tuple[str | QKeySequence, Callable[[], object]]] = [
        (TODAY, section.go_today),
        (PREVIOUS_DAY, lambda: section.step(-1)),
        (NEXT_DAY, lambda: section.step(1)),
        (QKeySequence(Qt.Key.Key_PageUp), lambda: section.step(-1)),
        (QKeySequence(Qt.Key.Key_PageDown), lambda: section.step(1)),
        (GO_TO_DATE, section.ask_date),
        (BOOK, section.book_now),
        (WAITLIST, section.open_waitlist),
        (QKeySequence(Qt.Key.Key_Escape), lambda: section.canvas.select(None)),
    ]
    made = []
    for keys, slot in pairs:
        shortcut = QShortcut(QKeySequence(keys), section)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        made.append(shortcut)
    return made
