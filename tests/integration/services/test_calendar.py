"""What the calendar shows: columns for who works, cards with the flags the desk relies on."""

from __future__ import annotations

import datetime as dt

import pytest

from medspa_desktop.services.appointment_life import ChangeStatus, change_status
from medspa_desktop.services.booking import BookVisit, VisitLeg, book_visit
from medspa_desktop.services.calendar import (
    CalendarDay,
    CalendarWeek,
    calendar_day,
    calendar_week,
)
from medspa_desktop.services.client_visits import client_visits
from medspa_desktop.services.openings import FindOpenings, find_openings
from medspa_desktop.services.working_hours import AddTimeOff, add_time_off
from medspa_desktop.store.models import Appointment

from .scheduling import ZONE, Booked, set_up_schedule


@pytest.fixture
def booked(clinic) -> Booked:
    return set_up_schedule(clinic)


def _book(b: Booked, start, service, staff, client=None, **extra) -> str:
    with b.clinic.store.uow() as uow:
        cmd = BookVisit(
            client or b.client, b.clinic.location_id, start, ((VisitLeg(service, staff)),), **extra
        )
        return book_visit(cmd, uow=uow, actor=b.desk).appointments[0].id


def _day(b: Booked, by: str = "staff", days: int = 0):
    with b.clinic.store.uow() as uow:
        query = CalendarDay(b.clinic.location_id, b.day + dt.timedelta(days=days), by)
        return calendar_day(query, uow=uow, actor=b.desk)


def test_the_day_has_a_column_per_working_practitioner_with_their_hours(booked):
    b = booked
    view = _day(b)
    titles = [c.title for c in view.columns]
    assert titles == sorted(titles) and len(titles) == 3
    assert all(c.working == ((540, 1020),) for c in view.columns)
    assert view.time_zone == "America/New_York" and view.grid_minutes == 15


def test_cards_show_client_service_time_and_flags(booked):
    b = booked
    first = _book(b, b.at(10), b.botox, b.lee.staff_id, notes="Parking validation")
    _book(b, b.at(11), b.laser, b.ray.staff_id, client=b.other_client, deposit_required_minor=5000)
    view = _day(b)
    cards = {c.id: c for c in view.cards}
    ada = cards[first]
    assert (ada.client_name, ada.service_name, ada.column) == (
        "Ada Lovelace",
        "Botox",
        b.lee.staff_id,
    )
    assert (ada.start_minute, ada.end_minute) == (600, 630)
    assert ada.flags == {"new_client", "allergy", "notes"}
    grace = next(c for c in view.cards if c.id != first)
    assert grace.flags == {"new_client", "unpaid_deposit"}


def test_a_cancelled_booking_leaves_the_calendar_and_time_off_is_shaded(booked):
    b = booked
    appt = _book(b, b.at(10), b.botox, b.lee.staff_id)
    with b.clinic.store.uow() as uow:
        change_status(ChangeStatus(appt, "cancelled", "Unwell"), uow=uow, actor=b.desk)
    with b.clinic.store.uow() as uow:
        add_time_off(
            AddTimeOff(b.at(13), b.at(14), "Training", staff_id=b.kim.staff_id),
            uow=uow,
            actor=b.clinic.owner,
        )
    view = _day(b)
    assert view.cards == ()
    kim = next(c for c in view.columns if c.key == b.kim.staff_id)
    assert kim.away == ((780, 840, "Training"),)


def test_the_resources_view_puts_a_laser_booking_in_its_room_and_on_its_machine(booked):
    b = booked
    appt = _book(b, b.at(10), b.laser, b.kim.staff_id)
    view = _day(b, "resources")
    assert [c.title for c in view.columns] == ["Laser suite", "Room 1", "GentleMax"]
    assert sorted(c.column for c in view.cards if c.id == appt) == sorted(
        [b.laser_room, b.laser_machine]
    )


def test_the_week_view_shows_one_practitioner_across_seven_days(booked):
    b = booked
    _book(b, b.at(10), b.botox, b.lee.staff_id)
    _book(b, b.at(10, days=2), b.botox, b.lee.staff_id, client=b.other_client)
    _book(b, b.at(10, days=1), b.botox, b.kim.staff_id)
    with b.clinic.store.uow() as uow:
        view = calendar_week(
            CalendarWeek(b.clinic.location_id, b.lee.staff_id, b.day), uow=uow, actor=b.desk
        )
    assert len(view.columns) == 7 and view.days == 7
    days = sorted(dt.date.fromisoformat(c.column) for c in view.cards)
    assert days == [b.day, b.day + dt.timedelta(days=2)]
    assert all(c.staff_id == b.lee.staff_id for c in view.cards)
    assert ZONE.key == view.time_zone


def test_openings_skip_booked_times_and_offer_every_free_practitioner(booked):
    b = booked
    _book(b, b.at(10), b.botox, b.lee.staff_id)
    with b.clinic.store.uow() as uow:
        found = find_openings(
            FindOpenings(b.clinic.location_id, (b.botox,), b.day, b.day), uow=uow, actor=b.desk
        )
    at_ten = {v.legs[0].staff_id for v in found.visits if v.start == b.at(10)}
    assert at_ten == {b.kim.staff_id}  # Lee is booked, Ray is not qualified
    starts = sorted({v.start for v in found.visits})
    assert starts[0] == b.at(9) and starts[-1] == b.at(16, 30)
    assert found.staff_names[b.kim.staff_id].endswith("kim")
    with b.clinic.store.uow() as uow:
        visits = find_openings(
            FindOpenings(b.clinic.location_id, (b.botox, b.laser), b.day, b.day, b.kim.staff_id),
            uow=uow,
            actor=b.desk,
        ).visits
    assert visits and all(v.legs[0].end == v.legs[1].start for v in visits)
    assert all(v.legs[0].staff_id == b.kim.staff_id for v in visits)


def test_a_clients_last_and_next_visits_are_shown_when_booking(booked):
    b = booked
    past = _book(b, b.at(10), b.botox, b.lee.staff_id)
    upcoming = _book(b, b.at(11, days=7), b.botox, b.kim.staff_id)
    with b.clinic.store.session_factory() as s:
        row = s.get(Appointment, past)
        row.starts_at -= dt.timedelta(days=30)  # a visit a few weeks ago ...
        row.ends_at -= dt.timedelta(days=30)
        row.status = "completed"  # ... that happened
        s.commit()
    with b.clinic.store.uow() as uow:
        seen = client_visits(b.client, uow=uow, actor=b.desk)
    assert seen.completed == 1 and seen.last is not None and seen.next is not None
    assert (seen.last.service_name, seen.last.staff_name) == ("Botox", "Practitioner lee")
    assert seen.next.starts_at == b.at(11, days=7) and seen.next.staff_name.endswith("kim")
    assert upcoming
