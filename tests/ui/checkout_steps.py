"""A clinic ready for checkout in the UI tests: the calendar clinic of ``calendar_clinic``
with a demo card reader at the location (the in-process simulated terminal, as demo mode
uses), a checked-in Botox appointment for Ada, a shelf of products and a package plan,
and what the desk does in the dialog."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from sqlalchemy import select

from medspa_desktop.domain.card_terminal import CardTerminal
from medspa_desktop.payments.simulated import SimulatedTerminal
from medspa_desktop.services.appointment_life import ChangeStatus, change_status
from medspa_desktop.services.card_readers import AddCardReader, add_card_reader
from medspa_desktop.services.checkout import TakePayment, take_payment
from medspa_desktop.services.gift_cards import SellGiftCard, sell_gift_card
from medspa_desktop.services.tickets import AddLine, OpenTicket, add_line, open_ticket
from medspa_desktop.store.models import (
    InventoryLot,
    InventoryMovement,
    Location,
    PackagePlan,
    Payment,
    PaymentAttempt,
    Product,
    Ticket,
)

from .calendar_clinic import Schedule
from .conftest import wait_idle

READER = "tmr_demo_front_desk"
RETAIL_TAX_BP = 825


@dataclass
class Till:
    schedule: Schedule
    terminal: CardTerminal
    reader_id: str

    @property
    def store(self):
        return self.schedule.clinic.store

    def checked_in_botox(self, hour: int = 10, client: str | None = None) -> str:
        """Book Botox with Lee and check the client in, as the desk does on arrival."""
        appointment = self.schedule.book(self.schedule.at(hour), self.schedule.botox, "lee", client)
        with self.store.uow() as uow:
            actor = self.schedule.clinic.owner_session.actor
            change_status(ChangeStatus(appointment, "checked_in"), uow=uow, actor=actor)
        return appointment

    def open_ticket(self, appointment_id: str) -> str:
        """The appointment's ticket, opened through the service as the owner."""
        clinic = self.schedule.clinic
        command = OpenTicket(clinic.location_id, appointment_id=appointment_id)
        with self.store.uow() as uow:
            return open_ticket(command, uow=uow, actor=clinic.owner_session.actor).id

    def add_service(self, ticket_id: str, service_id: str) -> None:
        with self.store.uow() as uow:
            actor = self.schedule.clinic.owner_session.actor
            add_line(AddLine(ticket_id, "service", service_id), uow=uow, actor=actor)

    def paid_gift_card(self, amount_minor: int) -> str:
        """A gift card sold to a walk-in and paid in cash: its code, ready to spend."""
        clinic = self.schedule.clinic
        actor = clinic.owner_session.actor
        with self.store.uow() as uow:
            ticket = open_ticket(OpenTicket(clinic.location_id), uow=uow, actor=actor)
        with self.store.uow() as uow:
            sold = sell_gift_card(SellGiftCard(ticket.id, amount_minor), uow=uow, actor=actor)
        with self.store.uow() as uow:
            take_payment(TakePayment(ticket.id, "cash", amount_minor), uow=uow, actor=actor)
        return sold.lines[0].description.removeprefix("Gift card ")

    def paid_in_cash(self, ticket_id: str, amount_minor: int) -> None:
        with self.store.uow() as uow:
            actor = self.schedule.clinic.owner_session.actor
            take_payment(TakePayment(ticket_id, "cash", amount_minor), uow=uow, actor=actor)

    def payments(self) -> list[Payment]:
        with self.store.session_factory() as session:
            rows = list(session.scalars(select(Payment).order_by(Payment.received_at)))
            session.expunge_all()
        return rows

    def tickets(self) -> list[Ticket]:
        with self.store.session_factory() as session:
            rows = list(session.scalars(select(Ticket)))
            session.expunge_all()
        return rows

    def attempts(self) -> list[PaymentAttempt]:
        with self.store.session_factory() as session:
            rows = list(session.scalars(select(PaymentAttempt)))
            session.expunge_all()
        return rows


def stock_the_shelf(till: Till) -> dict[str, str]:
    """8.25 % tax on retail; a serum with 12 in stock (and 5 expired), a lip balm never
    delivered, a six-session laser package. Their ids by name.

    Products and deliveries have no service yet (inventory comes with its own issue), so
    they are written as ``tests/integration/services/checkout_clinic.py`` writes them."""
    clinic, today = till.schedule.clinic, dt.date.today()
    with till.store.uow() as uow:
        location = uow.session.get(Location, clinic.location_id)
        location.tax_rates = {"service": 0, "retail": RETAIL_TAX_BP}
        serum = _row(uow, clinic, Product(sku="SER-1", name="Hydrating serum", price_minor=4800))
        balm = _row(uow, clinic, Product(sku="BAL-1", name="Lip balm", price_minor=1200))
        for number, days, count in (("LOT-1", 300, 12), ("LOT-OLD", -1, 5)):
            lot = InventoryLot(
                product_id=serum, location_id=clinic.location_id, lot_number=number,
                expires_on=today + dt.timedelta(days=days), quantity_received=count,
            )  # fmt: skip
            lot_id = _row(uow, clinic, lot)
            _row(uow, clinic, InventoryMovement(lot_id=lot_id, quantity=count, kind="receive"))
        plan = PackagePlan(name="Six laser sessions", service_id=till.schedule.laser, sessions=6)
        plan.price_minor, plan.valid_months = 100000, 12
        package = _row(uow, clinic, plan)
        uow.commit()
    return {"serum": serum, "balm": balm, "package": package}


def _row(uow, clinic, row) -> str:
    row.org_id = clinic.org_id
    row.updated_hlc = uow.clock.now()
    row.updated_by = uow.device_id
    uow.session.add(row)
    uow.session.flush()
    return row.id


def set_up_till(schedule: Schedule, terminal: CardTerminal | None = None) -> Till:
    """The schedule's clinic with a reader set up through the service (as Settings does)."""
    terminal = terminal or SimulatedTerminal(tap_seconds=0)
    clinic = schedule.clinic
    command = AddCardReader(clinic.location_id, READER, "Front desk reader")
    with clinic.store.uow() as uow:
        reader = add_card_reader(
            command, uow=uow, actor=clinic.owner_session.actor, terminal=SimulatedTerminal()
        )
    return Till(schedule, terminal, reader.id)


def ready(qtbot, dialog) -> None:
    """Wait until the ticket is shown and the card tender knows whether it can be used."""
    qtbot.waitUntil(lambda: dialog.ticket is not None, timeout=10_000)
    card = dialog.tenders.card
    qtbot.waitUntil(
        lambda: dialog.card.terminal is not None or "Looking" not in card.unavailable,
        timeout=10_000,
    )
    wait_idle(qtbot)


def choose_tender(qtbot, dialog, number: int) -> None:
    """Ctrl+1 cash, Ctrl+2 card, Ctrl+3 gift card, Ctrl+4 pay later."""
    qtbot.keyClick(dialog, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)


def type_amount(qtbot, dialog, text: str) -> None:
    edit = dialog.tenders.page().amount.edit
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def press_enter(qtbot, dialog) -> None:
    qtbot.keyClick(dialog.tenders.page().amount.edit, Qt.Key.Key_Return)
