"""One input per kind of chart field: text, number with its unit, choice (big segmented
buttons) and the lot picker. Each gives ``value()`` as the chart body stores it, takes it
back with ``set_value``, turns read-only once the chart is signed, and says ``changed``.
GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDoubleValidator, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.domain.chart_template import FieldSpec
from medspa_desktop.services.chart_lots import LotChoice
from medspa_desktop.ui.charting.look import TOUCH_PX
from medspa_desktop.ui.checkout.segments import Segments
from medspa_desktop.ui.style import set_role
from medspa_desktop.ui.widgets import button, label

NOTES_HEIGHT_PX = 110
LOT_MIN_PX = 240
LOT_PADDING_PX = 32
"""The lot button's padding left and right (``look.CHARTING_QSS``) and a little air."""


class ChartField(QWidget):
    """What the form needs of every field."""

    changed = Signal()

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.spec = spec
        self.setAccessibleName(spec.label)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)


class TextField(ChartField):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        row = QVBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit: QPlainTextEdit | QLineEdit
        if spec.multiline:
            self.edit = QPlainTextEdit()
            self.edit.setFixedHeight(NOTES_HEIGHT_PX)
            self.edit.setTabChangesFocus(True)
            self.edit.textChanged.connect(self.changed)
        else:
            self.edit = QLineEdit()
            self.edit.textChanged.connect(lambda _text: self.changed.emit())
        row.addWidget(self.edit)

    def value(self) -> str:
        edit = self.edit
        text = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
        return text.strip()

    def set_value(self, value: Any) -> None:
        text = value if isinstance(value, str) else ""
        if isinstance(self.edit, QPlainTextEdit):
            self.edit.setPlainText(text)
        else:
            self.edit.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class NumberField(ChartField):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setValidator(QDoubleValidator(self.edit))
        self.edit.setMaximumWidth(180)
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.edit.textChanged.connect(lambda _text: self.changed.emit())
        row.addWidget(self.edit)
        row.addWidget(label(spec.unit, "unit"))
        limits = [f"{b:g}" for b in (spec.minimum, spec.maximum) if b is not None]
        row.addWidget(label(f"({' – '.join(limits)})" if len(limits) == 2 else "", "hint"))
        row.addStretch(1)

    def value(self) -> float | int | None:
        text = self.edit.text().strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() else number

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else f"{value:g}")

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class ChoiceField(ChartField):
    """Big joined buttons; tapping the chosen one again clears it."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.segments = Segments(spec.choices, spec.label)
        self.segments.group.idClicked.connect(lambda _id: self.changed.emit())
        row.addWidget(self.segments)
        row.addStretch(1)

    def value(self) -> str | None:
        chosen = self.segments.checked()
        return self.spec.choices[chosen] if chosen >= 0 else None

    def set_value(self, value: Any) -> None:
        choices = self.spec.choices
        self.segments.check(choices.index(value) if value in choices else None)

    def choose(self, text: str) -> None:
        self.segments.buttons[self.spec.choices.index(text)].click()


class LotRow(QWidget):
    """One lot in stock: a big checkable button naming it, and − count + beside it."""

    changed = Signal()

    def __init__(self, lot: LotChoice) -> None:
        super().__init__()
        self.lot = lot
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self._one_line, self._two_lines = _lot_words(lot)
        self.pick = QPushButton(self._one_line)
        # NOTE: narrower than its text when it must be (an upright tablet): the text then
        # takes two lines instead of being cut.
        self.pick.setMinimumWidth(LOT_MIN_PX)
        set_role(self.pick, "lot")
        self.pick.setCheckable(True)
        self.pick.setAutoDefault(False)
        self.pick.toggled.connect(self._toggled)
        self.fewer, self.more = button("−", "sign"), button("+", "sign")
        self.count = label("", "total")
        self.count.setMinimumWidth(48)
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget, step in ((self.fewer, -1), (self.more, 1)):
            widget.setFixedWidth(TOUCH_PX + 8)
            widget.setAutoDefault(False)
            widget.clicked.connect(lambda _=False, s=step: self.set_quantity(self.quantity + s))
        self.fewer.setAccessibleName(f"One fewer of lot {lot.lot_number}")
        self.more.setAccessibleName(f"One more of lot {lot.lot_number}")
        row.addWidget(self.pick, 1)
        row.addWidget(self.fewer)
        row.addWidget(self.count)
        row.addWidget(self.more)
        self.quantity = 0
        self.set_quantity(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        room = self.pick.contentsRect().width() - LOT_PADDING_PX
        fits = self.pick.fontMetrics().horizontalAdvance(self._one_line) <= room
        self.pick.setText(self._one_line if fits else self._two_lines)

    def set_quantity(self, quantity: int) -> None:
        self.quantity = max(0, quantity)
        self.count.setText(str(self.quantity) if self.quantity else "")
        self.pick.blockSignals(True)
        self.pick.setChecked(self.quantity > 0)
        self.pick.blockSignals(False)
        self.fewer.setEnabled(self.quantity > 0 and self.pick.isEnabled())
        self.changed.emit()

    def _toggled(self, checked: bool) -> None:
        self.set_quantity(1 if checked else 0)


class LotField(ChartField):
    """The lots in date with stock, first expiring first; a tap uses one of that lot."""

    def __init__(self, spec: FieldSpec, lots: Sequence[LotChoice]) -> None:
        super().__init__(spec)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        # NOTE: "injectable" holds neuromodulators and fillers alike; lots counted in the
        # field's unit (syringes for a filler) come first, each group first expiring first.
        ordered = sorted(lots, key=lambda lot: lot.unit != spec.unit)
        self.rows = [LotRow(lot) for lot in ordered]
        self.extra: list[dict[str, Any]] = []
        """Lots the saved chart names that are no longer offered (used up, out of date)."""
        for row in self.rows:
            row.changed.connect(self.changed)
            column.addWidget(row)
        self.none = label("No lots of this product are in stock and in date here.", "hint")
        self.none.setVisible(not self.rows)
        column.addWidget(self.none)

    def value(self) -> list[dict[str, Any]]:
        chosen = [{"lot_id": r.lot.lot_id, "quantity": r.quantity} for r in self.rows if r.quantity]
        return chosen + self.extra

    def set_value(self, value: Any) -> None:
        used = {item["lot_id"]: item["quantity"] for item in value or ()}
        for row in self.rows:
            row.set_quantity(used.pop(row.lot.lot_id, 0))
        self.extra = [{"lot_id": lot, "quantity": count} for lot, count in used.items()]

    def chosen_lot(self) -> str | None:
        return next((r.lot.lot_id for r in self.rows if r.quantity), None)

    def set_read_only(self, read_only: bool) -> None:
        for row in self.rows:
            for widget in (row.pick, row.fewer, row.more):
                widget.setEnabled(not read_only)
            row.fewer.setEnabled(not read_only and row.quantity > 0)


def _lot_words(lot: LotChoice) -> tuple[str, str]:
    """What a lot's button says, on one line and on two (product and lot, then stock)."""
    expiry = f"expires {lot.expires_on:%d %b %Y}" if lot.expires_on else "no expiry"
    which = f"{lot.product_name}   ·   Lot {lot.lot_number}"
    stock = f"{expiry}   ·   {lot.on_hand} {_counted(lot.unit, lot.on_hand)} on hand"
    return f"{which}   ·   {stock}", f"{which}\n{stock}"


def _counted(unit: str, count: int) -> str:
    """ "syringe" -> "syringes" for any count but one; units ("U", "mL") stay as they are."""
    return (
        unit + "s" if count != 1 and unit.isalpha() and unit.islower() and len(unit) > 2 else unit
    )
