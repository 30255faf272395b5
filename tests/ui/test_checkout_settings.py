"""Settings → Payments: managers set up a location's card readers; only the owner saves
this PC's Stripe key (through the owner-only service, audited without the key), which goes
to the OS keyring and is never shown again, and removes it after confirming."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from medspa_desktop.domain.actor import Role
from medspa_desktop.payments.simulated import SimulatedTerminal
from medspa_desktop.store.models import AuditEntry
from medspa_desktop.store.payment_keys import save_stripe_key, stripe_key
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
    assert not page.remove_key_button.isEnabled()

    qtbot.keyClicks(page.key, SECRET)
    page.save_key_button.click()
    assert page.key.text() == ""  # gone from the screen at once
    qtbot.waitUntil(lambda: page.key_state.text().startswith(KEY_SAVED))
    wait_idle(qtbot)
    assert stripe_key(clinic.store.data_dir) == SECRET
    assert SECRET not in page.key_state.text()
    assert "Stripe test key set" in audit_details(clinic)
    assert not any(SECRET in detail for detail in audit_details(clinic))
    assert page.remove_key_button.isEnabled()


def test_a_card_number_pasted_as_the_key_is_refused_under_the_field(
    qtbot, window, clinic, memory_keyring
):
    page = payments_page(qtbot, window, clinic.owner_session)
    qtbot.keyClicks(page.key, "4242 4242 4242 4242")
    qtbot.keyClick(page.key, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.key_error.isVisible(), timeout=10_000)
    wait_idle(qtbot)
    assert page.key_error.text().startswith("Paste the restricted key from the Stripe dashboard")
    assert stripe_key(clinic.store.data_dir) is None and page.key.text() == ""


def test_the_owner_removes_the_key_after_confirming(qtbot, window, clinic, memory_keyring):
    save_stripe_key(clinic.store.data_dir, SECRET)
    page = payments_page(qtbot, window, clinic.owner_session)
    qtbot.waitUntil(lambda: page.remove_key_button.isEnabled(), timeout=10_000)

    page.remove_key_button.click()
    box = page.findChild(QMessageBox)
    assert "Card payments stop on this PC" in box.text()
    next(b for b in box.buttons() if b.text() == "Remove key").click()
    qtbot.waitUntil(lambda: page.key_state.text() == NO_KEY_YET, timeout=10_000)
    wait_idle(qtbot)
    assert stripe_key(clinic.store.data_dir) is None
    assert "Stripe key removed" in audit_details(clinic)
    assert not page.remove_key_button.isEnabled()


def audit_details(clinic) -> list[str]:
    with clinic.store.session_factory() as session:
        return list(session.scalars(select(AuditEntry.detail)))


def test_a_manager_adds_tests_and_removes_a_reader_but_cannot_see_the_key(qtbot, window, clinic):
    clinic.add_staff("marcus", Role.MANAGER)
    page = payments_page(qtbot, window, clinic.log_in("marcus"))
    for owners_only in (page.key, page.save_key_button, page.remove_key_button):
        assert not owners_only.isVisibleTo(page)

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
