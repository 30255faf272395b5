"""The ticket's sums under its lines: subtotal, discounts, tax, the tip (the location's
presets, a custom amount, or none), total, paid, and the balance due in large type.

``tip_preset(percent_bp)``, ``tip_custom()`` and ``tip_none()`` ask for a change; the
panel shows what the ticket says, never what was clicked. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from medspa_desktop.services.tickets_read import TicketView
from medspa_desktop.ui.checkout.segments import Segments
from medspa_desktop.ui.checkout.words import money, percent
from medspa_desktop.ui.shortcuts import native
from medspa_desktop.ui.style import restyle
from medspa_desktop.ui.widgets import label

TIP_KEYS = "Ctrl+T"


def _amount(role: str = "amount") -> QLabel:
    widget = label("", role)
    widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return widget


class TotalsPanel(QFrame):
    """The sums of one ticket; ``show_ticket`` fills it in."""

    tip_preset = Signal(int)
    tip_custom = Signal()
    tip_none = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("TicketSums")
        self.presets: tuple[int, ...] = ()
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 8, 14, 10)
        column.setSpacing(6)
        self.tip_row = QHBoxLayout()
        self.tip_row.setSpacing(10)
        column.addLayout(self.tip_row)
        self.tips = Segments(["No tip"], "Tip")
        self._set_presets(())
        column.addLayout(self._sums_grid())

    def _sums_grid(self) -> QGridLayout:
        """What the ticket comes to on the left; total, paid and balance due on the right."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(2)
        self.sums = {name: _amount() for name in ("subtotal", "discount", "tax", "tip")}
        for row, (name, title) in enumerate(
            (("subtotal", "Subtotal"), ("discount", "Discounts"), ("tax", "Tax"), ("tip", "Tip"))
        ):
            grid.addWidget(label(title, "hint"), row, 0)
            grid.addWidget(self.sums[name], row, 1)
        self.total = _amount("total")
        self.paid = _amount()
        self.balance_title = label("Balance due", "subtitle")
        self.balance = _amount("balance")
        grid.addWidget(label("Total", "subtitle"), 0, 3)
        grid.addWidget(self.total, 0, 4)
        grid.addWidget(label("Paid", "hint"), 1, 3)
        grid.addWidget(self.paid, 1, 4)
        grid.addWidget(self.balance_title, 2, 3, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.balance, 2, 4, 2, 1)
        grid.setColumnStretch(2, 1)
        grid.setColumnMinimumWidth(4, 170)
        return grid

    def _set_presets(self, presets: tuple[int, ...]) -> None:
        """One button per preset, then Custom… and No tip."""
        self.presets = presets
        while self.tip_row.count():
            item = self.tip_row.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().hide()  # NOTE: out of view now, deleted when the loop gets to it
                item.widget().deleteLater()
        texts = [percent(bp) for bp in presets] + ["Custom…", "No tip"]
        self.tips = Segments(texts, "Tip")
        self.tips.setToolTip(f"The tip ({native(TIP_KEYS)} for a custom tip)")
        for number, button in enumerate(self.tips.buttons):
            button.clicked.connect(lambda _=False, n=number: self._clicked(n))
        self.tip_row.addWidget(label("Tip", "subtitle"))
        self.tip_row.addWidget(self.tips)
        self.tip_row.addStretch(1)

    def _clicked(self, number: int) -> None:
        if number < len(self.presets):
            self.tip_preset.emit(self.presets[number])
        elif number == len(self.presets):
            self.tip_custom.emit()
        else:
            self.tip_none.emit()

    def show_ticket(self, ticket: TicketView) -> None:
        if ticket.tip_presets_bp != self.presets:
            self._set_presets(ticket.tip_presets_bp)
        cash = ticket.currency
        self.sums["subtotal"].setText(money(ticket.subtotal_minor, cash))
        self.sums["discount"].setText(money(-ticket.discount_minor, cash))
        self.sums["tax"].setText(money(ticket.tax_minor, cash))
        tip = money(ticket.tip_minor, cash)
        self.sums["tip"].setText(
            f"{tip} ({percent(ticket.tip_percent_bp)})" if ticket.tip_percent_bp else tip
        )
        self.total.setText(money(ticket.total_minor, cash))
        self.paid.setText(money(ticket.paid_minor, cash))
        self._show_balance(ticket)
        self._check_tip(ticket)
        self.tips.setEnabled(ticket.status == "open")

    def _show_balance(self, ticket: TicketView) -> None:
        # NOTE: an empty ticket owes nothing yet, but it is not "Paid in full" either.
        settled = ticket.status != "open" or (bool(ticket.lines) and ticket.balance_minor <= 0)
        self.balance_title.setText("Balance due" if not settled else "Paid in full")
        self.balance.setText(money(max(ticket.balance_minor, 0), ticket.currency))
        self.balance.setProperty("settled", settled)
        restyle(self.balance)

    def _check_tip(self, ticket: TicketView) -> None:
        if ticket.tip_percent_bp in self.presets:
            self.tips.check(self.presets.index(ticket.tip_percent_bp))
        elif ticket.tip_minor or ticket.tip_percent_bp:
            self.tips.check(len(self.presets))
        else:
            self.tips.check(len(self.presets) + 1)
