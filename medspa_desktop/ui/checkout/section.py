"""The Checkout section: the location's open tickets, to pick one up again (a walk-in
whose client went to the cash machine, a visit left half paid), and New sale.
Appointments are checked out from the calendar (the appointment's "Check out…"), where the
desk already is when the client comes back to the front. GUI thread.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.services.sale_lists import OpenTicketInfo, open_tickets
from medspa_desktop.ui.checkout.card_control import TerminalSource
from medspa_desktop.ui.checkout.dialog import CheckoutDialog, open_checkout
from medspa_desktop.ui.checkout.new_sale import NewSaleDialog, open_new_sale
from medspa_desktop.ui.checkout.open_tickets import OpenTicketsTable
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.shortcuts import NEW_SALE, native
from medspa_desktop.ui.widgets import EmptyState, button, label

HOW = (
    "A ticket left unpaid shows here, to pick up again later. To check out an appointment, "
    "choose it on the calendar and press “Check out…”. For a walk-in, or a client buying "
    "without an appointment, press New sale ({keys}) from anywhere."
)
NONE_OPEN = "No open tickets"
LIST_HINT = "Open tickets, not paid yet: choose one and press Enter (or double-click it)."


class CheckoutSection(QWidget):
    """Open tickets and New sale; ``terminal`` is for tests (None: this PC's reader)."""

    def __init__(self, session: AppSession, terminal: TerminalSource | None = None) -> None:
        super().__init__()
        self.setObjectName("Page")
        self._session, self._terminal = session, terminal
        self.tickets: list[OpenTicketInfo] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 18, 24, 16)
        column.setSpacing(10)
        column.addLayout(self._top_row())
        self.hint = label(LIST_HINT, "hint", wrap=True)
        column.addWidget(self.hint)
        self.table = OpenTicketsTable()
        self.table.open_requested.connect(self.open_ticket)
        self.note = EmptyState(NONE_OPEN, HOW.format(keys=native(NEW_SALE)), "checkout-large")
        self.body = QStackedWidget()
        self.body.addWidget(self.note)
        self.body.addWidget(self.table)
        column.addWidget(self.body, 1)
        column.addLayout(self._bottom_row())
        session.hub.changed.connect(self._on_changes)
        self._show_tickets([])

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label("Checkout", "title"))
        row.addStretch(1)
        self.new_sale_button = button(f"New sale…  ({native(NEW_SALE)})", "primary")
        if not self._session.may(Action.TICKET_OPEN):
            self.new_sale_button.hide()  # NOTE: never show() a widget before it has a parent
        self.new_sale_button.clicked.connect(self.new_sale)
        row.addWidget(self.new_sale_button)
        return row

    def _bottom_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.count = label("", "hint")
        row.addWidget(self.count)
        row.addStretch(1)
        self.open_button = button("Open ticket (Enter)")
        self.open_button.clicked.connect(self.table.open_chosen)
        row.addWidget(self.open_button)
        return row

    # ---- the list --------------------------------------------------------------------------

    def reload(self) -> None:
        """Ask for the location's open tickets again (on the database worker)."""
        location_id = self._session.actor.location_id
        if location_id is None:
            return
        self._session.query(
            self, lambda uow, actor: open_tickets(location_id, uow=uow, actor=actor)
        ).success(self._show_tickets).run()

    def _show_tickets(self, tickets: list[OpenTicketInfo]) -> None:
        self.tickets = tickets
        self.table.show_tickets(tickets, self._session.currency)
        self.body.setCurrentWidget(self.table if tickets else self.note)
        self.hint.setVisible(bool(tickets))
        self.open_button.setVisible(bool(tickets))
        many = "1 open ticket" if len(tickets) == 1 else f"{len(tickets)} open tickets"
        self.count.setText(many if tickets else "")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.reload()  # the day moves on; another PC's tickets arrive by sync
            self.table.setFocus()

    def _on_changes(self, changes: OpChanges) -> None:
        if changes.touches(Changed.TICKETS) and self.isVisible():
            self.reload()

    # ---- opening ---------------------------------------------------------------------------

    def open_ticket(self, ticket_id: str) -> CheckoutDialog:
        """Checkout on the open ticket ``ticket_id``, as it was left."""
        return open_checkout(self, self._session, ticket_id, self._terminal)

    def new_sale(self) -> NewSaleDialog | None:
        return open_new_sale(self, self._session, self._terminal)
