"""The right half of checkout: choose the tender (Ctrl+1 … Ctrl+4), the tender's page, the
one button that takes the payment (Enter), and the payments taken so far. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QListWidget, QStackedWidget, QVBoxLayout

from medspa_desktop.domain.money import Money
from medspa_desktop.services.tickets_read import TicketView
from medspa_desktop.ui.checkout.card_page import CardPage, ReaderMemory
from medspa_desktop.ui.checkout.segments import Segments
from medspa_desktop.ui.checkout.tender_pages import (
    CashPage,
    GiftCardPage,
    PayLaterPage,
    TenderPage,
)
from medspa_desktop.ui.checkout.words import CARD, CASH, GIFT_CARD, TENDERS, money, paid_with
from medspa_desktop.ui.shortcuts import native
from medspa_desktop.ui.style import row_height
from medspa_desktop.ui.widgets import button, label

VERBS = {
    CASH: "Take {amount} cash",
    CARD: "Charge {amount} on the card",
    GIFT_CARD: "Take {amount} from the gift card",
    "pay_later": "Put {amount} on account",
}
SHOWN_PAYMENTS = 2
"""Rows of payments in view: a split is mostly two tenders; more scroll."""


class TendersPanel(QFrame):
    """``take(TakeRequest)`` when the desk takes a payment (cash, card, gift card or pay
    later); the dialog runs it. ``chosen(tender)`` when another tender is chosen."""

    take = Signal(object)
    chosen = Signal(str)

    def __init__(self, memory: ReaderMemory) -> None:
        super().__init__()
        self.setObjectName("Tenders")
        self.ticket: TicketView | None = None
        self.cash, self.card = CashPage(), CardPage(memory)
        self.gift, self.later = GiftCardPage(), PayLaterPage()
        self.pages: list[TenderPage] = [self.cash, self.card, self.gift, self.later]
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(8)
        column.addWidget(label("Take payment", "subtitle"))
        self.choice = Segments([title for _, title in TENDERS], "Tender")
        for number, segment in enumerate(self.choice.buttons, start=1):
            segment.setToolTip(f"{segment.text()} ({native(f'Ctrl+{number}')})")
            segment.clicked.connect(lambda _=False, n=number - 1: self.choose(n))
        column.addWidget(self.choice)
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
            page.amount.edit.textChanged.connect(lambda _t: self._words())
        column.addWidget(self.stack, 1)
        self.gift.code.textChanged.connect(lambda _t: self._words())
        self.take_button = button("Take payment", "primary")
        self.take_button.clicked.connect(self.take_now)
        column.addWidget(self.take_button)
        column.addWidget(self._payments())
        self.choose(0)

    def _payments(self) -> QFrame:
        holder = QFrame()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(4)
        column.addWidget(label("Payments taken", "hint"))
        self.payments = QListWidget()
        self.payments.setAccessibleName("Payments taken")
        self.payments.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.payments.setFixedHeight(row_height() * SHOWN_PAYMENTS + 6)
        column.addWidget(self.payments)
        return holder

    def page(self) -> TenderPage:
        return self.pages[self.stack.currentIndex()]

    def choose(self, index: int) -> None:
        """Show tender ``index`` (0 cash … 3 pay later) with its amount ready to type."""
        if not self.choice.isEnabled():
            return
        self.choice.check(index)
        self.stack.setCurrentIndex(index)
        self._words()
        self.page().amount.edit.setFocus()
        self.page().amount.edit.selectAll()
        self.chosen.emit(self.page().tender)

    def show_ticket(self, ticket: TicketView) -> None:
        self.ticket = ticket
        for page in self.pages:
            page.show_ticket(ticket)
        self.payments.clear()
        for paid in ticket.payments:
            how = paid_with(paid.tender, paid.card_brand, paid.card_last4)
            at = paid.received_at.astimezone().strftime("%H:%M")
            self.payments.addItem(f"{how}   {money(paid.amount_minor, ticket.currency)}   {at}")
        if not ticket.payments:
            self.payments.addItem("Nothing taken yet")
        self._words()

    def set_busy(self, busy: bool) -> None:
        """While a payment is being taken: one at a time, and no switching tenders; the
        card's progress panel (with its Cancel) takes the take button's place."""
        self.choice.setEnabled(not busy)
        self.take_button.setEnabled(not busy and self._can_take())
        self.take_button.setVisible(not (busy and self.page() is self.card))

    def take_now(self) -> None:
        """Enter or the button: take the current tender's amount."""
        if not self.take_button.isEnabled():
            return
        request = self.page().request()
        if request is not None:
            self.take.emit(request)

    def _can_take(self) -> bool:
        ticket = self.ticket
        open_balance = ticket is not None and ticket.status == "open" and ticket.balance_minor > 0
        return open_balance and not self.page().problem()

    def _words(self) -> None:
        page, ticket = self.page(), self.ticket
        text = "Take payment"
        if ticket is not None:
            try:
                amount = Money.parse(page.amount.edit.text(), ticket.currency).format()
            except ValueError:
                amount = ""
            text = VERBS[page.tender].format(amount=amount).replace("  ", " ")
        self.take_button.setText(text)
        self.take_button.setEnabled(self.choice.isEnabled() and self._can_take())
