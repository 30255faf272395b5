"""The ticket's lines: a thin table model over ``TicketView.lines``, and the table that
shows them (Delete asks to remove the chosen line, + and − change its quantity). GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableView

from medspa_desktop.services.tickets_read import LineView
from medspa_desktop.ui.checkout.words import money, percent
from medspa_desktop.ui.style import list_table

COLUMNS = ("Item", "Staff", "Qty", "Price", "Discount", "Tax", "Total")
"""Amounts show without the currency, which the sums under the table carry."""
NUMBERS = frozenset({2, 3, 4, 5, 6})
Index = QModelIndex | QPersistentModelIndex


class LinesModel(QAbstractTableModel):
    """One row per line; ``data()`` reads only the cached lines."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: tuple[LineView, ...] = ()
        self.currency = "USD"

    def show(self, lines: Sequence[LineView], currency: str) -> None:
        self.beginResetModel()
        self.lines, self.currency = tuple(lines), currency
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMBERS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(line, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            why = f"\nDiscount: {line.discount_reason}" if line.discount_reason else ""
            return f"{line.description}{why}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMBERS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _cell(self, line: LineView, column: int) -> str:
        if column == 0:
            return line.description
        if column == 1:
            return line.staff_name or "—"
        if column == 2:
            return str(line.quantity)
        if column == 3:
            return self._amount(line.unit_price_minor)
        if column == 4:
            return self._discount(line)
        if column == 5:
            return self._amount(line.tax_minor) if line.tax_minor else "—"
        return self._amount(line.total_minor)

    def _amount(self, minor: int) -> str:
        return money(minor, self.currency).split(" ", 1)[1]

    def _discount(self, line: LineView) -> str:
        if not line.discount_minor:
            return "—"
        off = self._amount(-line.discount_minor)
        return f"{off} ({percent(line.discount_value)})" if line.discount_kind == "percent" else off


class LinesTable(QTableView):
    """``remove_requested(line)`` on Delete; ``step_requested(line, ±1)`` on + and −."""

    remove_requested = Signal(object)
    step_requested = Signal(object, int)

    def __init__(self) -> None:
        super().__init__()
        self.lines = LinesModel()
        self.setModel(self.lines)
        self.setAccessibleName("Ticket lines")
        list_table(self, 0)

    def show_lines(self, lines: Sequence[LineView], currency: str) -> None:
        """Show ``lines``, keeping the chosen line chosen (or the first one)."""
        keep = self.chosen()
        self.lines.show(lines, currency)
        ids = [line.id for line in lines]
        if keep is not None and keep.id in ids:
            self.selectRow(ids.index(keep.id))
        elif ids:
            self.selectRow(0)

    def chosen(self) -> LineView | None:
        rows = self.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.lines.lines):
            return None
        return self.lines.lines[rows[0].row()]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        line = self.chosen()
        key = event.key()
        if line is not None and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_requested.emit(line)
        elif line is not None and key == Qt.Key.Key_Plus:
            self.step_requested.emit(line, 1)
        elif line is not None and key == Qt.Key.Key_Minus:
            self.step_requested.emit(line, -1)
        else:
            super().keyPressEvent(event)
