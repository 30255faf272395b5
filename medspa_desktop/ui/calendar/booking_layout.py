"""The booking dialog's arrangement: the client beside the services and time on a wide
screen, one above the other on a narrow one (a tablet held upright); the fields scroll
while the title, the refusal and the Book button stay in view. GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QBoxLayout, QFrame, QVBoxLayout, QWidget

from medspa_desktop.ui.dialogs import ScrollingBody
from medspa_desktop.ui.widgets import button, button_row, label

if TYPE_CHECKING:
    from medspa_desktop.ui.calendar.booking_dialog import BookingDialog

SIDE_BY_SIDE_PX = 1100
"""A window at least this wide shows the two halves side by side."""


def card(title: str, *parts: QWidget) -> QFrame:
    frame = QFrame()
    frame.setProperty("card", True)
    column = QVBoxLayout(frame)
    column.setContentsMargins(16, 12, 16, 14)
    column.setSpacing(8)
    column.addWidget(label(title, "subtitle"))
    for part in parts:
        column.addWidget(part)
    column.addStretch(1)
    return frame


def is_wide(dialog: QWidget) -> bool:
    """Whether the application's main window (under any dialogs) is wide enough for two
    halves side by side.

    NOTE: the window's width, not the screen's: the offscreen screen of the screenshots is
    800 px, and the main window is never narrower than 1024 px anyway.
    """
    window = dialog.parentWidget()
    while window is not None and window.window().parentWidget() is not None:
        window = window.window().parentWidget()
    return window is None or window.window().width() >= SIDE_BY_SIDE_PX


class BookingLayout:
    """Lays out ``dialog``'s parts; owns the Book and Cancel buttons."""

    def __init__(self, dialog: BookingDialog, extras: QWidget) -> None:
        wide = is_wide(dialog)
        dialog.setMinimumWidth(980 if wide else 640)
        halves = QWidget()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        row = QBoxLayout(direction, halves)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(14)
        row.addWidget(card("Client", dialog.client), 5)
        when = label("When", "subtitle")
        parts = (dialog.legs, when, dialog.when, dialog.repeat, extras)
        row.addWidget(card("Services and time", *parts), 6)
        self.body = ScrollingBody(halves)
        column = QVBoxLayout(dialog)
        column.setContentsMargins(24, 18, 24, 18)
        column.setSpacing(10)
        column.addWidget(label("Book an appointment", "title"))
        column.addWidget(dialog.errors.general)
        column.addWidget(self.body, 1)
        column.addWidget(dialog.series.report)
        column.addWidget(dialog.override)
        self.book_text, self._book_enabled, self._busy = "Book", True, False
        self.book_button = button(self.book_text, "primary")
        self.cancel_button = button("Cancel")
        column.addLayout(button_row(self.cancel_button, self.book_button))

    def set_book_text(self, text: str, *, enabled: bool = True) -> None:
        """What pressing Book does now ("Book", "Check the dates", "Book all 4 visits")."""
        self.book_text, self._book_enabled = text, enabled
        if not self._busy:
            self.book_button.setText(text)
            self.book_button.setEnabled(enabled)

    def set_busy(self, busy: bool, busy_text: str = "Booking…") -> None:
        self._busy = busy
        self.book_button.setEnabled(not busy and self._book_enabled)
        self.book_button.setText(busy_text if busy else self.book_text)

    def finished(self) -> None:
        """Booked, with something to read first: only Close is left."""
        self.book_button.setVisible(False)
        self.cancel_button.setText("Close")
        self.cancel_button.setDefault(True)

    def reveal(self, widget: QWidget | None) -> None:
        self.body.reveal(widget)
