"""Checkout at the front desk: a visit paid part by card and part in cash with a tip, the
card reader offline, a declined card, Esc while the reader waits, and a discount over the
front desk's limit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.card_terminal import TerminalUnreachable
from medspa_desktop.payments.simulated import SimulatedTerminal
from medspa_desktop.ui.checkout.dialog import CheckoutDialog
from medspa_desktop.ui.checkout.discount import DiscountDialog
from medspa_desktop.ui.checkout.words import CARD_OFFLINE

from .calendar_clinic import Schedule, set_up_schedule
from .calendar_steps import card_point, open_calendar
from .checkout_steps import Till, choose_tender, press_enter, ready, set_up_till, type_amount
from .conftest import wait_idle


@pytest.fixture
def schedule(clinic) -> Schedule:
    return set_up_schedule(clinic)


@pytest.fixture
def till(schedule) -> Till:
    return set_up_till(schedule)


def open_from_calendar(qtbot, window, session, till: Till, appointment: str) -> CheckoutDialog:
    """Choose the appointment on the calendar and press "Check out…" in its details."""
    section = open_calendar(qtbot, window, session, till.schedule)
    section.status_actions.terminal = lambda: till.terminal
    qtbot.mouseClick(
        section.canvas, Qt.MouseButton.LeftButton, pos=card_point(section, appointment)
    )
    assert section.details.check_out_button.isVisible()
    section.details.check_out_button.click()
    dialog = section.findChild(CheckoutDialog)
    assert dialog is not None
    ready(qtbot, dialog)
    return dialog


def test_a_full_checkout_from_an_appointment_with_a_split_tender_and_a_tip(
    qtbot, window, clinic, till
):
    appointment = till.checked_in_botox()
    dialog = open_from_calendar(qtbot, window, clinic.owner_session, till, appointment)
    assert [line.description for line in dialog.ticket.lines] == ["Botox"]

    twenty = dialog.side.totals.tips.buttons[1]
    assert twenty.text() == "20 %"
    twenty.click()
    qtbot.waitUntil(lambda: dialog.ticket.tip_minor == 6000)
    assert dialog.ticket.total_minor == 36000

    choose_tender(qtbot, dialog, 2)
    assert dialog.tenders.page() is dialog.tenders.card
    type_amount(qtbot, dialog, "100")
    press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.ticket.paid_minor == 10000, timeout=10_000)
    wait_idle(qtbot)
    assert dialog.ticket.balance_minor == 26000

    choose_tender(qtbot, dialog, 1)
    type_amount(qtbot, dialog, "300")
    press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.ticket.status == "closed", timeout=10_000)
    wait_idle(qtbot)

    assert dialog.right.currentWidget() is dialog.paid
    assert dialog.paid.headline.text() == "Paid in full"
    assert dialog.paid.change.text() == "Change due: USD 40.00"
    card, cash = till.payments()
    assert (card.tender, card.amount_minor, card.card_last4) == ("card", 10000, "4242")
    assert (cash.tender, cash.amount_minor) == ("cash", 26000)
    (ticket,) = till.tickets()
    assert ticket.status == "closed" and ticket.tip_minor == 6000
    dialog.paid.close_button.click()
    wait_idle(qtbot)


class OfflineTerminal:
    """A card terminal on a PC with no internet: every call fails to reach Stripe."""

    def __getattr__(self, name):
        def unreachable(*_args, **_kwargs):
            raise TerminalUnreachable("Could not reach Stripe: no internet connection.")

        return unreachable


def test_with_no_internet_the_card_says_so_and_cash_still_works(qtbot, window, clinic, schedule):
    till = set_up_till(schedule, OfflineTerminal())
    dialog = open_from_calendar(qtbot, window, clinic.owner_session, till, till.checked_in_botox())

    choose_tender(qtbot, dialog, 2)
    press_enter(qtbot, dialog)
    page = dialog.tenders.card
    qtbot.waitUntil(lambda: not dialog.card.flow.busy and page.notice.isVisible())
    wait_idle(qtbot)
    assert page.notice.text.text() == CARD_OFFLINE
    assert till.attempts() == []  # nothing was written before the reader was asked

    choose_tender(qtbot, dialog, 1)
    assert dialog.tenders.take_button.isEnabled()
    press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.ticket.status == "closed", timeout=10_000)
    wait_idle(qtbot)
    (cash,) = till.payments()
    assert (cash.tender, cash.amount_minor) == ("cash", 30000)
    dialog.reject()


def test_a_declined_card_says_why_and_another_tender_can_be_taken(qtbot, window, clinic, till):
    dialog = open_from_calendar(qtbot, window, clinic.owner_session, till, till.checked_in_botox())

    choose_tender(qtbot, dialog, 2)
    type_amount(qtbot, dialog, "100.02")  # the simulated reader declines .02
    press_enter(qtbot, dialog)
    page = dialog.tenders.card
    qtbot.waitUntil(lambda: not dialog.card.flow.busy, timeout=10_000)
    wait_idle(qtbot)
    assert page.notice.title.text() == "Card declined"
    assert "Your card was declined." in page.notice.text.text()
    assert dialog.ticket.paid_minor == 0 and till.payments() == []
    assert dialog.tenders.choice.isEnabled() and dialog.tenders.take_button.isEnabled()

    choose_tender(qtbot, dialog, 1)
    press_enter(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.ticket.status == "closed", timeout=10_000)
    wait_idle(qtbot)
    assert [p.tender for p in till.payments()] == ["cash"]
    dialog.reject()


def test_esc_while_the_reader_waits_cancels_the_card_payment(qtbot, window, clinic, schedule):
    till = set_up_till(schedule, SimulatedTerminal(tap_seconds=3600))  # nobody taps
    dialog = open_from_calendar(qtbot, window, clinic.owner_session, till, till.checked_in_botox())

    choose_tender(qtbot, dialog, 2)
    press_enter(qtbot, dialog)
    page = dialog.tenders.card
    qtbot.waitUntil(lambda: page.progress.isVisible() and "Waiting" in page.waiting.text())
    assert "Front desk reader" in page.waiting.text()
    assert not dialog.tenders.choice.isEnabled()  # one payment at a time

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.card.flow.busy, timeout=10_000)
    wait_idle(qtbot)
    assert dialog.isVisible()  # Esc cancelled the payment, not checkout
    assert page.notice.title.text() == "Card payment cancelled"
    (attempt,) = till.attempts()
    assert attempt.status == "cancelled" and attempt.payment_id is None
    assert till.payments() == []
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # now Esc closes
    assert not dialog.isVisible()


def test_a_discount_over_the_limit_asks_for_a_manager_who_approves_with_a_pin(
    qtbot, window, clinic, till
):
    clinic.add_staff("fran", Role.FRONT_DESK)
    desk = clinic.log_in("fran")
    dialog = open_from_calendar(qtbot, window, desk, till, till.checked_in_botox())

    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    discount = dialog.findChild(DiscountDialog)
    assert discount is not None
    qtbot.keyClicks(discount.value, "30")
    qtbot.keyClicks(discount.reason, "Service recovery")
    discount.save_button.click()
    wait_idle(qtbot)
    assert discount.manager.isVisible()
    assert discount.manager_banner.title.text() == "A manager or owner must apply this discount"
    assert "manager or owner must apply it" in discount.manager_banner.text.text()
    assert dialog.ticket.discount_minor == 0

    approval = discount.ask_manager()
    wait_idle(qtbot)
    approval.panel.choose(clinic.owner_session.actor.staff_id)
    for digit in "2468":
        approval.panel.pad.press(digit)
    approval.panel.pad.ok.click()
    qtbot.waitUntil(lambda: dialog.ticket.discount_minor == 9000, timeout=10_000)
    wait_idle(qtbot)
    assert not discount.isVisible()
    assert dialog.ticket.lines[0].discount_reason == "Service recovery"
    dialog.reject()
