"""Changing the ticket from the checkout dialog: the line buttons and keys (add a service,
a product, package or plan, or a gift card, discount, quantity, remove after asking) and the
tip. Dialogs that need more than a click open here; every change comes back through
``actions.changed``. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from medspa_desktop.services.tickets_read import LineView, TicketView
from medspa_desktop.ui.checkout.actions import TicketActions
from medspa_desktop.ui.checkout.discount import DiscountDialog
from medspa_desktop.ui.checkout.line_dialogs import AddServiceDialog, GiftCardSaleDialog, TipDialog
from medspa_desktop.ui.checkout.product_picker import ProductPicker
from medspa_desktop.ui.checkout.ticket_side import TicketSide
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import confirmation_box, when_confirmed


class LineEdits(QObject):
    """``ticket`` is the dialog's current ticket; ``actions`` runs the services."""

    def __init__(self, owner: QWidget, session: AppSession) -> None:
        super().__init__(owner)
        self._owner, self._session = owner, session
        self.actions = TicketActions(owner, session)
        self.ticket: TicketView | None = None
        self.side: TicketSide | None = None

    def connect_side(self, side: TicketSide) -> None:
        self.side = side
        side.add_service.clicked.connect(self.add_service)
        side.add_product.clicked.connect(self.add_product)
        side.add_gift_card.clicked.connect(self.add_gift_card)
        side.discount.clicked.connect(self.discount)
        side.fewer.clicked.connect(lambda: self._step_chosen(-1))
        side.more.clicked.connect(lambda: self._step_chosen(1))
        side.remove.clicked.connect(lambda: self._remove_chosen())
        side.lines.remove_requested.connect(self.ask_remove)
        side.lines.step_requested.connect(self.step)
        side.totals.tip_preset.connect(self._tip_preset)
        side.totals.tip_none.connect(self._no_tip)
        side.totals.tip_custom.connect(self.custom_tip)

    def _open_ticket(self) -> TicketView | None:
        ticket = self.ticket
        return ticket if ticket is not None and ticket.status == "open" else None

    def _chosen(self) -> LineView | None:
        return self.side.chosen() if self.side is not None else None

    def _show(self, dialog: QDialog) -> QDialog:
        dialog.saved.connect(self.actions.changed.emit)  # type: ignore[attr-defined]
        self._back_after(dialog)
        dialog.open()
        return dialog

    def _back_after(self, dialog: QDialog) -> None:
        """Checkout's keys work again as soon as ``dialog`` closes.

        NOTE: not every platform gives activation back to the dialog underneath."""
        dialog.finished.connect(lambda _result: self._owner.activateWindow())

    # ---- lines -----------------------------------------------------------------------------

    def add_service(self) -> QDialog | None:
        ticket = self._open_ticket()
        return self._show(AddServiceDialog(self._owner, self._session, ticket)) if ticket else None

    def add_product(self) -> QDialog | None:
        """Ctrl+P or "+ Product…": a product, package or membership plan."""
        ticket = self._open_ticket()
        return self._show(ProductPicker(self._owner, self._session, ticket)) if ticket else None

    def add_gift_card(self) -> QDialog | None:
        ticket = self._open_ticket()
        if ticket is None:
            return None
        return self._show(GiftCardSaleDialog(self._owner, self._session, ticket))

    def discount(self) -> QDialog | None:
        """Ctrl+D: a discount on the chosen line."""
        ticket, line = self._open_ticket(), self._chosen()
        if ticket is None or line is None or line.kind == "gift_card":
            return None
        return self._show(DiscountDialog(self._owner, self._session, ticket, line))

    def step(self, line: LineView, delta: int) -> None:
        if self._open_ticket() is None:
            return
        if line.quantity + delta < 1:
            self.ask_remove(line)
        else:
            self.actions.set_quantity(line, line.quantity + delta)

    def _step_chosen(self, delta: int) -> None:
        line = self._chosen()
        if line is not None:
            self.step(line, delta)

    def _remove_chosen(self) -> None:
        line = self._chosen()
        if line is not None:
            self.ask_remove(line)

    def ask_remove(self, line: LineView) -> None:
        """Delete: remove ``line`` once the desk confirms."""
        if self._open_ticket() is None:
            return
        box = confirmation_box(
            self._owner,
            "Remove from the ticket?",
            f"Remove {line.description} from the ticket?",
            "Remove",
            danger=True,
        )
        when_confirmed(box, lambda: self.actions.remove(line))
        self._back_after(box)
        box.open()

    # ---- tip -------------------------------------------------------------------------------

    def _tip_preset(self, percent_bp: int) -> None:
        ticket = self._open_ticket()
        if ticket is not None:
            self.actions.tip_percent(ticket.id, percent_bp)

    def _no_tip(self) -> None:
        ticket = self._open_ticket()
        if ticket is not None:
            self.actions.no_tip(ticket.id)

    def custom_tip(self) -> QDialog | None:
        """Ctrl+T or Custom…: a tip of any amount or percent."""
        ticket = self._open_ticket()
        if ticket is None:
            return None
        dialog = self._show(TipDialog(self._owner, self._session, ticket))
        # Cancelled: the tip buttons show the ticket's tip again, not the Custom… click.
        dialog.rejected.connect(lambda: self.actions.changed.emit(ticket))
        return dialog
