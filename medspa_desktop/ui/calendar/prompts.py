"""Small questions the calendar asks: a reason (cancelling, waiving a fee), and what to do
about a refused booking or move (a manager may go ahead with a reason). GUI thread.

Both open without blocking (``open()``) and report through signals, so no nested event
loop runs inside an operation's callback.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from medspa_desktop.services.booking import BookingRefused
from medspa_desktop.ui.dialogs import FittedDialog
from medspa_desktop.ui.widgets import AlertBanner, button, button_row, label

MAX_REASON = 200


def reason_box(name: str, placeholder: str) -> QLineEdit:
    box = QLineEdit()
    box.setMaxLength(MAX_REASON)
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    return box


class ReasonDialog(FittedDialog):
    """Asks why before doing something that needs a reason; ``given(reason)`` on confirm."""

    given = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        confirm: str,
        *,
        placeholder: str = "",
        danger: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(10)
        column.addWidget(label(title, "title"))
        column.addWidget(label(text, wrap=True))
        self.reason = reason_box("Reason", placeholder)
        column.addWidget(label("Reason (required)", "subtitle"))
        column.addWidget(self.reason)
        self.confirm_button = button(confirm, "danger" if danger else "primary")
        self.confirm_button.setEnabled(False)
        self.confirm_button.clicked.connect(self._confirm)
        back = button("Go back")
        back.clicked.connect(self.reject)
        column.addLayout(button_row(back, self.confirm_button))
        self.reason.textChanged.connect(lambda t: self.confirm_button.setEnabled(bool(t.strip())))
        self.reason.returnPressed.connect(self._confirm)

    def _confirm(self) -> None:
        reason = self.reason.text().strip()
        if reason:
            self.given.emit(reason)
            self.accept()


class OverridePanel(QWidget):
    """A refusal in plain words; for a manager, a reason field and "Book anyway".

    ``override(reason)`` when the manager goes ahead. Used inside the booking dialog and in
    :class:`RefusalDialog`.
    """

    override = Signal(str)

    def __init__(self, go_ahead: str = "Book anyway") -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.banner = AlertBanner("danger")
        column.addWidget(self.banner)
        self.reason_label = label("Manager override: why book it anyway? (recorded)", "subtitle")
        self.reason = reason_box(
            "Override reason", "e.g. Quick top-up agreed with the practitioner"
        )
        self.go_ahead = button(go_ahead, "danger")
        self.go_ahead.setEnabled(False)
        self.go_ahead.clicked.connect(self._go)
        self.reason.textChanged.connect(lambda t: self.go_ahead.setEnabled(bool(t.strip())))
        self.reason.returnPressed.connect(self._go)
        column.addWidget(self.reason_label)
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.go_ahead)
        column.addLayout(row)
        self.setVisible(False)

    def show_refusal(self, refused: BookingRefused, title: str = "Not booked") -> None:
        self.show_message(title, refused.message, can_override=refused.can_override)

    def show_message(
        self, title: str, text: str, *, can_override: bool, focus: bool = True
    ) -> None:
        """``text`` under ``title``; the reason field only where a manager may go ahead."""
        self.banner.set_message(title, text)
        self.banner.setVisible(bool(title or text))
        for widget in (self.reason_label, self.reason, self.go_ahead):
            widget.setVisible(can_override)
        self.reason.clear()
        self.setVisible(True)
        if can_override and focus:
            self.reason.setFocus()

    def hide_refusal(self) -> None:
        self.setVisible(False)

    def _go(self) -> None:
        reason = self.reason.text().strip()
        if reason:
            self.go_ahead.setEnabled(False)
            self.override.emit(reason)


class RefusalDialog(FittedDialog):
    """A refused move (the card is back where it was) or restore; a manager may go ahead."""

    override = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        refused: BookingRefused,
        title: str,
        *,
        headline: str = "The appointment stays where it was",
        go_ahead: str = "Move anyway",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(10)
        column.addWidget(label(title, "title"))
        self.panel = OverridePanel(go_ahead)
        self.panel.show_refusal(refused, headline)
        self.panel.override.connect(self._override)
        column.addWidget(self.panel)
        close = button("OK, leave it" if refused.can_override else "OK", default=True)
        close.clicked.connect(self.reject)
        column.addLayout(button_row(close))

    def _override(self, reason: str) -> None:
        self.override.emit(reason)
        self.accept()
