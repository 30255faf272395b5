"""The Checkout section: start a new sale, or find where an appointment is checked out.
Appointments are checked out from the calendar (the appointment's "Check out…"), where the
desk already is when the client comes back to the front. GUI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.ui.checkout.card_control import TerminalSource
from medspa_desktop.ui.checkout.new_sale import NewSaleDialog, open_new_sale
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.shortcuts import NEW_SALE, native
from medspa_desktop.ui.widgets import EmptyState, button

HOW = (
    "To check out an appointment, choose it on the calendar and press “Check out…” (or "
    "right-click it). A new sale is for a walk-in or a client buying without an appointment: "
    "a product, a gift card, a package. Press {keys} from anywhere."
)


class CheckoutSection(QWidget):
    """A calm page with the New sale button; ``terminal`` is for tests (None: this PC's)."""

    def __init__(self, session: AppSession, terminal: TerminalSource | None = None) -> None:
        super().__init__()
        self.setObjectName("Page")
        self._session, self._terminal = session, terminal
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 18, 24, 16)
        self.note = EmptyState("Checkout", HOW.format(keys=native(NEW_SALE)), "checkout-large")
        column.addWidget(self.note, 1)
        self.new_sale_button = button(f"New sale…  ({native(NEW_SALE)})", "primary")
        if not session.may(Action.TICKET_OPEN):
            self.new_sale_button.hide()  # NOTE: never show() a widget before it has a parent
        self.new_sale_button.clicked.connect(self.new_sale)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.new_sale_button)
        row.addStretch(1)
        note = self.note.layout()
        assert isinstance(note, QVBoxLayout)
        note.insertSpacing(note.count() - 1, 12)
        note.insertLayout(note.count() - 1, row)  # under the words, above the last stretch

    def new_sale(self) -> NewSaleDialog | None:
        return open_new_sale(self, self._session, self._terminal)
