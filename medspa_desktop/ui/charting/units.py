"""The amount injected in one point: a field for the number and quick buttons for the usual
amounts (0.1 mL, 4 U ...), so a gloved hand rarely needs the keyboard. GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from medspa_desktop.ui.widgets import button, label

QUICK = {"mL": (0.1, 0.2, 0.5, 1.0), "U": (2, 4, 5, 10)}
OTHER = (1, 2, 5, 10)


class UnitsEntry(QWidget):
    """``changed(amount)`` when a number is typed or a quick amount tapped."""

    changed = Signal(float)

    def __init__(self, unit: str) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        self.edit = QLineEdit()
        self.edit.setValidator(QDoubleValidator(0.0, 1000.0, 3, self.edit))
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.edit.setAccessibleName(f"Amount in {unit or 'units'}")
        self.edit.textEdited.connect(self._typed)
        grid.addWidget(self.edit, 0, 0, 1, 3)
        grid.addWidget(label(unit, "unit"), 0, 3)
        self.amounts = QUICK.get(unit, OTHER)
        self.quick: list[QPushButton] = []
        for column, amount in enumerate(self.amounts):
            quick = button(f"{amount:g}")
            quick.setAutoDefault(False)
            quick.setAccessibleName(f"{amount:g} {unit}")
            quick.clicked.connect(lambda _=False, a=amount: self._tapped(a))
            grid.addWidget(quick, 1, column)
            self.quick.append(quick)

    def first_amount(self) -> float:
        return float(self.amounts[0])

    def set_amount(self, amount: float) -> None:
        if self.amount() != amount:
            self.edit.setText(f"{amount:g}")

    def amount(self) -> float | None:
        try:
            return float(self.edit.text().replace(",", "."))
        except ValueError:
            return None

    def _typed(self, _text: str) -> None:
        amount = self.amount()
        if amount is not None and amount > 0:
            self.changed.emit(amount)

    def _tapped(self, amount: float) -> None:
        self.edit.setText(f"{amount:g}")
        self.changed.emit(float(amount))
