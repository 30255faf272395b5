"""Online booking on the central server (SQLite and PostgreSQL): the free times it offers, and
what a booking stores for the clinic's devices to pull."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from medspa_desktop.domain.ids import new_id
from medspa_server.booking.book import OnlineBooking, SlotTaken, book_online
from medspa_server.booking.wizard import TAKEN
from medspa_server.models import AppointmentSlot
from medspa_server.settings import Settings

from .booking_helpers import (
    Forms,
    Visitor,
    counter,
    make_booking_clinic,
    rows,
    start_text,
    visible_text,
)


@pytest.fixture
def settings(database_url: str, tmp_path) -> Settings:
    """Rate limits out of the way (one PostgreSQL database serves the whole session)."""
    return Settings(
        data_dir=tmp_path,
        database_url=database_url,
        booking_page_views=1_000_000,
        booking_submissions=1_000_000,
    )


@pytest.fixture
def clinic(make_clinic):
    return make_booking_clinic(make_clinic())


@pytest.fixture
def visitor(client, clinic) -> Visitor:
    return Visitor(client, clinic.location_id)


def other_visitor(client: TestClient, clinic) -> Visitor:
    """A second browser: its own cookies."""
    http = TestClient(client.app, client=("198.51.100.7", 50001))
    return Visitor(http, clinic.location_id)


def test_menu_lists_active_online_treatments_of_the_location(visitor, clinic):
    page = visitor.get()
    assert page.status_code == 200
    assert Forms(page.text).radios["service"] == [clinic.botox, clinic.laser]
    assert "Private consultation" not in page.text  # not bookable online
    assert "$300.00" in page.text and "30 min" in page.text


def test_practitioners_offered_are_those_qualified_here(visitor, clinic):
    page = visitor.get("practitioner", service=clinic.laser)
    assert Forms(page.text).radios["staff"] == ["any", clinic.kim, clinic.ray]
    assert "Kim Cho" in page.text and "Lee Park" not in page.text


def test_free_times_leave_out_bookings_time_off_and_closures(visitor, clinic):
    clinic.appointment(clinic.kim, clinic.at(10))
    clinic.push(
        "time_off",
        staff_id=clinic.kim,
        starts_at=clinic.at(13),
        ends_at=clinic.at(15),
        reason="Dentist",
    )
    times = visitor.times(clinic.botox, clinic.kim, clinic.day)
    assert start_text(clinic.at(9, 30)) in times
    assert start_text(clinic.at(10)) not in times
    assert start_text(clinic.at(12, 30)) in times
    assert not {start_text(clinic.at(13)), start_text(clinic.at(14, 30))} & set(times)
    assert start_text(clinic.at(15)) in times
    # "Any practitioner" still offers 10:00: Lee is free then.
    assert start_text(clinic.at(10)) in visitor.times(clinic.botox, "any", clinic.day)
    clinic.push(
        "time_off",
        location_id=clinic.location_id,
        starts_at=clinic.at(0),
        ends_at=clinic.at(0, days=1),
        reason="Closed",
    )
    assert visitor.times(clinic.botox, "any", clinic.day) == []


def test_service_buffers_widen_the_time_a_booking_holds(visitor, clinic):
    clinic.appointment(
        clinic.ray, clinic.at(11), 60, service_id=clinic.laser, room_id=None, machine_id=None
    )
    times = visitor.times(clinic.laser, clinic.ray, clinic.day)
    assert start_text(clinic.at(10)) not in times  # its 10 min clean-down would reach 11:05
    assert start_text(clinic.at(9, 30)) in times
    assert start_text(clinic.at(12, 30)) in times


def test_minimum_notice_and_horizon_limit_the_days(make_clinic, client):
    clinic = make_booking_clinic(
        make_clinic(), min_notice_minutes=3 * 1440, booking_horizon_days=10
    )
    visitor = Visitor(client, clinic.location_id)
    today = clinic.day - dt.timedelta(days=7)
    assert visitor.times(clinic.botox, "any", today + dt.timedelta(days=1)) == []
    assert visitor.times(clinic.botox, "any", today + dt.timedelta(days=4))
    page = visitor.get("day", service=clinic.botox, staff="any")
    days = Forms(page.text).radios["day"]
    assert min(days) >= (today + dt.timedelta(days=3)).isoformat()
    later = visitor.get(
        "time", service=clinic.botox, staff="any", day=(today + dt.timedelta(days=11)).isoformat()
    )
    assert later.status_code == 400 and "Choose a day" in later.text


def test_booking_stores_client_appointment_history_and_message_for_devices(
    visitor, clinic, database
):
    before = counter(database, clinic.org_id)
    page = visitor.book(clinic.botox, clinic.kim, clinic.at(10))
    assert page.status_code == 200, page.text
    assert "Booking confirmed" in page.text
    [appointment] = [
        r
        for r in rows(database, clinic.org_id, "appointment")
        if r.data.get("booked_via") == "online"
    ]
    data = appointment.data
    assert data["status"] == "booked" and data["booked_by"] is None
    assert data["deposit_required_minor"] == 0 and data["visit_id"]
    assert data["staff_id"] == clinic.kim and data["service_id"] == clinic.botox
    assert data["starts_at"] == clinic.at(10).isoformat()
    client_row = next(
        r for r in rows(database, clinic.org_id, "client") if r.entity_id == data["client_id"]
    )
    assert client_row.data["first_name"] == "Grace"
    assert client_row.data["phone"] == "+19175550199"
    [history] = rows(database, clinic.org_id, "appointment_status_change")
    assert history.data["appointment_id"] == appointment.entity_id
    assert (history.data["from_status"], history.data["to_status"]) == ("", "booked")
    assert history.data["staff_id"] is None and history.data["reason"] == "Online booking"
    [message] = rows(database, clinic.org_id, "message")
    assert message.data["to_address"] == "grace@example.org"
    assert message.data["kind"] == "confirmation" and message.data["status"] == "queued"
    assert message.data["channel"] == "email" and "Botox" in message.data["subject"]
    assert "10:00 AM" in message.data["body"] and "Lidocaine" not in message.data["body"]
    seqs = [client_row.seq, appointment.seq, history.seq, message.seq]
    assert seqs == list(range(before + 1, before + 5)) == sorted(seqs)
    assert counter(database, clinic.org_id) == before + 4
    pulled = {(c["entity"], c["entity_id"]) for c in clinic.desk.pull_all(since=before)}
    assert ("appointment", appointment.entity_id) in pulled
    assert ("client", client_row.entity_id) in pulled
    with database.read() as session:
        held = session.scalars(
            select(AppointmentSlot.resource_id).where(
                AppointmentSlot.appointment_id == appointment.entity_id
            )
        ).all()
    assert held == [clinic.kim]


def test_a_location_taking_requests_stores_requested_appointments(make_clinic, client, database):
    clinic = make_booking_clinic(make_clinic(), online="requested")
    page = Visitor(client, clinic.location_id).book(clinic.botox, "any", clinic.at(11))
    assert page.status_code == 200 and "Booking request sent" in page.text
    online = [r for r in rows(database, clinic.org_id, "appointment")]
    assert [r.data["status"] for r in online] == ["requested"]
    [history] = rows(database, clinic.org_id, "appointment_status_change")
    assert history.data["to_status"] == "requested"


def test_an_existing_client_is_matched_by_email_ignoring_case(visitor, clinic, database):
    page = visitor.book(
        clinic.botox,
        "any",
        clinic.at(9),
        first_name="A.",
        last_name="L.",
        email="ADA@Example.com",
        phone="+44 20 7946 0958",
    )
    assert page.status_code == 200, page.text
    [appointment] = rows(database, clinic.org_id, "appointment")
    assert appointment.data["client_id"] == clinic.ada
    assert len(rows(database, clinic.org_id, "client")) == 1


def test_an_existing_client_is_matched_by_phone_digits(visitor, clinic, database):
    page = visitor.book(
        clinic.botox, "any", clinic.at(9), email="new@example.net", phone="(212) 555-1234"
    )
    assert page.status_code == 200, page.text
    [appointment] = rows(database, clinic.org_id, "appointment")
    assert appointment.data["client_id"] == clinic.ada
    assert len(rows(database, clinic.org_id, "client")) == 1


def test_the_second_visitor_for_one_slot_is_sent_back_to_the_times(
    visitor, client, clinic, database
):
    second = other_visitor(client, clinic)
    first_form = visitor.details_form(clinic.botox, clinic.kim, clinic.at(10))
    second_form = second.details_form(clinic.botox, clinic.kim, clinic.at(10))
    assert visitor.submit(first_form).status_code == 200
    refused = second.submit(second_form, email="other@example.org", phone="+12125550111")
    assert refused.status_code == 409
    assert TAKEN in visible_text(refused.text)
    assert start_text(clinic.at(10)) not in Forms(refused.text).radios["start"]
    assert start_text(clinic.at(10, 30)) in Forms(refused.text).radios["start"]
    assert len(rows(database, clinic.org_id, "appointment")) == 1


def test_sending_the_form_twice_books_once(visitor, clinic, database):
    form = visitor.details_form(clinic.botox, "any", clinic.at(10))
    assert visitor.submit(form).status_code == 200
    again = visitor.submit(form)
    assert again.status_code == 200 and "Booking confirmed" in again.text
    assert len(rows(database, clinic.org_id, "appointment")) == 1
    assert len(rows(database, clinic.org_id, "message")) == 1


def test_any_practitioner_books_whoever_is_still_free(visitor, clinic, database):
    form = visitor.details_form(clinic.botox, "any", clinic.at(10))
    clinic.appointment(clinic.kim, clinic.at(10))  # Kim, first in staff order, is taken
    page = visitor.submit(form)
    assert page.status_code == 200, page.text
    online = [
        r
        for r in rows(database, clinic.org_id, "appointment")
        if r.data.get("booked_via") == "online"
    ]
    assert online[0].data["staff_id"] == clinic.lee
    assert "Lee Park" in page.text


def test_concurrent_bookings_of_one_slot_store_one(clinic, database):
    now = dt.datetime.now(dt.UTC)
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        booking = OnlineBooking(
            clinic.location_id,
            clinic.botox,
            clinic.kim,
            clinic.at(10),
            "Visitor",
            str(n),
            f"+1212555{n:04d}",
            f"v{n}@example.org",
            new_id(),
        )
        try:
            book_online(database, booking, now=now)
            outcomes.append("booked")
        except SlotTaken:
            outcomes.append("taken")

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked", "taken", "taken", "taken"]
    assert len(rows(database, clinic.org_id, "appointment")) == 1


def test_a_start_off_the_slot_grid_is_not_booked(visitor, clinic, database):
    form = visitor.details_form(clinic.botox, clinic.kim, clinic.at(10))
    odd = {**form, "start": start_text(clinic.at(10, 7))}
    refused = visitor.submit(odd)
    assert refused.status_code == 409
    assert rows(database, clinic.org_id, "appointment") == []


def test_a_slot_booked_online_and_on_an_offline_device_becomes_a_conflict(
    visitor, clinic, database
):
    """The front desk books Kim at 10:00 on a device without internet; a visitor books the
    same time online; when the device syncs, its booking is kept in status ``conflict`` for
    the front desk to resolve: never a silent double booking."""
    offline = clinic.desk.create(
        "appointment",
        {
            "location_id": clinic.location_id,
            "client_id": clinic.ada,
            "staff_id": clinic.kim,
            "service_id": clinic.botox,
            "starts_at": clinic.at(10).isoformat(),
            "ends_at": clinic.at(10, 30).isoformat(),
            "status": "booked",
            "visit_id": new_id(),
        },
    )
    form = visitor.details_form(clinic.botox, clinic.kim, clinic.at(10))
    assert visitor.submit(form, email="grace@example.org", phone="+12125550199").status_code == 200

    answer = clinic.desk.push(offline)["results"][0]
    assert answer["status"] == "conflict"
    stored = {
        r.data.get("booked_via", "desktop"): r.data["status"]
        for r in rows(database, clinic.org_id, "appointment")
    }
    assert stored == {"online": "booked", "desktop": "conflict"}
