"""Screenshot scenes of checkout: a checked-in appointment with "Check out…", a visit half
paid by card and a tip chosen (the card reader waiting, then the rest in cash about to be
taken), paid in full with the change due, "Check out…" on it again (its receipt), the New
sale dialog, a walk-in's product picker (a package refused, a product added with its tax),
the open tickets of the Checkout section, and Settings → Payments as an owner sees it.

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
from medspa_desktop.ui.checkout.product_picker import ProductPicker
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
    again = section.status_actions.check_out(card)  # the paid visit: its receipt, no bill
    if isinstance(again, CheckoutDialog):
        _until(shot, lambda: again.ticket is not None)
        shot.shoot("checkout-paid-visit-again", window, again)
        again.accept()
        shot.settle()
    _new_sale(shot, window)


def _new_sale(shot: Shooter, window: MainWindow) -> None:
    """New sale, a walk-in's products, and the ticket left open in the Checkout section."""
    new_sale = window.new_sale()
    if new_sale is not None:
        shot.shoot("checkout-new-sale", window, new_sale)
        walk_in = new_sale.start(with_client=False)
        if walk_in is not None:
            _until(shot, lambda: walk_in.ticket is not None)
            _sell_products(shot, window, walk_in)
    window.show_section("checkout")
    shot.shoot("checkout-open-tickets", window)


def _sell_products(shot: Shooter, window: MainWindow, dialog: CheckoutDialog) -> None:
    """Ctrl+P on a walk-in's ticket: a package refused, then a product in stock added; the
    ticket is left open, as when the client goes to fetch a card."""
    picker = dialog.edits.add_product()
    if not isinstance(picker, ProductPicker):
        return
    shot.settle()
    shot.shoot("checkout-product-picker", dialog, picker)
    rows = picker.table.rows
    package = next((r for r, item in enumerate(rows) if item and item.kind == "package"), None)
    if package is not None:
        picker.table.selectRow(package)
        picker.add_chosen()
        shot.shoot("checkout-product-refused", dialog, picker)
    stocked = next((i for i, item in enumerate(rows) if item and (item.on_hand or 0) > 0), None)
    if stocked is not None:
        picker.table.selectRow(stocked)
        picker.add_chosen()
        shot.settle()
        shot.shoot("checkout-product-added", window, dialog)
    if picker.isVisible():
        picker.reject()
    dialog.reject()
    shot.settle()


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
