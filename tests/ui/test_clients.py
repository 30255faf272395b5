"""Clients: type-ahead search, opening a profile with Enter, editing with validation."""

from __future__ import annotations

from PySide6.QtCore import Qt

from medspa_desktop.domain.actor import Role
from medspa_desktop.services import clients

from .conftest import enter, wait_idle


def search(qtbot, section, text: str) -> None:
    page = section.list_page
    page.search.clear()
    qtbot.keyClicks(page.search, text)
    qtbot.waitUntil(lambda: not page.finder.busy, timeout=10_000)
    wait_idle(qtbot)


def shown_names(section) -> list[str]:
    model = section.list_page.model
    return [model.row_at(row).name for row in range(model.rowCount())]


def show_clients(qtbot, window):
    """The Clients section on screen (the calendar is home)."""
    window.show_section("clients")
    wait_idle(qtbot)
    return window.work.clients()


def open_first_match(qtbot, section, text: str) -> None:
    search(qtbot, section, text)
    qtbot.keyClick(section.list_page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: section.currentWidget() is section.profile, timeout=10_000)
    wait_idle(qtbot)


def test_search_shows_matches_and_enter_opens_the_profile(qtbot, window, clinic):
    clinic.add_client("Olivia", "Smith", allergies="Lidocaine", medical_flags=("pregnant",))
    clinic.add_client("Oliver", "Smythe")
    clinic.add_client("Zoe", "Brown")
    enter(qtbot, window, clinic.owner_session)
    section = window.work.clients()

    search(qtbot, section, "smi")
    assert shown_names(section) == ["Smith, Olivia"]

    qtbot.keyClick(section.list_page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: section.currentWidget() is section.profile)
    wait_idle(qtbot)
    profile = section.profile
    assert profile.name.text() == "Olivia Smith"
    assert profile.allergies.isVisibleTo(profile) and "Lidocaine" in profile.allergies.text.text()
    assert profile.flags.isVisibleTo(profile) and "pregnant" in profile.flags.text.text()
    assert not profile.no_alerts.isVisibleTo(profile)


def test_only_the_answer_for_the_latest_text_is_shown(qtbot, window, clinic):
    clinic.add_client("Olivia", "Smith")
    clinic.add_client("Zoe", "Brown")
    enter(qtbot, window, clinic.owner_session)
    section = window.work.clients()
    page = section.list_page

    page.finder.now("smith")
    page.search.setText("brown")  # typed while the first search is still on the worker
    qtbot.waitUntil(lambda: not page.finder.busy, timeout=10_000)
    wait_idle(qtbot)

    assert shown_names(section) == ["Brown, Zoe"]


def test_no_match_says_how_to_add_the_client(qtbot, window, clinic):
    clinic.add_client("Olivia", "Smith")
    enter(qtbot, window, clinic.owner_session)
    section = window.work.clients()

    search(qtbot, section, "xylophone")

    page = section.list_page
    assert page.results.currentWidget() is page.nothing
    assert "New client" in page.nothing.body.text()


def test_invalid_phone_shows_the_error_at_the_field_and_a_valid_edit_saves(qtbot, window, clinic):
    client_id = clinic.add_client("Olivia", "Smith", phone="212-555-0101")
    enter(qtbot, window, clinic.owner_session)
    section = show_clients(qtbot, window)
    open_first_match(qtbot, section, "olivia")
    qtbot.keyClick(section.profile, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert section.currentWidget() is section.form
    form = section.form

    form.inputs.phone.setText("12")
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)
    assert section.currentWidget() is form
    assert "not a valid phone number" in form.errors.message("phone")
    assert form.inputs.phone.property("invalid") is True

    form.inputs.phone.setText("(212) 555-0199")
    form.inputs.email.setText("olivia@example.com")
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: section.currentWidget() is section.profile, timeout=10_000)
    wait_idle(qtbot)

    with clinic.store.uow() as uow:
        saved = clients.get_client_profile(client_id, uow=uow, actor=clinic.owner_session.actor)
    assert (saved.phone, saved.email) == ("+12125550199", "olivia@example.com")
    assert section.profile.contact.value("Phone") == "(212) 555-0199"


def test_new_client_with_ctrl_n_appears_in_search(qtbot, window, clinic):
    enter(qtbot, window, clinic.owner_session)
    section = window.work.clients()

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)  # a move to another section waits for the session check
    form = section.form
    assert section.currentWidget() is form
    form.inputs.first_name.setText("Hannah")
    form.inputs.last_name.setText("Kim")
    form.inputs.consent_sms.setChecked(True)
    form.save_button.click()
    qtbot.waitUntil(lambda: section.currentWidget() is section.profile, timeout=10_000)
    wait_idle(qtbot)

    assert section.profile.marketing.value("Text messages (SMS)") == "✓ Yes"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search(qtbot, section, "hannah")
    assert shown_names(section) == ["Kim, Hannah"]


def test_idle_lock_hides_every_client_detail(qtbot, window, clinic):
    clinic.add_client("Olivia", "Smith", allergies="Lidocaine")
    enter(qtbot, window, clinic.owner_session)
    section = show_clients(qtbot, window)
    open_first_match(qtbot, section, "olivia")
    assert section.profile.isVisible()
    assert window.idle.interval_ms == 10 * 60_000  # the location's default

    window.idle.start_ms(50)
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)
    wait_idle(qtbot)

    assert not section.profile.isVisible()
    assert not section.list_page.isVisible()
    assert window.pages.currentWidget() is window.login
    assert "Olivia" not in window.windowTitle() and "Smith" not in window.windowTitle()
    visible_text = " ".join(
        w.text() for w in window.findChildren(type(window.login.heading)) if w.isVisible()
    )
    assert "Olivia" not in visible_text and "Lidocaine" not in visible_text


def test_input_restarts_the_idle_countdown_only_while_unlocked(qtbot, window, clinic):
    enter(qtbot, window, clinic.owner_session)
    search_box = window.work.clients().list_page.search

    with qtbot.waitSignal(window.idle.activity, timeout=2_000):
        qtbot.keyClick(search_box, Qt.Key.Key_A)
    window.lock()
    wait_idle(qtbot)
    with qtbot.assertNotEmitted(window.idle.activity):
        qtbot.keyClick(window.login.username, Qt.Key.Key_B)

    assert not window.idle.active
    qtbot.waitUntil(lambda: not window.work.clients().list_page.finder.busy)
    wait_idle(qtbot)


def test_front_desk_sees_allergies_but_cannot_change_them_or_see_medications(qtbot, window, clinic):
    clinic.add_client("Olivia", "Smith", allergies="Lidocaine", medications="Isotretinoin")
    clinic.add_staff("dana", Role.FRONT_DESK)
    enter(qtbot, window, clinic.log_in("dana"))
    section = window.work.clients()
    open_first_match(qtbot, section, "olivia")

    profile = section.profile
    assert "Lidocaine" in profile.allergies.text.text()
    assert not profile.medical.isVisibleTo(profile)
    section.edit_client()
    form = section.form
    assert form.inputs.allergies.isReadOnly()
    assert not form.inputs.medications.isVisibleTo(form)
    assert "Isotretinoin" not in form.inputs.medications.toPlainText()
