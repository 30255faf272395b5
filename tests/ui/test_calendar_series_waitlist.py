"""Series, the waitlist, the client's last visit and double bookings found by sync, as the
front desk meets them on the calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.booking import BookVisit, VisitLeg, book_visit
from medspa_desktop.services.waitlist import list_waitlist
from medspa_desktop.ui.sync_panel import SyncDialog

from .calendar_clinic import Schedule, set_up_schedule
from .calendar_steps import (
    cancel_on_calendar,
    card,
    choose_client,
    choose_service,
    open_calendar,
)
from .conftest import wait_idle

WEEK = dt.timedelta(weeks=1)


@pytest.fixture
def schedule(clinic) -> Schedule:
    return set_up_schedule(clinic)


def series_dialog(qtbot, section, schedule: Schedule, times: int):
    """The booking dialog for Grace's Botox with Lee at 10:00, every week, ``times`` times."""
    dialog = section.book_at(schedule.staff["lee"], 10 * 60)
    qtbot.waitExposed(dialog)
    choose_client(qtbot, dialog, "grace")
    choose_service(qtbot, dialog, schedule.botox, schedule.staff["lee"])
    dialog.repeat.on.setChecked(True)
    dialog.repeat.every.setValue(1)
    dialog.repeat.times.setValue(times)
    return dialog


def test_a_series_books_the_free_dates_and_names_the_one_left_out(qtbot, window, clinic, schedule):
    schedule.book(schedule.at(10) + 2 * WEEK, schedule.botox, "lee")  # Ada, in week three
    clinic.add_staff("dana", Role.FRONT_DESK)
    section = open_calendar(qtbot, window, clinic.log_in("dana"), schedule)
    dialog = series_dialog(qtbot, section, schedule, times=4)
    book = dialog.parts.book_button
    assert book.text() == "Check the dates"

    book.click()
    wait_idle(qtbot)
    report = dialog.series.report
    checked = report.lines()
    assert len(checked) == 4 and schedule.count() == 1  # checking writes nothing
    assert [line.startswith("✓") for line in checked] == [True, True, False, True]
    assert "Lee" in checked[2] and "free" not in checked[2]
    assert book.text() == "Book the 3 free dates"
    assert not dialog.override.isVisibleTo(dialog)  # front desk: no booking over it

    book.click()
    wait_idle(qtbot)

    stored = schedule.appointments_of(schedule.grace)
    assert [row.starts_at for row in stored] == [schedule.at(10) + n * WEEK for n in (0, 1, 3)]
    assert len({row.series_id for row in stored}) == 1 and stored[0].series_id
    assert dialog.isVisible() and "Booked 3 of 4" in report.banner.title.text()
    left_out = [line for line in report.lines() if "left out" in line]
    assert len(left_out) == 1 and "Lee" in left_out[0]
    dialog.reject()


def test_a_manager_books_the_whole_series_over_a_clash_with_a_reason(
    qtbot, window, clinic, schedule
):
    schedule.book(schedule.at(10) + WEEK, schedule.botox, "lee")
    clinic.add_staff("maria", Role.MANAGER)
    section = open_calendar(qtbot, window, clinic.log_in("maria"), schedule)
    dialog = series_dialog(qtbot, section, schedule, times=3)
    dialog.parts.book_button.click()
    wait_idle(qtbot)
    panel = dialog.override
    assert panel.reason.isVisibleTo(dialog) and panel.go_ahead.text() == "Book 3 anyway"

    qtbot.keyClicks(panel.reason, "Lee stays late that week")
    panel.go_ahead.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot)

    assert len(schedule.appointments_of(schedule.grace)) == 3


def test_a_client_is_put_on_the_waitlist_from_the_calendar(qtbot, window, clinic, schedule):
    clinic.add_staff("dana", Role.FRONT_DESK)
    section = open_calendar(qtbot, window, clinic.log_in("dana"), schedule)
    qtbot.keyClick(section.canvas, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    waitlist = section.waitlist.list_dialog
    qtbot.waitExposed(waitlist)
    wait_idle(qtbot)
    assert waitlist.nobody.isVisibleTo(waitlist)

    form = waitlist.add()
    qtbot.waitExposed(form)
    choose_client(qtbot, form, "grace")
    choose_service(qtbot, form, schedule.botox, schedule.staff["lee"])
    form.times.days[0].setChecked(True)  # Mondays
    form.times.between.setChecked(True)  # 9:00 to 12:00
    form.notes.setText("Can come at short notice")
    form.save_button.click()
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=10_000)
    wait_idle(qtbot)

    with clinic.store.uow() as uow:
        (entry,) = list_waitlist(clinic.location_id, uow=uow, actor=clinic.owner_session.actor)
    assert (entry.client_id, entry.service_id) == (schedule.grace, schedule.botox)
    assert entry.staff_id == schedule.staff["lee"]
    assert entry.preferred_times == ((0, 9 * 60, 12 * 60),)
    cells = [waitlist.table.item(0, n).text() for n in range(waitlist.table.columnCount())]
    assert cells[:3] == ["Grace Hopper", "Botox", "Lee"]
    assert "Mon 09:00–12:00" in cells and "Can come at short notice" in cells
    waitlist.accept()


def test_removing_from_the_waitlist_asks_first(qtbot, window, clinic, schedule):
    waiting = schedule.wait_for(schedule.grace, schedule.botox)
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    waitlist = section.open_waitlist()
    wait_idle(qtbot)
    waitlist.remove_button.click()
    box = next(w for w in waitlist.findChildren(QMessageBox) if w.isVisible())
    assert schedule.waitlist_entry(waiting).status == "waiting"  # nothing until confirmed

    next(b for b in box.buttons() if b.text() == "Remove").click()
    wait_idle(qtbot)

    assert schedule.waitlist_entry(waiting).status == "cancelled"
    assert waitlist.nobody.isVisibleTo(waitlist)
    waitlist.accept()


