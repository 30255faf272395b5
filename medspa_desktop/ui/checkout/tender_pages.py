"""The tenders taken at the desk without a card reader: cash (with quick amounts and the
change due in large type), a gift card (code and balance), and pay later (on a client's
account). Each page defaults its amount to the balance due. GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from medspa_desktop.domain.money import Money
from medspa_desktop.services.gift_cards import GiftCardInfo
from medspa_desktop.services.tickets_read import TicketView
from medspa_desktop.ui.checkout.amounts import AmountField
from medspa_desktop.ui.checkout.words import (
    CASH,
    GIFT_CARD,
    PAY_LATER,
    PAY_LATER_NEEDS_CLIENT,
    money,
)
from medspa_desktop.ui.widgets import CODE_TYPING, button, label

ROUND_STEPS = (10, 20, 50, 100)
"""Cash quick amounts: the balance rounded up to the next 10, 20, 50 and 100."""


@dataclass(frozen=True)
class TakeRequest:
    tender: str
    amount_minor: int
    gift_card_code: str = ""


def round_amounts(balance_minor: int, currency: str) -> list[int]:
    """The notes a client is likely to hand over for ``balance_minor``, smallest first."""
    unit = 10 ** Money(0, currency).digits
    found: list[int] = []
    for step in ROUND_STEPS:
        size = step * unit
        value = -(-balance_minor // size) * size
        if value > balance_minor and value not in found:
            found.append(value)
    return found


class TenderPage(QWidget):
    """An amount field (the balance due by default) above what each tender adds."""

    tender = ""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.ticket: TicketView | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.column = QVBoxLayout()
        self.column.setSpacing(6)
        outer.addLayout(self.column)
        outer.addStretch(1)  # the page's parts stay together at the top
        self.amount = AmountField(title)
        self.amount_title = label(title, "subtitle")
        self.column.addWidget(self.amount_title)
        self.column.addWidget(self.amount)

    def show_ticket(self, ticket: TicketView) -> None:
        self.ticket = ticket
        self.amount.set_minor(max(ticket.balance_minor, 0), ticket.currency)

    def problem(self) -> str:
        """Why this tender cannot be taken now ("" when it can)."""
        return ""

    def request(self) -> TakeRequest | None:
        """What to take, or None after showing at the field what is wrong."""
        if self.ticket is None:
            return None
        amount = self.amount.minor(self.ticket.currency)
        return None if amount is None else TakeRequest(self.tender, amount)


class CashPage(TenderPage):
    tender = CASH

    def __init__(self) -> None:
        super().__init__("Cash handed over")
        self.quick = QHBoxLayout()
        self.quick.setSpacing(6)
        self.quick_buttons: list[QPushButton] = []
        """"Exact", then round amounts above the balance."""
        self.column.addLayout(self.quick)
        self.change = label("", "change")
        self.change.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.change.setVisible(False)
        self.column.addWidget(self.change)

    def show_ticket(self, ticket: TicketView) -> None:
        super().show_ticket(ticket)
        while self.quick.count():
            item = self.quick.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().hide()  # NOTE: out of view now, deleted when the loop gets to it
                item.widget().deleteLater()
        self.quick_buttons = []
        if ticket.balance_minor <= 0:
            return
        for value in [ticket.balance_minor, *round_amounts(ticket.balance_minor, ticket.currency)]:
            text = money(value, ticket.currency).split(" ", 1)[1]
            quick = button("Exact" if value == ticket.balance_minor else text)
            quick.setToolTip(f"The client hands over {money(value, ticket.currency)}")
            quick.clicked.connect(lambda _=False, v=value: self._quick(v))
            self.quick.addWidget(quick)
            self.quick_buttons.append(quick)
        self.quick.addStretch(1)

    def _quick(self, value: int) -> None:
        if self.ticket is not None:
            self.amount.set_minor(value, self.ticket.currency)

    def show_change(self, change_minor: int, currency: str) -> None:
        """After taking cash: the change to hand back, in large type (hidden for none)."""
        self.change.setText(f"Change due: {money(change_minor, currency)}")
        self.change.setVisible(change_minor > 0)


class GiftCardPage(TenderPage):
    """``check_requested(code)`` asks for the card's balance."""

    tender = GIFT_CARD
    check_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__("Amount from the card")
        self.code = QLineEdit()
        self.code.setAccessibleName("Gift card code")
        self.code.setInputMethodHints(CODE_TYPING)
        self.code.setPlaceholderText("Code on the card, e.g. ABCD-EFGH-JKLM-NPQR")
        self.check_button = button("Check balance")
        self.check_button.clicked.connect(lambda: self.check_requested.emit(self.code.text()))
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.check_button)
        self.card_balance = label("", "hint", wrap=True)
        self.column.insertWidget(0, label("Gift card", "subtitle"))
        self.column.insertLayout(1, row)
        self.column.insertWidget(2, self.card_balance)

    def show_card(self, card: GiftCardInfo) -> None:
        """The card's balance; the amount becomes what the card can pay of the balance."""
        self.card_balance.setText(
            f"Card {card.code}: {money(card.balance_minor, card.currency)} left "
            f"({card.status.replace('_', ' ')})"
        )
        if self.ticket is not None and card.status == "active":
            usable = min(card.balance_minor, max(self.ticket.balance_minor, 0))
            self.amount.set_minor(usable, self.ticket.currency)

    def problem(self) -> str:
        return "" if self.code.text().strip() else "Type the code on the gift card first."

    def request(self) -> TakeRequest | None:
        taken = super().request()
        if taken is None:
            return None
        return TakeRequest(GIFT_CARD, taken.amount_minor, self.code.text().strip())


class PayLaterPage(TenderPage):
    tender = PAY_LATER

    def __init__(self) -> None:
        super().__init__("Amount on the client's account")
        self.explain = label("", "hint", wrap=True)
        self.column.addWidget(self.explain)

    def show_ticket(self, ticket: TicketView) -> None:
        super().show_ticket(ticket)
        self.amount.setEnabled(ticket.client_id is not None)
        self.explain.setText(
            PAY_LATER_NEEDS_CLIENT
            if ticket.client_id is None
            else f"{ticket.client_name} pays it at a later visit; it shows as owed on "
            "their account."
        )

    def problem(self) -> str:
        return PAY_LATER_NEEDS_CLIENT if self.ticket and self.ticket.client_id is None else ""
