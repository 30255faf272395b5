"""Settings through the real window: a manager changes the lock time; staff are added."""

from __future__ import annotations

from medspa_desktop.domain.actor import Role
from medspa_desktop.services import auth, staff
from medspa_desktop.store.models import Location
from medspa_desktop.ui.settings.booking_policy import BookingPolicyDialog
from medspa_desktop.ui.settings.locations import LocationDialog
from medspa_desktop.ui.settings.staff_dialogs import NewStaffDialog

from .conftest import enter, wait_idle


def open_settings(qtbot, window, clinic, page: str):
    clinic.add_staff("marcus", Role.MANAGER)
    enter(qtbot, window, clinic.log_in("marcus"))
    window.show_section("settings")
    settings = window.work.section("settings")
    settings.show_page(page)
    wait_idle(qtbot)
    return settings.pages[page]


def test_changing_the_idle_lock_time_applies_to_this_screen_at_once(qtbot, window, clinic):
    page = open_settings(qtbot, window, clinic, "Locations")
    page.edit()
    dialog = page.findChild(LocationDialog)
    assert dialog is not None and dialog.idle.value() == 10

    dialog.idle.setValue(3)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot)

    assert window.idle.interval_ms == 3 * 60_000
    assert page.table.item(0, 2).text() == "after 3 min"
    with clinic.store.uow() as uow:
        assert auth.idle_lock_minutes(clinic.location_id, uow=uow) == 3


def test_new_staff_with_a_too_short_password_is_refused_at_the_field(qtbot, window, clinic):
    page = open_settings(qtbot, window, clinic, "Staff")
    page.add_staff_button.click()
    dialog = page.findChild(NewStaffDialog)
    dialog.display_name.setText("Jordan Lee")
    dialog.username.setText("jordan")
    dialog.passwords.password.setText("short")
    dialog.passwords.repeat.setText("short")

    dialog.save_button.click()
    wait_idle(qtbot)
    assert dialog.isVisible()
    assert "too short" in dialog.errors.message("password")

    dialog.passwords.password.setText("juniper lantern coast")
    dialog.passwords.repeat.setText("juniper lantern coast")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot)

    with clinic.store.uow() as uow:
        people = staff.list_staff(uow=uow, actor=clinic.owner_session.actor)
    assert "jordan" in {p.username for p in people}
    assert "Jordan Lee" in [page.table.item(r, 0).text() for r in range(page.table.rowCount())]


def test_a_manager_turns_on_online_booking_with_fees_from_the_locations_page(qtbot, window, clinic):
    page = open_settings(qtbot, window, clinic, "Locations")
    page.table.selectRow(0)
    page.edit_policy()
    qtbot.waitUntil(lambda: page.findChild(BookingPolicyDialog) is not None, timeout=10_000)
    dialog = page.findChild(BookingPolicyDialog)
    dialog.online.setCurrentIndex(dialog.online.findData("requested"))
    dialog.no_show_fee.setText("50")
    dialog.late_fee.setText("twenty")
    dialog.save_button.click()
    wait_idle(qtbot)
    assert dialog.isVisible() and "amount" in dialog.errors.message("late_cancel_fee_minor")

    dialog.late_fee.setText("25.50")
    dialog.text.setPlainText("Please give 24 hours' notice.")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    with clinic.store.uow() as uow:
        location = uow.session.get(Location, clinic.location_id)
        assert (location.online_booking, location.no_show_fee_minor) == ("requested", 5000)
        assert location.late_cancel_fee_minor == 2550
