"""What the right half shows once the ticket is paid in full: "Paid in full" and the change
to hand back in large type, how it was paid, the receipt buttons, and Close. GUI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout

from medspa_desktop.services.tickets_read import TicketView
from medspa_desktop.ui.checkout.receipt import ReceiptButtons
from medspa_desktop.ui.checkout.words import money, paid_with
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import button, label

PAID_EARLIER = "This visit was paid already: there is nothing more to take. Its receipt is below."


class PaidPanel(QFrame):
    """``close_button`` is the dialog's to connect."""

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.setObjectName("Tenders")
        column = QVBoxLayout(self)
        column.setContentsMargins(18, 16, 18, 16)
        column.setSpacing(10)
        self.headline = label("Paid in full", "paid")
        self.earlier = label(PAID_EARLIER, "hint", wrap=True)
        self.change = label("", "change")
        self.summary = label("", wrap=True)
        column.addWidget(self.headline)
        column.addWidget(self.earlier)
        column.addWidget(self.change)
        column.addWidget(self.summary)
        column.addStretch(1)
        self.receipt = ReceiptButtons(session)
        column.addWidget(self.receipt)
        self.close_button = button("Close", "primary")
        column.addWidget(self.close_button)

    def show_ticket(self, ticket: TicketView, change_minor: int, *, earlier: bool = False) -> None:
        """``earlier``: the ticket was paid before checkout opened (nothing to take now)."""
        closed = ticket.status == "closed"
        self.headline.setText("Paid in full" if closed else ticket.status.title())
        self.earlier.setVisible(earlier and closed)
        self.change.setText(f"Change due: {money(change_minor, ticket.currency)}")
        self.change.setVisible(change_minor > 0)
        ways = [
            f"{paid_with(p.tender, p.card_brand, p.card_last4)}: "
            f"{money(p.amount_minor, ticket.currency)}"
            for p in ticket.payments
        ]
        self.summary.setText(
            f"Ticket {ticket.number} · total {money(ticket.total_minor, ticket.currency)}\n"
            + "\n".join(ways)
        )
        self.receipt.show_ticket(ticket)
