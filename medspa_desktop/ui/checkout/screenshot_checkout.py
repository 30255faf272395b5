"""Screenshot scenes of checkout: a checked-in appointment with "Check out…", a visit half
paid by card and a tip chosen (the card reader waiting, then the rest in cash about to be
taken), paid in full with the change due, the New sale dialog, and Settings → Payments as
an owner sees it.

NOTE: unlike the calendar's scenes these change the demo clinic's data, as the desk would:
an upcoming appointment is checked in and paid (the demo's simulated reader takes the
card). Main thread of ``medspa screenshots``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.services import auth
from medspa_desktop.services.appointment_life import ChangeStatus, change_status
from medspa_desktop.services.calendar import CalendarCard
from medspa_desktop.ui.calendar.section import CalendarSection
from medspa_desktop.ui.calendar.status_menu import APPOINTMENTS
from medspa_desktop.ui.calendar.toolbar import STAFF_DAY
from medspa_desktop.ui.checkout.dialog import CheckoutDialog
from medspa_desktop.ui.demo_hints import demo_hints
from medspa_desktop.ui.main_window import MainWindow
from medspa_desktop.ui.shooter import Shooter

WAIT_S = 15.0
UPCOMING = (st.BOOKED, st.CONFIRMED)


def checkout_scenes(shot: Shooter, window: MainWindow) -> None:
    """The checkout scenes over ``window`` (a manager logged in, the demo clinic)."""
    if window.work is None or not window.work.has_section("calendar"):
        return
    window.show_section("calendar")
    section = window.work.calendar()
    section.set_mode(STAFF_DAY)
    section.go_today()
    shot.settle()
    card = _arrived(shot, section)
    if card is None:
        return
    section.canvas.select(card.id)
    section.board.reveal(section.canvas.card_rect(card.id))
    shot.shoot("calendar-check-out", window)
    dialog = section.status_actions.check_out(card)
    assert isinstance(dialog, CheckoutDialog)
    _until(shot, lambda: dialog.ticket is not None and dialog.card.terminal is not None)
    _pay(shot, window, dialog)
    dialog.accept()
    shot.settle()
    new_sale = window.new_sale()
    if new_sale is not None:
        shot.shoot("checkout-new-sale", window, new_sale)
        new_sale.reject()


def _pay(shot: Shooter, window: MainWindow, dialog: CheckoutDialog) -> None:
    totals = dialog.side.totals
    presets = totals.presets
    if presets:
        totals.tips.buttons[min(1, len(presets) - 1)].click()  # 20 % where offered
        shot.settle()
    ticket = dialog.ticket
    assert ticket is not None
    dialog.tenders.choose(1)
    half = (ticket.balance_minor // 2) // 1000 * 1000 or ticket.balance_minor
    dialog.tenders.card.amount.set_minor(half, ticket.currency)
    dialog.tenders.take_now()
    _until(shot, lambda: dialog.tenders.card.progress.isVisible())
    shot.shoot("checkout-card-waiting", window, dialog)
    _until(shot, lambda: not dialog.card.flow.busy)
    dialog.tenders.choose(0)
    rounded = dialog.tenders.cash.quick_buttons[1:]  # after "Exact": a note or two
    if rounded:
        rounded[0].click()
    shot.shoot("checkout-split-tender", window, dialog)
    dialog.tenders.take_now()
    _until(shot, lambda: dialog.ticket is not None and dialog.ticket.status != "open")
    shot.shoot("checkout-paid-in-full", window, dialog)


def _arrived(shot: Shooter, section: CalendarSection) -> CalendarCard | None:
    """An upcoming appointment of today (or the next days), checked in as the desk would."""
    for _ in range(7):
        cards = section.view.cards if section.view else ()
        ahead = [c for c in cards if c.status in UPCOMING]
        if ahead:
            return _check_in(shot, section, ahead[0].id)
        section.step(1)
        shot.settle()
    return None


def _check_in(shot: Shooter, section: CalendarSection, appointment_id: str) -> CalendarCard | None:
    command = ChangeStatus(appointment_id, st.CHECKED_IN)
    section.session.mutate(
        section, lambda uow, actor: change_status(command, uow=uow, actor=actor), APPOINTMENTS
    ).run()
    shot.settle()
    cards = section.view.cards if section.view else ()
    return next((c for c in cards if c.id == appointment_id), None)


def _until(shot: Shooter, done: Callable[[], bool]) -> None:
    """Let the screen work until ``done()`` (the card reader taps after two seconds)."""
    deadline = time.monotonic() + WAIT_S
    while not done() and time.monotonic() < deadline:
        shot.settle()
        time.sleep(0.05)


def payments_owner_scene(shot: Shooter, window: MainWindow) -> None:
    """Settings → Payments as the demo owner sees it (the Stripe key is the owner's)."""
    hints = demo_hints(None)
    owner = next((p for p in hints.people if p.role.value == "owner"), None)
    if owner is None:
        return
    with window.session.store.uow() as uow:
        window.start_session(auth.log_in(auth.LogIn(owner.username, hints.password), uow=uow))
    shot.settle()
    if window.work is None or not window.work.has_section("settings"):
        return
    window.show_section("settings")
    settings = window.work.section("settings")
    settings.show_page("Payments")
    page = settings.pages["Payments"]
    page.test_connection()
    _until(shot, lambda: page.test_button.isEnabled())
    shot.shoot("settings-payments-owner", window)
