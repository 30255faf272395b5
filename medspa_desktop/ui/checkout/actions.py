"""What the checkout dialog asks of the ticket services, each as an operation on the
database worker: open, resume or reload the ticket, tips, quantities, removing a line, taking a
cash, gift card or pay-later payment, and looking up a gift card. Results come back as
signals on the GUI thread. GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from medspa_desktop.services import checkout, gift_cards, ticket_discounts, tickets
from medspa_desktop.services.tickets_read import LineView, ticket_view
from medspa_desktop.ui.checkout.tender_pages import TakeRequest
from medspa_desktop.ui.ops import Changed, OpChanges, show_failure
from medspa_desktop.ui.session import AppSession, ServiceCall

EDITED = OpChanges.of(Changed.TICKETS)
"""A ticket opened or changed: the Checkout section's open tickets show it."""
PAID = OpChanges.of(Changed.APPOINTMENTS, Changed.TICKETS)
"""A payment also changes the calendar's deposit flags."""
Opening = tickets.OpenTicket | str
"""A ticket to open (from an appointment, or new), or the id of an open ticket to resume."""


class TicketActions(QObject):
    """``changed(TicketView)`` after any change or reload; ``taken(PaymentTaken)`` after a
    payment; ``refused(error)`` when a payment was not taken; ``card_found(GiftCardInfo)``."""

    changed = Signal(object)
    taken = Signal(object)
    refused = Signal(object)
    card_found = Signal(object)

    def __init__(self, owner: QWidget, session: AppSession) -> None:
        super().__init__(owner)
        self._owner, self._session = owner, session

    def open(self, opening: Opening, failed: Callable[[BaseException], None]) -> None:
        if isinstance(opening, str):
            self._session.query(
                self._owner, lambda uow, actor: ticket_view(opening, uow=uow, actor=actor)
            ).success(self.changed.emit).failure(failed).run()
            return
        self._session.mutate(
            self._owner, lambda uow, actor: tickets.open_ticket(opening, uow=uow, actor=actor),
            EDITED,
        ).success(self.changed.emit).failure(failed).run()  # fmt: skip

    def reload(self, ticket_id: str) -> None:
        self._session.query(
            self._owner, lambda uow, actor: ticket_view(ticket_id, uow=uow, actor=actor)
        ).success(self.changed.emit).run()

    def tip_percent(self, ticket_id: str, percent_bp: int) -> None:
        command = ticket_discounts.SetTip(ticket_id, percent_bp=percent_bp)
        self._edit(lambda uow, actor: ticket_discounts.set_tip(command, uow=uow, actor=actor))

    def no_tip(self, ticket_id: str) -> None:
        command = ticket_discounts.SetTip(ticket_id)
        self._edit(lambda uow, actor: ticket_discounts.set_tip(command, uow=uow, actor=actor))

    def remove(self, line: LineView) -> None:
        command = tickets.RemoveLine(line.id)
        self._edit(lambda uow, actor: tickets.remove_line(command, uow=uow, actor=actor))

    def set_quantity(self, line: LineView, quantity: int) -> None:
        command = tickets.SetQuantity(line.id, quantity)
        self._edit(lambda uow, actor: tickets.set_quantity(command, uow=uow, actor=actor))

    def take(self, ticket_id: str, request: TakeRequest) -> None:
        command = checkout.TakePayment(
            ticket_id, request.tender, request.amount_minor, request.gift_card_code
        )
        self._session.mutate(
            self._owner, lambda uow, actor: checkout.take_payment(command, uow=uow, actor=actor),
            PAID,
        ).success(self.taken.emit).failure(self.refused.emit).run()  # fmt: skip

    def look_up_card(self, code: str) -> None:
        if not code.strip():
            return
        self._session.query(
            self._owner, lambda uow, actor: gift_cards.gift_card_balance(code, uow=uow, actor=actor)
        ).success(self.card_found.emit).failure(
            lambda err: show_failure(self._owner, err, "Gift card not found")
        ).run()

    def _edit(self, call: ServiceCall[Any]) -> None:
        self._session.mutate(self._owner, call, EDITED).success(self.changed.emit).failure(
            lambda err: show_failure(self._owner, err, "Ticket not changed")
        ).run()
