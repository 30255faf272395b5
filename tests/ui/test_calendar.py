"""The calendar: the day by practitioner, booking through the dialog, refusing a double
booking (and a manager booking over it), changing status, keyboard and remembered view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from medspa_desktop.domain.actor import Role
from medspa_desktop.sync.engine import SyncSummary
from medspa_desktop.ui.calendar.prompts import ReasonDialog

from .calendar_clinic import Schedule, set_up_schedule
from .calendar_steps import (
    card,
    card_point,
    choose_client,
    choose_service,
    open_calendar,
    slot_point,
)
from .conftest import wait_idle


@pytest.fixture
def schedule(clinic) -> Schedule:
    return set_up_schedule(clinic)


def test_the_day_shows_each_practitioner_with_the_flags_the_desk_relies_on(
    qtbot, window, clinic, schedule
):
    booked = schedule.book(schedule.at(10), schedule.botox, "lee")
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)

    assert [c.title for c in section.view.columns] == ["Kim", "Lee", "Ray"]
    shown = card(section, booked).card
    assert shown.column == schedule.staff["lee"]
    assert {"allergy", "new_client"} <= shown.flags
    assert (shown.start_minute, shown.end_minute) == (600, 630)


def test_booking_through_the_dialog_stores_the_visit_at_the_clicked_slot(
    qtbot, window, clinic, schedule
):
    clinic.add_staff("dana", Role.FRONT_DESK)
    section = open_calendar(qtbot, window, clinic.log_in("dana"), schedule)
    lee = schedule.staff["lee"]

    qtbot.mouseClick(section.canvas, Qt.MouseButton.LeftButton, pos=slot_point(section, lee, 660))
    dialog = section.booking
    qtbot.waitExposed(dialog)
    choose_client(qtbot, dialog, "grace")
    choose_service(qtbot, dialog, schedule.botox)
    assert dialog.legs.rows[0].staff_id() == lee  # the clicked column's practitioner
    assert dialog.when.time.time().toString("HH:mm") == "11:00"
    dialog.parts.book_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot)

    (made,) = section.view.cards
    stored = schedule.stored(made.id)
    assert (stored.client_id, stored.staff_id, stored.status) == (schedule.grace, lee, "booked")
    assert stored.starts_at == schedule.at(11)
    assert section.canvas.selected_id == made.id  # the new booking is shown, chosen


def test_the_dialog_shows_the_clients_allergies_before_booking(qtbot, window, clinic, schedule):
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    dialog = section.book_at(schedule.staff["kim"], 9 * 60)
    qtbot.waitExposed(dialog)

    choose_client(qtbot, dialog, "ada")

    picker = dialog.client
    assert picker.allergies.isVisibleTo(picker)
    assert "Lidocaine" in picker.allergies.text.text()
    dialog.reject()


def test_a_double_booking_is_refused_and_nothing_is_stored(qtbot, window, clinic, schedule):
    schedule.book(schedule.at(10), schedule.botox, "lee")
    clinic.add_staff("dana", Role.FRONT_DESK)
    section = open_calendar(qtbot, window, clinic.log_in("dana"), schedule)
    dialog = section.book_at(schedule.staff["lee"], 10 * 60)
    choose_client(qtbot, dialog, "grace")
    choose_service(qtbot, dialog, schedule.botox, schedule.staff["lee"])

    dialog.parts.book_button.click()
    wait_idle(qtbot)

    panel = dialog.override
    assert dialog.isVisible() and panel.isVisibleTo(dialog)
    assert "already has an appointment" in panel.banner.text.text()
    assert "ask a manager" in panel.banner.text.text()
    assert not panel.reason.isVisibleTo(dialog)  # front desk cannot book over it
    assert schedule.count() == 1
    dialog.reject()


def test_a_manager_books_over_a_clash_with_a_reason(qtbot, window, clinic, schedule):
    schedule.book(schedule.at(10), schedule.botox, "lee")
    clinic.add_staff("maria", Role.MANAGER)
    section = open_calendar(qtbot, window, clinic.log_in("maria"), schedule)
    dialog = section.book_at(schedule.staff["lee"], 10 * 60)
    choose_client(qtbot, dialog, "grace")
    choose_service(qtbot, dialog, schedule.botox, schedule.staff["lee"])
    dialog.parts.book_button.click()
    wait_idle(qtbot)
    panel = dialog.override
    assert panel.reason.isVisibleTo(dialog) and not panel.go_ahead.isEnabled()

    qtbot.keyClicks(panel.reason, "Quick top-up agreed with Lee")
    panel.go_ahead.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot)

    assert schedule.count() == 2
    lee_cards = [c for c in section.view.cards if c.column == schedule.staff["lee"]]
    assert [c.start_minute for c in lee_cards] == [600, 600]
    lanes = {card(section, c.id).lane for c in lee_cards}
    assert lanes == {0, 1}  # both stay visible, side by side


def test_the_status_menu_offers_only_what_the_role_may_do_and_checks_in(
    qtbot, window, clinic, schedule
):
    booked = schedule.book(schedule.at(10), schedule.botox, "lee")
    clinic.add_staff("dana", Role.FRONT_DESK)
    section = open_calendar(qtbot, window, clinic.log_in("dana"), schedule)
    section.canvas.select(booked)
    menu = section.status_actions.menu(card(section, booked).card)
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels[:4] == ["Confirm", "Check in", "Cancel…", "Mark as no-show…"]
    assert "Waive the no-show fee…" not in labels

    next(a for a in menu.actions() if a.text() == "Check in").trigger()
    wait_idle(qtbot)

    assert schedule.stored(booked).status == "checked_in"
    assert card(section, booked).card.status == "checked_in"
    after = [a.text() for a in section.status_actions.menu(card(section, booked).card).actions()]
    assert "Start treatment" not in after  # clinical staff only
    assert "Complete" in after


def test_delete_asks_for_a_reason_before_cancelling(qtbot, window, clinic, schedule):
    booked = schedule.book(schedule.at(10), schedule.botox, "lee")
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    qtbot.mouseClick(section.canvas, Qt.MouseButton.LeftButton, pos=card_point(section, booked))
    assert section.details.isVisibleTo(section) and section.details.card.id == booked

    qtbot.keyClick(section.canvas, Qt.Key.Key_Delete)
    dialog = section.findChild(ReasonDialog)
    qtbot.waitExposed(dialog)
    assert schedule.stored(booked).status == "booked"  # nothing yet
    assert not dialog.confirm_button.isEnabled()

    qtbot.keyClicks(dialog.reason, "Client unwell")
    dialog.confirm_button.click()
    wait_idle(qtbot)

    stored = schedule.stored(booked)
    assert (stored.status, stored.cancellation_reason) == ("cancelled", "Client unwell")
    assert section.canvas.placed(booked) is None  # off the calendar
    assert not section.details.isVisibleTo(section)


def test_keyboard_moves_the_slot_cursor_and_enter_books_there(qtbot, window, clinic, schedule):
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    canvas = section.canvas
    canvas.setFocus()

    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # the cursor appears at 9:00, first column
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.slot_cursor == (1, 9 * 60 + 15)
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    dialog = section.booking
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: bool(dialog.legs.services))
    wait_idle(qtbot)

    assert dialog.when.time.time().toString("HH:mm") == "09:15"
    assert dialog.legs.rows[0].staff_id() == schedule.staff["lee"]
    dialog.reject()


def test_day_keys_page_through_days_and_t_comes_back_to_today(qtbot, window, clinic, schedule):
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    first = section.view.first_day

    qtbot.keyClick(section.canvas, Qt.Key.Key_PageDown)
    wait_idle(qtbot)
    assert (section.view.first_day - first).days == 1
    qtbot.keyClick(section.canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(section.canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    wait_idle(qtbot)
    assert (section.view.first_day - first).days == -1
    qtbot.keyClick(section.canvas, Qt.Key.Key_T)
    wait_idle(qtbot)
    assert section.view.first_day == section.today()


def test_the_view_is_remembered_across_log_ins(qtbot, window, clinic, schedule):
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    section.set_mode("week")
    wait_idle(qtbot)
    section.set_week_staff(schedule.staff["ray"])
    wait_idle(qtbot)
    assert section.view.days == 7 and section.toolbar.staff.currentText() == "Ray"

    window.close()  # a restart: a new window over the same data folder
    from medspa_desktop.ui.main_window import MainWindow
    from medspa_desktop.ui.session import AppSession

    again = MainWindow(AppSession(clinic.store))
    qtbot.addWidget(again)
    again.show()
    section = open_calendar(
        qtbot, again, clinic.log_in("olivia", "lantern orchard velvet"), schedule
    )

    assert section.mode == "week" and section.view.days == 7
    assert section.week_staff_id == schedule.staff["ray"]


def test_a_sync_that_pulled_bookings_refreshes_the_calendar(qtbot, window, clinic, schedule):
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    assert section.view.cards == ()

    arrived = schedule.book(schedule.at(14), schedule.botox, "kim")  # as a pull would write it
    window.sync.synced.emit(SyncSummary(pulled=1))
    wait_idle(qtbot)

    assert card(section, arrived).card.column == schedule.staff["kim"]