def test_a_cancelled_time_is_offered_to_the_waitlist_and_booked(qtbot, window, clinic, schedule):
    cancelled = schedule.book(schedule.at(10), schedule.botox, "lee")
    mae = clinic.add_client("Mae", "Jemison", phone="(212) 555-0188")
    schedule.wait_for(schedule.grace, schedule.botox)  # any practitioner
    schedule.wait_for(mae, schedule.botox, "kim")  # only Kim: not Lee's time
    mae_with_lee = schedule.wait_for(mae, schedule.botox, "lee")
    clinic.add_staff("dana", Role.FRONT_DESK)
    section = open_calendar(qtbot, window, clinic.log_in("dana"), schedule)
    cancel_on_calendar(qtbot, section, cancelled, "Client unwell")

    offer = section.waitlist.offer
    assert offer is not None and offer.isVisible()
    assert offer.windowTitle() == "Waitlist"
    texts = [offer.list.item(n).text() for n in range(offer.list.count())]
    assert len(texts) == 2 and "Grace Hopper" in texts[0] and "Mae Jemison" in texts[1]
    assert "555-0188" in texts[1]  # the number to call
    offer.list.setCurrentRow(0)
    offer.book_button.click()
    booking = section.waitlist.booking
    qtbot.waitExposed(booking)
    qtbot.waitUntil(lambda: booking.client.profile is not None and bool(booking.legs.legs()))
    wait_idle(qtbot)
    assert booking.client.profile.id == schedule.grace  # the entry's client, service, time
    assert booking.legs.legs()[0] == VisitLeg(schedule.botox, schedule.staff["lee"])
    assert booking.when.starts_at("America/New_York") == schedule.at(10)
    booking.parts.book_button.click()
    qtbot.waitUntil(lambda: not booking.isVisible(), timeout=10_000)
    wait_idle(qtbot)

    (booked,) = schedule.appointments_of(schedule.grace)
    assert (booked.starts_at, booked.staff_id) == (schedule.at(10), schedule.staff["lee"])
    assert booked.status == "booked" and booked.service_id == schedule.botox
    entries = {e.client_id: e for e in _entries(clinic)}
    assert mae in entries and schedule.grace not in entries  # no longer waiting
    grace_entry = schedule.waitlist_entry(_entry_of(clinic, schedule, booked.id))
    assert grace_entry.status == "booked" and grace_entry.appointment_id == booked.id
    assert schedule.waitlist_entry(mae_with_lee).status == "waiting"
    assert card(section, booked.id).card.client_name == "Grace Hopper"
    assert not offer.isVisible()


def test_the_booking_dialog_shows_the_clients_last_and_next_visit(qtbot, window, clinic, schedule):
    past = dt.datetime.combine(dt.date(2025, 10, 12), dt.time(10), schedule.at(10).tzinfo)
    visit = BookVisit(
        schedule.ada, clinic.location_id, past, (VisitLeg(schedule.botox, schedule.staff["lee"]),),
        override_reason="Entered afterwards",
    )  # fmt: skip
    with clinic.store.uow() as uow:
        done = book_visit(visit, uow=uow, actor=clinic.owner_session.actor)
    schedule.set_status(done.appointments[0].id, "completed")
    schedule.book(schedule.at(11), schedule.botox, "kim")
    section = open_calendar(qtbot, window, clinic.owner_session, schedule)
    dialog = section.book_at(schedule.staff["kim"], 14 * 60)

    choose_client(qtbot, dialog, "ada")

    visits = dialog.client.visits.label
    assert visits.isVisibleTo(dialog)
    last, upcoming = visits.text().split("\n")
    assert last == "Last visit: 12 Oct 2025 · Botox with Lee"
    assert upcoming.startswith("Next: ") and "11:00 · Botox with Kim" in upcoming
    assert dialog.client.allergies.isVisibleTo(dialog)  # beside the allergies, not instead
    dialog.client.choose(schedule.grace)
    wait_idle(qtbot)
    assert visits.text() == "First visit: no completed visit yet"
    dialog.reject()


def test_a_double_booking_found_by_sync_opens_the_sync_panel(qtbot, window, clinic, schedule):
    clash = schedule.book(schedule.at(10), schedule.botox, "lee")
    schedule.set_status(clash, "conflict")
    clinic.add_staff("dana", Role.FRONT_DESK)
    section = open_calendar(qtbot, window, clinic.log_in("dana"), schedule)
    section.canvas.select(clash)
    details = section.details
    assert details.resolve_button.isVisibleTo(section)

    details.resolve_button.click()
    wait_idle(qtbot)

    (panel,) = [d for d in window.findChildren(SyncDialog) if d.isVisible()]
    panel.accept()
    section.canvas.select(None)
    other = schedule.book(schedule.at(12), schedule.botox, "lee")
    wait_idle(qtbot)
    section.reload()
    wait_idle(qtbot)
    section.canvas.select(other)
    assert not details.resolve_button.isVisibleTo(section)  # only for a double booking


def _entries(clinic):
    with clinic.store.uow() as uow:
        return list_waitlist(clinic.location_id, uow=uow, actor=clinic.owner_session.actor)


def _entry_of(clinic, schedule: Schedule, appointment_id: str) -> str:
    from medspa_desktop.store.models import WaitlistEntry

    with clinic.store.session_factory() as session:
        return session.query(WaitlistEntry).filter_by(appointment_id=appointment_id).one().id
