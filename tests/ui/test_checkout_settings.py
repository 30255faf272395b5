"""Settings → Payments: managers set up a location's card readers; only the owner saves
this PC's Stripe key, which goes to the OS keyring and is never shown again."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from medspa_desktop.domain.actor import Role
from medspa_desktop.payments.simulated import SimulatedTerminal
from medspa_desktop.store.payment_keys import stripe_key
from medspa_desktop.ui.settings.payments import KEY_SAVED, NO_KEY_YET, PaymentsPage

from .conftest import enter, wait_idle

SECRET = "rk_test_51Hplaceholder0123456789"
TERMINAL = SimulatedTerminal(tap_seconds=0)
"""The demo's simulated reader stands in for Stripe."""


def payments_page(qtbot, window, session) -> PaymentsPage:
    enter(qtbot, window, session)
    window.show_section("settings")
    settings = window.work.section("settings")
    settings.show_page("Payments")
    wait_idle(qtbot)
    page = settings.pages["Payments"]
    page.source = lambda: TERMINAL
    return page


def test_the_owner_saves_the_stripe_key_and_it_is_never_shown_again(
    qtbot, window, clinic, memory_keyring
):
    page = payments_page(qtbot, window, clinic.owner_session)
    qtbot.waitUntil(lambda: page.key_state.text() == NO_KEY_YET)

    qtbot.keyClicks(page.key, SECRET)
    page.save_key_button.click()
    assert page.key.text() == ""  # gone from the screen at once
    qtbot.waitUntil(lambda: page.key_state.text().startswith(KEY_SAVED))
    wait_idle(qtbot)
    assert stripe_key(clinic.store.data_dir) == SECRET
    assert SECRET not in page.key_state.text()


def test_a_manager_adds_tests_and_removes_a_reader_but_cannot_see_the_key(qtbot, window, clinic):
    clinic.add_staff("marcus", Role.MANAGER)
    page = payments_page(qtbot, window, clinic.log_in("marcus"))
    assert not page.key.isVisibleTo(page)

    dialog = page.add_reader()
    qtbot.keyClicks(dialog.label, "Front desk reader")
    qtbot.keyClicks(dialog.reader_id, "tmr_demo_front_desk")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10_000)
    wait_idle(qtbot)
    assert page.table.item(0, 0).text() == "Front desk reader"

    page.test_connection()
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=10_000)
    assert page.connection.text().startswith("Connected to Stripe.")
    assert "tmr_demo_front_desk, online" in page.connection.text()

    page.ask_remove()
    box = page.findChild(QMessageBox)
    next(b for b in box.buttons() if b.text() == "Remove reader").click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=10_000)
    wait_idle(qtbot)


def test_a_reader_id_that_is_not_stripes_is_refused_at_the_field(qtbot, window, clinic):
    page = payments_page(qtbot, window, clinic.owner_session)
    dialog = page.add_reader()
    qtbot.keyClicks(dialog.label, "Back room")
    qtbot.keyClicks(dialog.reader_id, "reader-7")
    dialog.save_button.click()
    wait_idle(qtbot)
    assert dialog.errors.message("stripe_reader_id") == "A Stripe reader id starts with tmr_."
    assert page.table.rowCount() == 0
    dialog.reject()
