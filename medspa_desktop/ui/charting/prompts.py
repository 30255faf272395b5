"""The two questions the chart asks: the practitioner's password or PIN to sign, and the
text of an addendum. Each says ``given(text)``; the chart runs the service and either
closes the dialog or shows the refusal in it (``show_error``). GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.ui.charting.look import CHARTING_QSS
from medspa_desktop.ui.dialogs import ask_to_save
from medspa_desktop.ui.widgets import button, button_row, label

SIGN_TEXT = (
    "Signing seals this chart: afterwards it can only be added to, never changed. "
    "The lots it names come off stock. Type your password or PIN to sign as yourself."
)


class _Prompt(QDialog):
    given = Signal(str)

    def __init__(self, parent: QWidget, title: str, text: str, confirm: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(CHARTING_QSS)
        self.setMinimumWidth(520)
        self.column = QVBoxLayout(self)
        self.column.setSpacing(10)
        self.column.addWidget(label(title, "title"))
        self.column.addWidget(label(text, wrap=True))
        self.error = label("", "fieldError", wrap=True)
        self.error.setVisible(False)
        self.confirm = button(confirm, "primary", default=True)
        self.confirm.clicked.connect(self._confirm)
        self.cancel = button("Cancel")
        self.cancel.clicked.connect(self.reject)

    def _finish(self) -> None:
        self.column.addWidget(self.error)
        self.column.addLayout(button_row(self.cancel, self.confirm))

    def text(self) -> str:
        raise NotImplementedError

    def _confirm(self) -> None:
        if self.text().strip():
            self.set_busy(True)
            self.given.emit(self.text())
        else:
            self.show_error("Fill this in first.")

    def set_busy(self, busy: bool) -> None:
        self.confirm.setEnabled(not busy)

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.error.setVisible(True)


class SignPrompt(_Prompt):
    """Asks for the signing practitioner's password or PIN (never kept after the call)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "Sign the chart", SIGN_TEXT, "Sign chart")
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText("Password or PIN")
        self.secret.setAccessibleName("Your password or PIN")
        self.secret.returnPressed.connect(self._confirm)
        self.column.addWidget(self.secret)
        self._finish()

    def text(self) -> str:
        return self.secret.text()

    def show_error(self, message: str) -> None:
        super().show_error(message)
        self.secret.selectAll()
        self.secret.setFocus()


class AddendumPrompt(_Prompt):
    """The text of an addendum to a signed chart."""

    def __init__(self, parent: QWidget) -> None:
        text = "An addendum is added under the signed chart with your name and the time."
        super().__init__(parent, "Add an addendum", text, "Add addendum")
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName("Addendum")
        self.edit.setMinimumHeight(160)
        self.column.addWidget(self.edit)
        self._finish()

    def text(self) -> str:
        return self.edit.toPlainText()


def ask_before_closing(
    parent: QWidget, save: Callable[[], None], discard: Callable[[], None]
) -> QMessageBox:
    """Closing a chart with changes not saved: save the draft, throw the changes away, or go
    back to the chart (Esc). Nothing is lost without saying so."""
    question = "This chart has changes that are not saved yet. Save them as a draft before closing?"
    return ask_to_save(parent, ("Chart not saved", question, "Keep charting"), save, discard)
