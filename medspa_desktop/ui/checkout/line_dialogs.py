"""Small dialogs that change a ticket: add a service (with who did it), sell a gift card,
and set a custom tip. Each runs its service itself, shows the service's field errors at
its fields, and emits ``saved(TicketView)``. GUI thread.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.money import Money
from medspa_desktop.services import gift_cards, ticket_discounts, tickets
from medspa_desktop.services.calendar import CalendarDay, calendar_day
from medspa_desktop.services.service_menu import ServiceInfo, get_service_menu
from medspa_desktop.services.tickets_read import TicketView
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.calendar.booking_services import narrow_combo
from medspa_desktop.ui.checkout.actions import EDITED
from medspa_desktop.ui.checkout.amounts import percent_bp
from medspa_desktop.ui.checkout.words import money
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.common import RecordDialog
from medspa_desktop.ui.widgets import CODE_TYPING, label

NOBODY = "Nobody in particular"
Sellable = tuple[tuple[ServiceInfo, ...], tuple[tuple[str, str], ...]]


def sellable_services(location_id: str, uow: UnitOfWork, actor: Actor) -> Sellable:
    """The menu's active treatments, and who works here today ``(id, name)``. Worker."""
    menu = get_service_menu(uow=uow, actor=actor)
    today = calendar_day(CalendarDay(location_id, dt.date.today()), uow=uow, actor=actor)
    active = tuple(service for service in menu.services if service.active)
    return active, tuple((column.key, column.title) for column in today.columns)


class AddServiceDialog(RecordDialog):
    """A treatment from the menu, at its menu price, and the practitioner who gave it."""

    def __init__(self, parent: QWidget, session: AppSession, ticket: TicketView) -> None:
        super().__init__(parent, session, "Add a service", EDITED)
        self.ticket = ticket
        self.save_button.setText("Add to ticket")
        self.service = self.field("Service", "item_id", narrow_combo("Service", 24))
        self.staff: QComboBox = self.field("Practitioner", "staff_id", narrow_combo("Who", 16))
        location_id = ticket.location_id
        session.query(self, lambda uow, actor: sellable_services(location_id, uow, actor)).success(
            self._show
        ).run()

    def _show(self, sellable: Sellable) -> None:
        services, practitioners = sellable
        for service in services:
            price = money(service.price_minor, self.ticket.currency)
            self.service.addItem(f"{service.name}  ({price})", service.id)
        self.staff.addItem(NOBODY, None)
        for staff_id, name in practitioners:
            self.staff.addItem(name, staff_id)

    def call(self) -> ServiceCall[Any] | None:
        service_id = self.service.currentData()
        if not service_id:
            self.show_errors({"item_id": "Choose the service."})
            return None
        command = tickets.AddLine(
            self.ticket.id, "service", service_id, staff_id=self.staff.currentData()
        )
        return lambda uow, actor: tickets.add_line(command, uow=uow, actor=actor)


class GiftCardSaleDialog(RecordDialog):
    """A gift card of any value; its code is made, or typed from a printed card."""

    def __init__(self, parent: QWidget, session: AppSession, ticket: TicketView) -> None:
        super().__init__(parent, session, "Sell a gift card", EDITED)
        self.ticket = ticket
        self.save_button.setText("Add to ticket")
        self.value = self.field("Value", "unit_price_minor", QLineEdit())
        self.value.setPlaceholderText(f"e.g. 100.00 {ticket.currency}")
        self.value.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.code = self.field("Code on the card", "code", QLineEdit())
        self.code.setInputMethodHints(CODE_TYPING)
        self.code.setPlaceholderText("Leave empty to make a new code")
        self.form.addRow("", label("The card can be spent once this ticket is paid.", "hint"))

    def call(self) -> ServiceCall[Any] | None:
        try:
            amount = Money.parse(self.value.text(), self.ticket.currency).minor
        except ValueError as err:
            self.show_errors({"unit_price_minor": f"{err}."})
            return None
        command = gift_cards.SellGiftCard(self.ticket.id, amount, self.code.text())
        return lambda uow, actor: gift_cards.sell_gift_card(command, uow=uow, actor=actor)


class TipDialog(RecordDialog):
    """A tip of any amount, or any percent of the ticket before tax (Ctrl+T, Custom…)."""

    def __init__(self, parent: QWidget, session: AppSession, ticket: TicketView) -> None:
        super().__init__(parent, session, "Tip", EDITED)
        self.ticket = ticket
        self.save_button.setText("Set tip")
        self.tip = self.field("Tip", "tip", QLineEdit())
        self.tip.setPlaceholderText("An amount such as 15.00, or a percent such as 15 %")
        self.tip.setInputMethodHints(Qt.InputMethodHint.ImhPreferNumbers)
        if ticket.tip_minor and not ticket.tip_percent_bp:
            self.tip.setText(money(ticket.tip_minor, ticket.currency).split(" ", 1)[1])
        self.form.addRow("", label("Tips are not taxed or discounted.", "hint"))

    def call(self) -> ServiceCall[Any] | None:
        text = self.tip.text().strip()
        try:
            if text.endswith("%"):
                command = ticket_discounts.SetTip(self.ticket.id, percent_bp=percent_bp(text))
            else:
                amount = Money.parse(text or "0", self.ticket.currency).minor
                command = ticket_discounts.SetTip(self.ticket.id, amount_minor=amount)
        except ValueError as err:
            self.show_errors({"tip": f"{err}."})
            return None
        return lambda uow, actor: ticket_discounts.set_tip(command, uow=uow, actor=actor)
