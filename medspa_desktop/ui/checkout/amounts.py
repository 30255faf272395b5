"""An amount typed at the desk: a large field that reads "120", "120.5" or "1,234.50" into
exact minor units, and says at the field what is wrong. GUI thread."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from medspa_desktop.domain.money import Money
from medspa_desktop.ui.checkout.words import money
from medspa_desktop.ui.style import restyle, set_role
from medspa_desktop.ui.widgets import label


class AmountField(QWidget):
    """``edit`` (the field) above ``error`` (hidden until there is something to say)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.edit = QLineEdit()
        self.edit.setAccessibleName(name)
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        set_role(self.edit, "tender")
        self.error = label("", "fieldError", wrap=True)
        self.error.setVisible(False)
        column.addWidget(self.edit)
        column.addWidget(self.error)
        self.edit.textEdited.connect(lambda _text: self.show_error(""))

    def set_minor(self, minor: int, currency: str) -> None:
        """Fill in ``minor`` as the desk would type it (``120.00``, no currency)."""
        self.edit.setText(money(minor, currency).split(" ", 1)[1])
        self.show_error("")

    def minor(self, currency: str) -> int | None:
        """The amount typed, or None after saying at the field what is wrong."""
        try:
            value = Money.parse(self.edit.text(), currency).minor
        except ValueError as err:
            self.show_error(f"{err}.")
            return None
        if value <= 0:
            self.show_error("Type an amount above zero.")
            return None
        return value

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.edit.setProperty("invalid", bool(text))
        restyle(self.edit)
        if text:
            self.edit.setFocus()


def percent_bp(text: str) -> int:
    """``"15"``, ``"15 %"`` or ``"12.5%"`` as basis points (1500, 1250); ``ValueError``
    with words for the desk otherwise."""
    cleaned = text.strip().rstrip("%").strip()
    try:
        value = Decimal(cleaned) * 100
    except InvalidOperation:
        raise ValueError("Type a percent such as 10 or 12.5") from None
    if value != value.to_integral_value() or not 0 < value <= 10_000:
        raise ValueError("Type a percent above 0 and at most 100, with at most two decimals")
    return int(value)
