"""The booking dialog's other paths: a new client added on the spot, two services back to
back with "Any available", picking a free time; Ctrl+B and Ctrl+G; a no-show and its fee."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from medspa_desktop.domain.actor import Role
from medspa_desktop.services import clients
from medspa_desktop.ui.calendar.go_to_date import GoToDate

from .calendar_clinic import Schedule, set_up_schedule
from .calendar_steps import card, choose_service, open_calendar
from .conftest import wait_idle


@pytest.fixture
def schedule(clinic) -> Schedule:
    return set_up_schedule(clinic)


def test_a_new_client_is_added_in_the_dialog_and_booked(qtbot, window, clinic, schedule):
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    dialog = section.book_at(schedule.staff["kim"], 14 * 60)
    picker = dialog.client
    qtbot.keyClicks(picker.search, "Mae Jemison")
    picker.new_button.click()
    assert picker.new_inputs["first_name"].text() == "Mae"
    assert picker.new_inputs["last_name"].text() == "Jemison"
    picker.new_inputs["phone"].setText("12")
    picker.add_button.click()
    wait_idle(qtbot)
    assert "phone" in picker.errors.message("phone")  # said at the field, nothing added

    picker.new_inputs["phone"].setText("(212) 555-0188")
    picker.add_button.click()
    wait_idle(qtbot)
    choose_service(qtbot, dialog, schedule.botox)
    dialog.parts.book_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot)

    (made,) = section.view.cards
    with clinic.store.uow() as uow:
        found = clients.search_clients("jemison", uow=uow, actor=clinic.owner_session.actor)
    assert [c.id for c in found] == [schedule.stored(made.id).client_id]
    assert "new_client" in made.flags


def test_two_services_back_to_back_with_any_practitioner(qtbot, window, clinic, schedule):
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    dialog = section.book_now()
    dialog.client.choose(schedule.grace)
    wait_idle(qtbot)
    choose_service(qtbot, dialog, schedule.botox)
    second = dialog.legs.add_leg(schedule.laser)
    assert second.staff_id() is None  # "Any available"
    dialog.when.set_start(schedule.day, 10 * 60)
    wait_idle(qtbot)
    dialog.parts.book_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot)

    botox, laser = sorted(section.view.cards, key=lambda c: c.start_minute)
    assert (botox.start_minute, botox.end_minute) == (600, 630)
    assert laser.start_minute == 630 and laser.service_name == "Laser hair removal"
    assert laser.staff_id in {schedule.staff["kim"], schedule.staff["ray"]}  # qualified only
    assert botox.visit_id == laser.visit_id


def test_picking_a_free_time_sets_the_start(qtbot, window, clinic, schedule):
    schedule.book(schedule.at(9), schedule.botox, "lee")
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    dialog = section.book_at(schedule.staff["lee"], 9 * 60)
    choose_service(qtbot, dialog, schedule.botox, schedule.staff["lee"])
    times = dialog.when.times
    qtbot.waitUntil(lambda: times.count() > 0, timeout=10_000)

    shown = [times.item(n).text() for n in range(times.count())]
    assert "09:00" not in shown and "09:30" in shown  # Lee is busy 9:00-9:30
    times.itemClicked.emit(times.item(shown.index("09:30")))
    assert dialog.when.time.time().toString("HH:mm") == "09:30"
    dialog.reject()


def test_ctrl_b_books_and_ctrl_g_goes_to_a_date(qtbot, window, clinic, schedule):
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    section.canvas.setFocus()

    qtbot.keyClick(section.canvas, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert section.booking is not None and section.booking.isVisible()
    section.booking.reject()
    qtbot.keyClick(section.canvas, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    dialog = section.findChild(GoToDate)
    assert dialog is not None and dialog.isVisible()
    dialog.calendar.setSelectedDate(dialog.calendar.selectedDate().addDays(2))
    dialog.chosen.emit(dialog.calendar.selectedDate().toPython())
    dialog.accept()
    wait_idle(qtbot)

    assert (section.view.first_day - schedule.day).days == 2


def test_a_no_show_is_confirmed_first_and_a_manager_may_waive_its_fee(
    qtbot, window, clinic, schedule
):
    missed = schedule.book(schedule.at(10), schedule.botox, "lee")
    clinic.add_staff("maria", Role.MANAGER)
    section = open_calendar(qtbot, window, clinic.log_in("maria"), schedule)
    menu = section.status_actions.menu(card(section, missed).card)
    next(a for a in menu.actions() if a.text() == "Mark as no-show…").trigger()
    box = next(w for w in section.findChildren(QMessageBox) if w.isVisible())
    assert schedule.stored(missed).status == "booked"  # nothing until confirmed

    next(b for b in box.buttons() if b.text() == "Mark as no-show").click()
    wait_idle(qtbot)

    shown = card(section, missed).card
    assert schedule.stored(missed).status == "no_show" and shown.status == "no_show"
    labels = [a.text() for a in section.status_actions.menu(shown).actions()]
    assert "Waive the no-show fee…" in labels and "Check in" in labels
