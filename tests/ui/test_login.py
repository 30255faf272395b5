"""Log-in, PIN quick switch, locking and navigation per role, through the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from medspa_desktop.domain.actor import Role
from medspa_desktop.ui.nav import SECTIONS

from .conftest import OWNER_PASSWORD, STAFF_PASSWORD, enter, wait_idle


def type_log_in(qtbot, window, username: str, password: str) -> None:
    login = window.login
    qtbot.keyClicks(login.username, username)
    qtbot.keyClicks(login.password, password)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    wait_idle(qtbot)


def visible_sections(window) -> set[str]:
    return {s.key for s in SECTIONS if window.nav.buttons[s.key].isVisibleTo(window)}


def test_log_in_with_password_opens_the_work_area_for_that_person(qtbot, window):
    assert window.locked and window.pages.currentWidget() is window.login

    type_log_in(qtbot, window, "olivia", OWNER_PASSWORD)
    qtbot.waitUntil(lambda: not window.locked)
    wait_idle(qtbot)

    assert window.pages.currentWidget() is window.work_holder
    assert window.status.user.text() == "Logged in: Olivia Owner"
    assert window.status.role.text() == "Role: Owner"
    assert window.status.location.text() == "Location: Downtown"
    assert window.windowTitle() == "MedSpa Desktop — Lumen Aesthetics"


def test_wrong_password_and_unknown_user_get_the_same_message(qtbot, window):
    type_log_in(qtbot, window, "olivia", "not the password")
    wrong_password = window.login.error.text()
    window.login.username.clear()
    type_log_in(qtbot, window, "nobody-here", "whatever it is")

    assert window.locked
    assert "username or password is not right" in wrong_password
    assert window.login.error.text() == wrong_password
    assert window.login.password.text() == ""


def test_repeated_failures_show_the_wait_before_trying_again(qtbot, window):
    for _ in range(5):
        window.login.username.clear()
        type_log_in(qtbot, window, "olivia", "wrong guess")
    window.login.username.clear()
    type_log_in(qtbot, window, "olivia", OWNER_PASSWORD)

    message = window.login.error.text()
    assert window.locked
    assert "paused" in message and "Try again in" in message


def test_pin_quick_switch_logs_in_the_chosen_person(qtbot, window, clinic):
    dana = clinic.add_staff("dana", Role.FRONT_DESK, pin="8642")
    window.login.refresh_choices()
    wait_idle(qtbot)

    window.login.pin_panel.choose(dana)
    pad = window.login.pin_panel.pad
    for digit in "8642":
        qtbot.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.locked)
    wait_idle(qtbot)

    assert window.session.actor.staff_id == dana
    assert window.status.role.text() == "Role: Front Desk"


def test_wrong_pin_is_refused_and_the_pad_cleared(qtbot, window, clinic):
    dana = clinic.add_staff("dana", Role.FRONT_DESK, pin="8642")
    window.login.refresh_choices()
    wait_idle(qtbot)
    window.login.pin_panel.choose(dana)
    for digit in "1111":
        window.login.pin_panel.pad.press(digit)
    window.login.pin_panel.pad.ok.click()
    wait_idle(qtbot)

    assert window.locked
    assert "PIN is not right" in window.login.error.text()
    assert window.login.pin_panel.pad.pin == ""


def test_front_desk_sees_neither_settings_nor_charts(qtbot, window, clinic):
    clinic.add_staff("dana", Role.FRONT_DESK)
    enter(qtbot, window, clinic.log_in("dana"))

    shown = visible_sections(window)
    assert {"settings", "charts"}.isdisjoint(shown)
    assert {"calendar", "clients", "checkout"} <= shown
    assert not window.work.has_section("settings")
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    assert window.work.current_key() == "calendar"  # home: Ctrl+6 (Settings) is not theirs


def test_manager_sees_every_section_and_ctrl_6_opens_settings(qtbot, window, clinic):
    clinic.add_staff("marcus", Role.MANAGER)
    enter(qtbot, window, clinic.log_in("marcus"))

    assert visible_sections(window) == {s.key for s in SECTIONS}
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    assert window.work.current_key() == "settings"
    settings = window.work.section("settings")
    assert [settings.tabs.tabText(i) for i in range(settings.tabs.count())] == [
        "Locations", "Staff", "Service menu", "Rooms and machines", "Payments",
        "Chart templates", "Consent forms", "Intake questionnaires", "Sync",
    ]  # fmt: skip


def test_practitioner_sees_charts_but_not_settings(qtbot, window, clinic):
    clinic.add_staff("sofia", Role.PRACTITIONER)
    enter(qtbot, window, clinic.log_in("sofia"))

    shown = visible_sections(window)
    assert "charts" in shown
    assert "settings" not in shown


def test_ctrl_l_locks_at_once_and_hides_the_work_area(qtbot, window, clinic):
    enter(qtbot, window, clinic.owner_session)

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)

    assert window.locked
    assert window.pages.currentWidget() is window.login
    assert not window.work.isVisible()
    assert window.windowTitle() == "MedSpa Desktop — Locked"
    assert window.login.heading.text() == "Screen locked"


def test_unlock_by_someone_else_resets_the_view_to_their_role(qtbot, window, clinic):
    clinic.add_staff("dana", Role.FRONT_DESK)
    enter(qtbot, window, clinic.owner_session)
    window.show_section("settings")
    window.lock()
    wait_idle(qtbot)

    type_log_in(qtbot, window, "dana", STAFF_PASSWORD)
    qtbot.waitUntil(lambda: not window.locked)
    wait_idle(qtbot)

    assert window.work.current_key() == "calendar"
    assert not window.work.has_section("settings")
    assert window.status.user.text() == "Logged in: Dana Front Desk"
