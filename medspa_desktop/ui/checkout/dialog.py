"""Checkout: the ticket on the left (lines, discounts, tip, totals, balance due in large
type), taking payment on the right (cash, card, gift card, pay later, split as the client
likes; under the ticket on a tablet held upright), and "Paid in full" with the receipt once
it is. GUI thread.

Keys: Ctrl+1 … Ctrl+4 choose the tender, Enter takes the payment, Ctrl+P adds a product,
package or plan, Ctrl+D discounts the chosen line, Ctrl+T sets a custom tip, Delete removes
the chosen line (after asking), Esc cancels a card payment in progress, or else closes (the
ticket stays open to finish later).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from medspa_desktop.services.checkout import PaymentTaken
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.tickets_read import TicketView
from medspa_desktop.ui.checkout.actions import Opening
from medspa_desktop.ui.checkout.card_control import CardControl, TerminalSource, this_pc_terminal
from medspa_desktop.ui.checkout.card_page import ReaderMemory
from medspa_desktop.ui.checkout.line_edits import LineEdits
from medspa_desktop.ui.checkout.look import CHECKOUT_QSS
from medspa_desktop.ui.checkout.paid import PaidPanel
from medspa_desktop.ui.checkout.tender_pages import TakeRequest
from medspa_desktop.ui.checkout.tenders import TendersPanel
from medspa_desktop.ui.checkout.ticket_side import DISCOUNT_KEYS, PRODUCT_KEYS, TicketSide
from medspa_desktop.ui.checkout.totals import TIP_KEYS
from medspa_desktop.ui.checkout.words import CARD
from medspa_desktop.ui.dialogs import height_limit
from medspa_desktop.ui.ops import show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import (
    QWIDGETSIZE_MAX,
    ResponsiveBox,
    button,
    confirmation_box,
    label,
    when_confirmed,
)

WIDEST_PX = 1400
RIGHT_PX = 420
"""The tenders' width; the ticket's lines get the rest."""
TENDERS_BESIDE_PX = 900
SIDE_MARGIN_PX = 16


class CheckoutDialog(QDialog):
    """Opens (or reopens) the ticket of ``opening`` and takes its payment; a ticket paid
    already shows as paid in full, with its receipt."""

    def __init__(
        self,
        parent: QWidget | None,
        session: AppSession,
        opening: Opening,
        terminal: TerminalSource | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Checkout")
        self.setStyleSheet(CHECKOUT_QSS)
        self.session = session
        self.ticket: TicketView | None = None
        self.change_minor = 0
        self._close_when_cancelled = False
        self._paid_before = False
        """Opened on a ticket paid already (a paid visit's "Check out…")."""
        self.side = TicketSide()
        self.tenders = TendersPanel(ReaderMemory(session.store.data_dir))
        self.paid = PaidPanel(session)
        self.edits = LineEdits(self, session)
        source = terminal or this_pc_terminal(session)
        self.card = CardControl(self, session, self.tenders.card, source)
        self._lay_out()
        self._connect()
        self._shortcuts = self._make_shortcuts()
        self._set_ready(False)
        self.edits.actions.open(opening, self._not_opened)

    def _lay_out(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(22, 14, 22, 16)
        column.setSpacing(10)
        header = QHBoxLayout()
        self.heading = label("Opening the ticket…", "title")
        self.number = label("", "hint")
        self.close_button = button("Close (Esc)")
        self.close_button.clicked.connect(self.close)
        header.addWidget(self.heading)
        header.addWidget(self.number)
        header.addStretch(1)
        header.addWidget(self.close_button)
        column.addLayout(header)
        self.right = QStackedWidget()
        self.right.addWidget(self.tenders)
        self.right.addWidget(self.paid)
        self._right_beside(True)
        # Taking payment beside the ticket; under it on a tablet held upright.
        body = ResponsiveBox(TENDERS_BESIDE_PX, spacing=14)
        body.add(self.side, 1)
        body.add(self.right)
        body.reflowed.connect(lambda stacked: self._right_beside(not stacked))
        column.addWidget(body, 1)

    def _right_beside(self, beside: bool) -> None:
        self.right.setMinimumWidth(RIGHT_PX)
        self.right.setMaximumWidth(RIGHT_PX + 60 if beside else QWIDGETSIZE_MAX)

    def _connect(self) -> None:
        actions = self.edits.actions
        actions.changed.connect(self.show_ticket)
        actions.taken.connect(self._taken)
        actions.refused.connect(self._refused)
        actions.card_found.connect(self.tenders.gift.show_card)
        self.tenders.take.connect(self._take)
        self.tenders.gift.check_requested.connect(actions.look_up_card)
        self.card.ended.connect(self._card_ended)
        self.paid.close_button.clicked.connect(self.accept)
        self.edits.connect_side(self.side)

    def _make_shortcuts(self) -> list[QShortcut]:
        pairs = [(f"Ctrl+{n}", lambda i=n - 1: self.tenders.choose(i)) for n in range(1, 5)]
        pairs += [(DISCOUNT_KEYS, self.edits.discount), (TIP_KEYS, self.edits.custom_tip)]
        pairs += [(PRODUCT_KEYS, self.edits.add_product)]
        made = []
        for keys, slot in pairs:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
            made.append(shortcut)
        return made

    # ---- the ticket ------------------------------------------------------------------------

    def show_ticket(self, ticket: TicketView) -> None:
        first = self.ticket is None
        if first:
            self._paid_before = ticket.status != "open"
        self.ticket = ticket
        self.edits.ticket = ticket
        self._set_ready(True)
        self.heading.setText(f"Checkout — {ticket.client_name}")
        self.number.setText(f"Ticket {ticket.number}")
        self.side.show_ticket(ticket)
        if ticket.status == "open":
            self.tenders.show_ticket(ticket)
            self.right.setCurrentWidget(self.tenders)
        else:
            self.paid.show_ticket(ticket, self.change_minor, earlier=self._paid_before)
            self.right.setCurrentWidget(self.paid)
            self.paid.close_button.setFocus()
        if first and not self._paid_before:  # a paid ticket needs no reader
            self.card.load(ticket.location_id)
            self.tenders.choose(0)

    def _set_ready(self, ready: bool) -> None:
        self.side.setEnabled(ready)
        self.right.setEnabled(ready)

    def _not_opened(self, err: BaseException) -> None:
        show_failure(self.parentWidget(), err, "Checkout not opened")
        self.reject()

    # ---- payments --------------------------------------------------------------------------

    def _take(self, request: TakeRequest) -> None:
        if self.ticket is None:
            return
        self.tenders.set_busy(True)
        self.close_button.setEnabled(request.tender != CARD)
        if request.tender == CARD:
            self.card.charge(self.ticket, request.amount_minor)
        else:
            self.edits.actions.take(self.ticket.id, request)

    def _taken(self, taken: PaymentTaken) -> None:
        self.change_minor = taken.change_minor
        self.tenders.set_busy(False)
        self.tenders.cash.show_change(taken.change_minor, taken.ticket.currency)
        self.show_ticket(taken.ticket)

    def _refused(self, err: BaseException) -> None:
        self.tenders.set_busy(False)
        if isinstance(err, ValidationError):
            self.tenders.page().amount.show_error(next(iter(err.field_errors.values())))
        else:
            show_failure(self, err, "Payment not taken")

    def _card_ended(self, _info: object) -> None:
        self.tenders.set_busy(False)
        self.close_button.setEnabled(True)
        if self._close_when_cancelled:
            super().reject()
        elif self.ticket is not None:
            self.edits.actions.reload(self.ticket.id)

    # ---- closing ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # NOTE: Enter is handled here, not by a default button: the dialog's default moves
        # to whichever auto-default button last had the focus.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self._enter()
        elif event.matches(QKeySequence.StandardKey.Cancel) and self.card.flow.busy:
            self.card.cancel()  # Esc during a card payment cancels it; the dialog stays
        else:
            super().keyPressEvent(event)

    def _enter(self) -> None:
        """Enter takes the payment; once paid in full it closes checkout."""
        if self.paid.receipt.email.hasFocus():
            self.paid.receipt.email_receipt()
        elif self.right.currentWidget() is self.paid:
            self.accept()
        elif self.ticket is not None:
            self.tenders.take_now()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.card.flow.busy:
            super().closeEvent(event)
            return
        event.ignore()
        box = confirmation_box(
            self,
            "Card payment in progress",
            "The client's card payment is not finished. Cancel it and close checkout?",
            "Cancel payment and close",
            danger=True,
        )
        when_confirmed(box, self._cancel_then_close)
        box.open()

    def _cancel_then_close(self) -> None:
        self._close_when_cancelled = True
        self.card.cancel()

    def reject(self) -> None:
        """Esc, Close, or the screen locking: a card payment still waiting is cancelled on
        the way out (the service records it if the card was tapped meanwhile)."""
        if self.card.flow.busy:
            self.card.cancel()
        super().reject()

    def done(self, result: int) -> None:
        self.card.flow.stop()
        super().done(result)

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            self._fit()
        super().showEvent(event)

    def _fit(self) -> None:
        """Most of the window: the whole ticket and the tenders without scrolling."""
        parent = self.parentWidget()
        window = parent.window() if parent is not None else None
        width = window.width() if window is not None else self.screen().availableGeometry().width()
        self.resize(min(width - 2 * SIDE_MARGIN_PX, WIDEST_PX), self.height())
        ResponsiveBox.arrange_within(self)
        self.resize(self.width(), height_limit(self))


def open_checkout(
    parent: QWidget | None,
    session: AppSession,
    opening: Opening,
    terminal: TerminalSource | None = None,
) -> CheckoutDialog:
    """Open checkout over ``parent`` (window modal; deleted when closed). GUI thread."""
    dialog = CheckoutDialog(parent, session, opening, terminal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
