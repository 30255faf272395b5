"""What checkout lists: products, packages and plans to put on a ticket (Ctrl+P), with tax
and stock, and what a ticket refuses; the open tickets of the Checkout section, picked up
again where they were left; a paid visit's "Check out…" showing its receipt."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from medspa_desktop.ui.checkout.dialog import CheckoutDialog
from medspa_desktop.ui.checkout.new_sale import NewSaleDialog
from medspa_desktop.ui.checkout.paid import PAID_EARLIER
from medspa_desktop.ui.checkout.product_picker import ProductPicker

from .calendar_clinic import Schedule, set_up_schedule
from .calendar_steps import card_point, open_calendar
from .checkout_steps import (
    Till,
    choose_tender,
    press_enter,
    ready,
    set_up_till,
    stock_the_shelf,
)
from .conftest import enter, wait_idle

ZONE = ZoneInfo("America/New_York")
PACKAGE_REFUSED = "A package belongs to a client: choose the client on the ticket first."


@pytest.fixture
def till(clinic) -> Till:
    schedule: Schedule = set_up_schedule(clinic)
    return set_up_till(schedule)


def walk_in_sale(qtbot, window, till: Till) -> CheckoutDialog:
    enter(qtbot, window, till.schedule.clinic.owner_session)
    sale = window.new_sale()
    assert isinstance(sale, NewSaleDialog)
    sale._terminal = lambda: till.terminal
    dialog = sale.start(with_client=False)
    ready(qtbot, dialog)
    return dialog


def open_picker(qtbot, dialog: CheckoutDialog) -> ProductPicker:
    """Ctrl+P in checkout, as the desk does; the picker once it has its list."""
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    picker = dialog.findChild(ProductPicker)
    assert picker is not None and picker.isVisible()
    qtbot.waitUntil(lambda: picker.table.rowCount() > 0, timeout=10_000)
    wait_idle(qtbot)
    return picker


def shown_rows(picker: ProductPicker) -> list[tuple[str, ...]]:
    table = picker.table
    return [
        tuple(table.item(row, c).text() if table.item(row, c) else "" for c in range(3))
        for row in range(table.rowCount())
        if not table.isRowHidden(row)
    ]


def test_a_product_from_the_picker_goes_on_the_ticket_with_its_tax(qtbot, window, till):
    stock_the_shelf(till)
    dialog = walk_in_sale(qtbot, window, till)

    picker = open_picker(qtbot, dialog)
    assert shown_rows(picker) == [
        ("Products", "", ""),
        ("Hydrating serum", "USD 48.00", "12 in stock"),  # the expired lot is not counted
        ("Lip balm", "USD 12.00", "Out of stock"),
        ("Packages", "", ""),
        ("Six laser sessions", "USD 1,000.00", ""),
    ]
    assert picker.table.chosen().name == "Hydrating serum"
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)  # ↓ from the search box moves the choice
    assert picker.table.chosen().name == "Lip balm"
    qtbot.keyClicks(picker.search, "SERUM")
    assert shown_rows(picker) == [
        ("Products", "", ""),
        ("Hydrating serum", "USD 48.00", "12 in stock"),
    ]
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.ticket.lines) == 1, timeout=10_000)
    wait_idle(qtbot)

    assert not picker.isVisible()
    serum = dialog.ticket.lines[0]
    assert (serum.description, serum.quantity, serum.tax_rate_bp) == ("Hydrating serum", 1, 825)
    assert serum.tax_minor == 396
    assert dialog.side.totals.sums["tax"].text() == "USD 3.96"
    assert dialog.ticket.total_minor == 5196
    dialog.reject()


def test_a_package_for_a_walk_in_is_refused_and_says_why(qtbot, window, till):
    stock_the_shelf(till)
    dialog = walk_in_sale(qtbot, window, till)
    picker = open_picker(qtbot, dialog)

    qtbot.keyClicks(picker.search, "laser")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.refusal.isVisible(), timeout=10_000)
    wait_idle(qtbot)
    assert picker.refusal.title.text() == "Not added"
    assert picker.refusal.text.text() == PACKAGE_REFUSED
    assert picker.isVisible() and dialog.ticket.lines == ()  # still open to choose again

    picker.search.clear()
    qtbot.keyClicks(picker.search, "balm")
    picker.add_button.click()
    qtbot.waitUntil(lambda: "no stock recorded" in picker.refusal.text.text(), timeout=10_000)
    wait_idle(qtbot)
    assert picker.refusal.text.text().startswith("Lip balm has no stock recorded")

    qtbot.keyClick(picker, Qt.Key.Key_Escape)
    assert not picker.isVisible() and dialog.isVisible()
    dialog.reject()


def test_the_open_tickets_list_picks_a_ticket_up_where_it_was_left(qtbot, window, till):
    visit = till.open_ticket(till.checked_in_botox())
    till.paid_in_cash(visit, 10000)
    enter(qtbot, window, till.schedule.clinic.owner_session)
    window.show_section("checkout")
    section = window.work.checkout()
    section._terminal = lambda: till.terminal
    qtbot.waitUntil(lambda: section.table.tickets.rowCount() == 1, timeout=10_000)
    wait_idle(qtbot)

    (listed,) = section.tickets
    model = section.table.tickets
    opened = f"{listed.opened_at.astimezone(ZONE):%H:%M}"
    cells = [model.index(0, column).data() for column in range(6)]
    assert cells == [listed.number, "Ada Lovelace", opened, "USD 300.00", "USD 100.00",
                     "USD 200.00"]  # fmt: skip

    qtbot.keyClick(section.table, Qt.Key.Key_Return)
    dialog = section.findChild(CheckoutDialog)
    assert dialog is not None
    ready(qtbot, dialog)
    assert dialog.ticket.id == visit and dialog.ticket.balance_minor == 20000

    choose_tender(qtbot, dialog, 1)
    press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.ticket.status == "closed", timeout=10_000)
    qtbot.waitUntil(lambda: section.table.tickets.rowCount() == 0, timeout=10_000)
    wait_idle(qtbot)
    assert section.body.currentWidget() is section.note  # nothing left open
    dialog.accept()


def test_check_out_on_a_paid_visit_shows_it_paid_in_full_with_its_receipt(
    qtbot, window, clinic, till
):
    appointment = till.checked_in_botox()
    till.paid_in_cash(till.open_ticket(appointment), 30000)
    section = open_calendar(qtbot, window, clinic.owner_session, till.schedule)
    qtbot.mouseClick(
        section.canvas, Qt.MouseButton.LeftButton, pos=card_point(section, appointment)
    )
    section.details.check_out_button.click()
    dialog = section.findChild(CheckoutDialog)
    qtbot.waitUntil(lambda: dialog.ticket is not None, timeout=10_000)
    wait_idle(qtbot)

    assert dialog.right.currentWidget() is dialog.paid
    assert dialog.paid.headline.text() == "Paid in full"
    assert dialog.paid.earlier.text() == PAID_EARLIER and dialog.paid.earlier.isVisible()
    assert not dialog.paid.change.isVisible()
    assert dialog.side.totals.balance_title.text() == "Paid in full"
    assert len(till.tickets()) == 1  # the paid ticket, never a second bill
    side = dialog.side
    for control in (side.add_service, side.add_product, side.add_gift_card, side.discount,
                    side.fewer, side.more, side.remove, side.totals.tips):  # fmt: skip
        assert not control.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(side.lines, Qt.Key.Key_Delete)
    assert dialog.findChild(ProductPicker) is None and dialog.findChild(QMessageBox) is None

    assert printed_receipt(qtbot, dialog).startswith(b"%PDF-")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter closes
    assert not dialog.isVisible()


def printed_receipt(qtbot, dialog: CheckoutDialog) -> bytes:
    """Print receipt, with the PDF viewer stubbed: the file it would have opened."""
    opened = []
    dialog.paid.receipt.opener = lambda url: opened.append(url.toLocalFile()) or True
    dialog.paid.receipt.print_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    with open(opened[0], "rb") as pdf:
        return pdf.read()
