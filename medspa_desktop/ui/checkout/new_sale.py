"""A new sale at the desk (Ctrl+Shift+S): a walk-in buying a product or a gift card, or a
client paying for something without an appointment. The client is optional: found by the
booking dialog's search (or added there); without one the sale is a walk-in. Then the
checkout dialog takes over. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from medspa_desktop.services.tickets import OpenTicket
from medspa_desktop.ui.calendar.booking_client import ClientPicker
from medspa_desktop.ui.checkout.card_control import TerminalSource
from medspa_desktop.ui.checkout.dialog import CheckoutDialog, open_checkout
from medspa_desktop.ui.dialogs import FittedDialog
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import button, button_row, label

EXPLAIN = "Find the client to put the sale on their account, or sell to a walk-in."


class NewSaleDialog(FittedDialog):
    """Who the sale is for; ``checkout`` is the checkout dialog once it opened."""

    def __init__(
        self, parent: QWidget | None, session: AppSession, terminal: TerminalSource | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New sale")
        self.setMinimumWidth(620)
        self._session, self._terminal = session, terminal
        self.checkout: CheckoutDialog | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 18, 24, 18)
        column.setSpacing(10)
        column.addWidget(label("New sale", "title"))
        column.addWidget(label(EXPLAIN, "hint", wrap=True))
        self.client = ClientPicker(session)
        column.addWidget(self.client, 1)
        self.walk_in = button("Walk-in, no client")
        self.walk_in.clicked.connect(lambda: self.start(with_client=False))
        self.start_button = button("Start sale", "primary")
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(lambda: self.start(with_client=True))
        cancel = button("Cancel")
        cancel.clicked.connect(self.reject)
        column.addLayout(button_row(cancel, self.walk_in, self.start_button))
        self.client.chosen.connect(lambda _profile: self._client_chosen())
        self.client.search.setFocus()

    def _client_chosen(self) -> None:
        self.start_button.setEnabled(True)
        self.start_button.setDefault(True)
        profile = self.client.profile
        if profile is not None:
            self.start_button.setText(f"Start sale for {profile.first_name}")

    def start(self, *, with_client: bool) -> CheckoutDialog | None:
        """Close this and open checkout on a new ticket (the client's, or a walk-in's)."""
        location_id = self._session.actor.location_id
        profile = self.client.profile if with_client else None
        if location_id is None or (with_client and profile is None):
            return None
        opening = OpenTicket(location_id, client_id=profile.id if profile else None)
        self.checkout = open_checkout(self.parentWidget(), self._session, opening, self._terminal)
        self.accept()
        return self.checkout

    def done(self, result: int) -> None:
        self.client.finder.stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.client.finder.stop()
        super().closeEvent(event)


def open_new_sale(
    parent: QWidget | None, session: AppSession, terminal: TerminalSource | None = None
) -> NewSaleDialog | None:
    """The New sale dialog, for those who may open tickets at a location. GUI thread."""
    from medspa_desktop.domain.actions import Action

    if not session.may(Action.TICKET_OPEN) or session.actor.location_id is None:
        return None
    dialog = NewSaleDialog(parent, session, terminal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
