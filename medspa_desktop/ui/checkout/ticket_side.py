"""The left half of checkout: the ticket's lines with what can be done to them (add a
service, a product, package or plan, or a gift card; discount, quantity, remove), and its
sums under them. GUI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from medspa_desktop.services.tickets_read import LineView, TicketView
from medspa_desktop.ui.checkout.lines import LinesTable
from medspa_desktop.ui.checkout.totals import TotalsPanel
from medspa_desktop.ui.shortcuts import native
from medspa_desktop.ui.widgets import ResponsiveBox, button

DISCOUNT_KEYS = "Ctrl+D"
PRODUCT_KEYS = "Ctrl+P"


class TicketSide(QWidget):
    """``lines`` (the table), the line buttons, and ``totals``."""

    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.lines = LinesTable()
        column.addWidget(self.lines, 1)
        column.addWidget(self._line_buttons())
        self.totals = TotalsPanel()
        column.addWidget(self.totals)
        self.lines.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.open = False

    def _line_buttons(self) -> ResponsiveBox:
        """Adding lines, then changing the chosen one: on one row, or two when narrow."""
        buttons = ResponsiveBox(0, spacing=6)
        adding, changing = QWidget(), QWidget()
        buttons.add(adding, 1)
        buttons.add(changing)
        self.add_service = button("+ Service…")
        self.add_product = button("+ Product…")
        self.add_product.setToolTip(
            f"Add a product, package or membership plan ({native(PRODUCT_KEYS)})"
        )
        self.add_gift_card = button("+ Gift card…")
        self.discount = button("Discount…")
        self.discount.setToolTip(f"Discount the chosen line ({native(DISCOUNT_KEYS)})")
        self.fewer = self._small("−", "One fewer of the chosen line (−)")
        self.more = self._small("+", "One more of the chosen line (+)")
        self.remove = button("Remove")
        self.remove.setToolTip("Remove the chosen line (Delete)")
        _row(adding, self.add_service, self.add_product, self.add_gift_card, self.discount, None)
        _row(changing, None, self.fewer, self.more, self.remove)
        return buttons

    @staticmethod
    def _small(text: str, tip: str) -> QPushButton:
        widget = button(text, "sign")
        widget.setToolTip(tip)
        widget.setAccessibleName(tip)
        widget.setFixedWidth(44)
        return widget

    def show_ticket(self, ticket: TicketView) -> None:
        self.open = ticket.status == "open"
        self.lines.show_lines(ticket.lines, ticket.currency)
        self.totals.show_ticket(ticket)
        for widget in (self.add_service, self.add_product, self.add_gift_card):
            widget.setEnabled(self.open)
        self._enable()

    def chosen(self) -> LineView | None:
        return self.lines.chosen()

    def _enable(self) -> None:
        line = self.chosen() if self.open else None
        for widget in (self.discount, self.fewer, self.more, self.remove):
            widget.setEnabled(line is not None)
        if line is not None:
            self.fewer.setEnabled(line.quantity > 1)
            self.discount.setEnabled(line.kind != "gift_card")


def _row(holder: QWidget, *widgets: QWidget | None) -> None:
    """``widgets`` side by side in ``holder``; ``None`` is the room left over."""
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    for widget in widgets:
        if widget is None:
            row.addStretch(1)
        else:
            row.addWidget(widget)
