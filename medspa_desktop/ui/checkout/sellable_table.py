"""The table of what a location sells, in the product picker: products with their stock
here, then packages, then membership plans, each group under its heading; typing filters
it by name. Built from ``sellable_items`` results; nothing here reads the database.
GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from medspa_desktop.services.sale_lists import SellableItem
from medspa_desktop.ui.checkout.words import money
from medspa_desktop.ui.style import list_table, row_height

GROUPS = (("product", "Products"), ("package", "Packages"), ("membership", "Membership plans"))
COLUMNS = ("Item", "Price", "Stock")
HEADING_COLOUR = QColor("#10414a")
OUT_COLOUR = QColor("#b42318")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ROWS_WANTED = 12
"""Rows asked for when the picker opens; fewer where the screen is short (a tablet)."""


def stock_text(item: SellableItem) -> str:
    """``12 in stock`` or ``Out of stock`` for a product; nothing for what is not stocked."""
    if item.on_hand is None:
        return ""
    return f"{item.on_hand} in stock" if item.on_hand > 0 else "Out of stock"


class SellableTable(QTableWidget):
    """``rows[i]`` is the item on row ``i``, or None on a group heading."""

    def __init__(self) -> None:
        super().__init__(0, len(COLUMNS))
        self.rows: list[SellableItem | None] = []
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.setAccessibleName("Products, packages and membership plans")
        list_table(self, 0, alternate=False)

    def sizeHint(self) -> QSize:
        # NOTE: a hint, not a minimum: the dialog is fitted to the screen and the table gives
        # way (to the refusal banner, or on a tablet) and scrolls.
        header = self.horizontalHeader().sizeHint().height()
        return QSize(560, header + row_height() * ROWS_WANTED + 2 * self.frameWidth())

    def show_items(self, items: Sequence[SellableItem], currency: str) -> None:
        self.clearSpans()
        self.rows = []
        headings: dict[int, str] = {}
        for kind, title in GROUPS:
            group = [item for item in items if item.kind == kind]
            if group:
                headings[len(self.rows)] = title
                self.rows += [None, *group]
        self.setRowCount(len(self.rows))
        for row, item in enumerate(self.rows):
            if item is None:
                self._heading(row, headings[row])
            else:
                self._item(row, item, currency)
        self.choose_first()

    def _heading(self, row: int, title: str) -> None:
        cell = QTableWidgetItem(title)
        cell.setFlags(Qt.ItemFlag.NoItemFlags)  # NOTE: disabled, so the arrow keys skip it
        font = QFont(self.font())
        font.setBold(True)
        cell.setFont(font)
        cell.setForeground(QBrush(HEADING_COLOUR))
        self.setItem(row, 0, cell)
        self.setSpan(row, 0, 1, len(COLUMNS))

    def _item(self, row: int, item: SellableItem, currency: str) -> None:
        texts = (item.name, money(item.price_minor, currency), stock_text(item))
        for column, text in enumerate(texts):
            cell = QTableWidgetItem(text)
            cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            if column:
                cell.setTextAlignment(RIGHT)
            if column == 2 and item.on_hand is not None and item.on_hand <= 0:
                cell.setForeground(QBrush(OUT_COLOUR))
            self.setItem(row, column, cell)

    def filter(self, text: str) -> int:
        """Show the items whose name holds ``text`` (and their headings); how many show."""
        term = text.strip().casefold()
        shown = 0
        heading: int | None = None
        group_shown = False
        for row, item in enumerate(self.rows):
            if item is None:
                self._close_group(heading, group_shown)
                heading, group_shown = row, False
                continue
            match = term in item.name.casefold()
            self.setRowHidden(row, not match)
            shown += match
            group_shown = group_shown or match
        self._close_group(heading, group_shown)
        chosen = self.currentRow()
        if chosen < 0 or self.isRowHidden(chosen) or self.rows[chosen] is None:
            self.choose_first()
        return shown

    def _close_group(self, heading: int | None, shown: bool) -> None:
        if heading is not None:
            self.setRowHidden(heading, not shown)

    def choose_first(self) -> None:
        for row, item in enumerate(self.rows):
            if item is not None and not self.isRowHidden(row):
                self.selectRow(row)
                self.scrollTo(self.model().index(row, 0))
                return
        self.clearSelection()
        self.setCurrentCell(-1, -1)

    def chosen(self) -> SellableItem | None:
        rows = self.selectionModel().selectedRows()
        if not rows or self.isRowHidden(rows[0].row()):
            return None
        return self.rows[rows[0].row()]
