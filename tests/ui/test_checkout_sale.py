"""A sale without an appointment (Ctrl+Shift+S), what the ticket's lines allow, where the
calendar offers checkout, and the receipt."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from medspa_desktop.ui.checkout.dialog import CheckoutDialog
from medspa_desktop.ui.checkout.line_dialogs import AddServiceDialog, GiftCardSaleDialog
from medspa_desktop.ui.checkout.new_sale import NewSaleDialog
from medspa_desktop.ui.checkout.words import PAY_LATER_NEEDS_CLIENT
from medspa_desktop.ui.dialogs import DIALOG_MARGIN_PX
from medspa_desktop.ui.style import apply_style

from .calendar_clinic import Schedule, set_up_schedule
from .calendar_steps import card, open_calendar
from .checkout_steps import Till, choose_tender, press_enter, ready, set_up_till
from .conftest import enter, wait_idle


@pytest.fixture
def schedule(clinic) -> Schedule:
    return set_up_schedule(clinic)


@pytest.fixture
def till(schedule) -> Till:
    return set_up_till(schedule)


def new_walk_in(qtbot, window, till: Till) -> CheckoutDialog:
    qtbot.keyClick(
        window,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    sale = window.findChild(NewSaleDialog)
    assert sale is not None
    sale._terminal = lambda: till.terminal
    sale.walk_in.click()
    dialog = sale.checkout
    ready(qtbot, dialog)
    return dialog


def test_a_walk_in_buys_a_gift_card_in_cash_and_gets_a_printed_receipt(qtbot, window, clinic, till):
    enter(qtbot, window, clinic.owner_session)
    dialog = new_walk_in(qtbot, window, till)
    assert dialog.heading.text() == "Checkout — Walk-in"

    dialog.side.add_gift_card.click()
    sale = dialog.findChild(GiftCardSaleDialog)
    qtbot.keyClicks(sale.value, "50")
    sale.save_button.click()
    qtbot.waitUntil(lambda: len(dialog.ticket.lines) == 1, timeout=10_000)
    wait_idle(qtbot)
    assert dialog.ticket.lines[0].description.startswith("Gift card ")
    assert not dialog.side.discount.isEnabled()  # a gift card is never discounted

    choose_tender(qtbot, dialog, 4)
    assert dialog.tenders.later.explain.text() == PAY_LATER_NEEDS_CLIENT
    assert not dialog.tenders.take_button.isEnabled()

    choose_tender(qtbot, dialog, 1)
    press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.ticket.status == "closed", timeout=10_000)
    wait_idle(qtbot)
    opened = []
    dialog.paid.receipt.opener = lambda url: opened.append(url.toLocalFile()) or True
    dialog.paid.receipt.print_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    with open(opened[0], "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter closes once paid
    assert not dialog.isVisible()


def test_lines_are_added_counted_and_removed_only_after_asking(qtbot, window, clinic, till):
    appointment = till.checked_in_botox()
    section = open_calendar(qtbot, window, clinic.owner_session, till.schedule)
    section.status_actions.terminal = lambda: till.terminal
    dialog = section.status_actions.check_out(card(section, appointment).card)
    ready(qtbot, dialog)

    dialog.side.add_service.click()
    adding = dialog.findChild(AddServiceDialog)
    qtbot.waitUntil(lambda: adding.service.count() == 2)
    adding.service.setCurrentIndex(adding.service.findData(till.schedule.laser))
    adding.staff.setCurrentIndex(adding.staff.findData(till.schedule.staff["kim"]))
    adding.save_button.click()
    qtbot.waitUntil(lambda: len(dialog.ticket.lines) == 2, timeout=10_000)
    wait_idle(qtbot)
    laser = dialog.ticket.lines[1]
    assert (laser.description, laser.staff_name) == ("Laser hair removal", "Kim")

    dialog.side.lines.selectRow(1)
    qtbot.keyClick(dialog.side.lines, Qt.Key.Key_Plus)
    qtbot.waitUntil(lambda: dialog.ticket.lines[1].quantity == 2, timeout=10_000)
    assert dialog.ticket.subtotal_minor == 30000 + 2 * 20000

    qtbot.keyClick(dialog.side.lines, Qt.Key.Key_Delete)
    box = dialog.findChild(QMessageBox)
    assert "Remove Laser hair removal from the ticket?" in box.text()
    assert len(dialog.ticket.lines) == 2  # nothing removed before the answer
    next(b for b in box.buttons() if b.text() == "Remove").click()
    qtbot.waitUntil(lambda: len(dialog.ticket.lines) == 1, timeout=10_000)
    wait_idle(qtbot)
    dialog.reject()


def test_the_calendar_offers_checkout_once_the_client_has_arrived(qtbot, window, clinic, till):
    arrived = till.checked_in_botox(10)
    booked = till.schedule.book(till.schedule.at(12), till.schedule.botox, "kim")
    section = open_calendar(qtbot, window, clinic.owner_session, till.schedule)

    def offered(appointment: str) -> bool:
        menu = section.status_actions.menu(card(section, appointment).card)
        texts = [action.text() for action in menu.actions()]
        menu.close()
        return "Check out…" in texts

    assert offered(arrived)
    assert not offered(booked)


@pytest.mark.parametrize(("size", "tablet_mode"), [((1366, 768), False), ((1280, 800), True)])
def test_a_six_line_ticket_shows_whole_without_scrolling(
    qtbot, qapp, window, clinic, till, size, tablet_mode
):
    previous = (qapp.styleSheet(), qapp.font(), qapp.property("tablet"))
    apply_style(qapp, tablet=tablet_mode)
    try:
        window.resize(*size)
        appointment = till.checked_in_botox()
        ticket = till.open_ticket(appointment)
        for _ in range(5):
            till.add_service(ticket, till.schedule.laser)
        section = open_calendar(qtbot, window, clinic.owner_session, till.schedule)
        section.status_actions.terminal = lambda: till.terminal
        dialog = section.status_actions.check_out(card(section, appointment).card)
        ready(qtbot, dialog)
        qtbot.waitExposed(dialog)

        assert len(dialog.ticket.lines) == 6
        assert dialog.side.lines.verticalScrollBar().maximum() == 0
        assert dialog.height() <= size[1] - 2 * DIALOG_MARGIN_PX
        for part in (
            dialog.tenders.take_button,
            dialog.side.totals.balance,
            dialog.tenders.payments,
        ):
            assert (
                part.isVisible() and part.visibleRegion().boundingRect().height() == part.height()
            )
        dialog.reject()
    finally:
        qapp.setStyleSheet(previous[0])
        qapp.setFont(previous[1])
        qapp.setProperty("tablet", previous[2])


def test_a_gift_card_pays_what_is_left_on_it_and_the_rest_is_still_owed(
    qtbot, window, clinic, till
):
    code = till.paid_gift_card(5000)
    appointment = till.checked_in_botox()
    section = open_calendar(qtbot, window, clinic.owner_session, till.schedule)
    section.status_actions.terminal = lambda: till.terminal
    dialog = section.status_actions.check_out(card(section, appointment).card)
    ready(qtbot, dialog)

    choose_tender(qtbot, dialog, 3)
    gift = dialog.tenders.gift
    qtbot.keyClicks(gift.code, code.lower().replace("-", ""))  # as read off the card
    gift.check_button.click()
    qtbot.waitUntil(lambda: "left" in gift.card_balance.text(), timeout=10_000)
    assert gift.card_balance.text() == f"Card {code}: USD 50.00 left (active)"
    assert gift.amount.edit.text() == "50.00"  # what the card can pay, not the whole balance

    press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.ticket.paid_minor == 5000, timeout=10_000)
    wait_idle(qtbot)
    assert dialog.ticket.balance_minor == 25000 and dialog.ticket.status == "open"
    dialog.reject()
