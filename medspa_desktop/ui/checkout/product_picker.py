"""Add a product, a package or a membership plan to the ticket ("+ Product…", Ctrl+P): a
search box over what the location sells, with prices and stock. Enter (or a double-click)
adds the chosen item, one of it; Esc closes. When the ticket refuses it (no stock here, a
package for a walk-in) the reason shows in a banner and the picker stays open to choose
something else. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from medspa_desktop.services import tickets
from medspa_desktop.services.errors import ServiceError
from medspa_desktop.services.sale_lists import SellableItem, sellable_items
from medspa_desktop.services.tickets_read import TicketView
from medspa_desktop.store.errors import StoreError
from medspa_desktop.ui.checkout.actions import EDITED
from medspa_desktop.ui.checkout.sellable_table import SellableTable
from medspa_desktop.ui.dialogs import FittedDialog
from medspa_desktop.ui.ops import GENERIC_FAILURE
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.style import icon
from medspa_desktop.ui.widgets import AlertBanner, button, button_row, label

TITLE = "Add a product, package or plan"
WALK_IN = "Walk-in sale: a package is sold to a client, so start a New sale for the client."
MOVES = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})
ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ProductPicker(FittedDialog):
    """``saved(TicketView)`` once the chosen item is on the ticket."""

    saved = Signal(object)

    def __init__(self, parent: QWidget, session: AppSession, ticket: TicketView) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(680)
        self._session, self.ticket = session, ticket
        self.busy = False
        self._lay_out()
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _index: self.add_chosen())
        self.table.itemSelectionChanged.connect(lambda: self.refusal.setVisible(False))
        location_id = ticket.location_id
        session.query(
            self, lambda uow, actor: sellable_items(location_id, uow=uow, actor=actor)
        ).success(self._show).failure(lambda err: self._problem("Not loaded", err)).run()

    def _lay_out(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 18, 24, 18)
        column.setSpacing(10)
        column.addWidget(label(TITLE, "title"))
        if self.ticket.client_id is None:
            column.addWidget(label(WALK_IN, "hint", wrap=True))
        self.search = QLineEdit()
        self.search.setObjectName("SearchBox")
        self.search.setPlaceholderText("Search by name, then ↑ ↓ to choose and Enter to add")
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search what is sold by name")
        column.addWidget(self.search)
        self.table = SellableTable()
        column.addWidget(self.table, 1)
        self.nothing = label("Loading what this location sells…", "hint", wrap=True)
        column.addWidget(self.nothing)
        self.refusal = AlertBanner("danger")
        self.refusal.setVisible(False)
        column.addWidget(self.refusal)
        cancel = button("Cancel (Esc)")
        cancel.clicked.connect(self.reject)
        self.add_button = button("Add to ticket (Enter)", "primary")
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(self.add_chosen)
        column.addLayout(button_row(cancel, self.add_button))
        self.search.setFocus()

    def _show(self, items: list[SellableItem]) -> None:
        self.table.show_items(items, self.ticket.currency)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        shown = self.table.filter(text)
        self.add_button.setEnabled(shown > 0 and not self.busy)
        if shown:
            self.nothing.setVisible(False)
            return
        typed = text.strip()
        self.nothing.setText(
            f"Nothing called “{typed}” is sold here." if typed else "Nothing is for sale here yet."
        )
        self.nothing.setVisible(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↑ ↓ PgUp PgDn in the search box move the choice in the table."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in MOVES
        ):
            QApplication.sendEvent(self.table, event)
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # NOTE: handled here rather than by a default button, as checkout itself does.
        if event.key() in ENTER and not event.modifiers():
            self.add_chosen()
        else:
            super().keyPressEvent(event)

    def add_chosen(self) -> None:
        """Put one of the chosen item on the ticket (through ``add_line``, on the worker)."""
        item = self.table.chosen()
        if item is None or self.busy:
            return
        self._set_busy(True)
        self.refusal.setVisible(False)
        command = tickets.AddLine(self.ticket.id, item.kind, item.id, quantity=1)
        self._session.mutate(
            self, lambda uow, actor: tickets.add_line(command, uow=uow, actor=actor), EDITED
        ).success(self._added).failure(lambda err: self._problem("Not added", err)).run()

    def _added(self, ticket: TicketView) -> None:
        self._set_busy(False)
        self.saved.emit(ticket)
        self.accept()

    def _problem(self, title: str, err: BaseException) -> None:
        """The service's own words (no stock, a package without a client) in the banner."""
        self._set_busy(False)
        known = isinstance(err, ServiceError | StoreError)
        self.refusal.set_message(title, str(err) if known else GENERIC_FAILURE)
        self.refusal.setVisible(True)
        layout = self.layout()
        if layout is not None:
            layout.activate()  # the banner took room from the table: keep the choice in view
        self.table.scrollTo(self.table.currentIndex())
        self.search.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.add_button.setEnabled(not busy and self.table.chosen() is not None)
