"""A new password typed twice, with the password policy's verdict shown as it is typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from medspa_desktop.domain.passwords import password_problem
from medspa_desktop.services.password_policy import common_passwords
from medspa_desktop.ui.ops import QueryOp
from medspa_desktop.ui.style import restyle
from medspa_desktop.ui.widgets import label

START_HINT = "At least 8 characters; spaces are fine. A few unrelated words work well."


class PasswordCheck(QObject):
    """Owns the two password boxes and the feedback label; ``changed`` after each keystroke.

    The list of common passwords loads on the database worker the first time; until it is
    there only the length and username rules are checked live (the service checks all).
    """

    changed = Signal()

    def __init__(self, parent: QWidget, username: Callable[[], str] = lambda: "") -> None:
        super().__init__(parent)
        self._username = username
        self._common: frozenset[str] = frozenset()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.feedback: QLabel = label(START_HINT, "hint", wrap=True)
        # Room for the longest verdict from the start, so the form does not jump while typing.
        self.feedback.setMinimumHeight(self.feedback.fontMetrics().lineSpacing() * 3)
        self.feedback.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.password.textChanged.connect(self.check)
        self.repeat.textChanged.connect(self.check)
        QueryOp(parent, common_passwords).success(self._loaded).run()

    def problem(self) -> str | None:
        """Why the typed password can't be used yet, or ``None``."""
        found = password_problem(
            self.password.text(), username=self._username(), common=self._common
        )
        if found:
            return found
        if self.repeat.text() != self.password.text():
            return "The two passwords are not the same yet."
        return None

    def check(self) -> None:
        """Show the verdict for what is typed now."""
        problem = self.problem()
        if not self.password.text():
            text, role = START_HINT, "hint"
        elif problem:
            text, role = problem, "fieldError"
        else:
            text, role = "✓ Good password.", "fieldOk"
        self.feedback.setText(text)
        self.feedback.setProperty("role", role)
        restyle(self.feedback)
        self.changed.emit()

    def _loaded(self, common: frozenset[str]) -> None:
        self._common = common
        self.check()
