"""Booking, moving and the double-booking guard, through the services on a real store."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.services.booking import (
    BookingRefused,
    BookVisit,
    MoveAppointment,
    VisitLeg,
    book_visit,
    move_appointment,
)
from medspa_desktop.services.errors import PermissionDenied, ValidationError
from medspa_desktop.store.models import Appointment, AppointmentStatusChange

from .helpers import audit_entries, mutations
from .scheduling import Booked, set_up_schedule


@pytest.fixture
def booked(clinic) -> Booked:
    return set_up_schedule(clinic)


def book(b: Booked, actor, start, *legs: VisitLeg, client=None, **extra):
    with b.clinic.store.uow() as uow:
        cmd = BookVisit(client or b.client, b.clinic.location_id, start, legs, **extra)
        return book_visit(cmd, uow=uow, actor=actor)


def test_a_booking_is_stored_with_its_history_outbox_and_audit(booked):
    b = booked
    done = book(b, b.desk, b.at(10), VisitLeg(b.botox, b.lee.staff_id), notes="Prefers left side")
    (appt,) = done.appointments
    assert (appt.starts_at, appt.ends_at) == (b.at(10), b.at(10, 30))
    assert appt.status == "booked" and appt.staff_id == b.lee.staff_id
    with b.clinic.store.session_factory() as s:
        history = s.scalars(
            select(AppointmentStatusChange).where(AppointmentStatusChange.appointment_id == appt.id)
        ).all()
        row = s.get(Appointment, appt.id)
        assert row is not None and row.booked_by == b.desk.staff_id
    assert [(h.from_status, h.to_status) for h in history] == [("", "booked")]
    names = [m.name for m in mutations(b.clinic.store) if m.entity_id in {appt.id, history[0].id}]
    assert names == ["create_appointment", "create_appointment_status_change"]
    assert audit_entries(b.clinic.store, action=Action.APPOINTMENT_BOOK, entity_id=appt.id)


def test_a_double_booking_is_refused_with_the_clash_named_in_local_time(booked):
    b = booked
    book(b, b.desk, b.at(10), VisitLeg(b.botox, b.lee.staff_id))
    with pytest.raises(BookingRefused) as refused:
        book(b, b.desk, b.at(10, 15), VisitLeg(b.botox, b.lee.staff_id), client=b.other_client)
    assert {p.code for p in refused.value.problems} == {"staff_busy"}
    assert "already has an appointment 10:00–10:30 (Botox)" in refused.value.message
    assert "ask a manager" in refused.value.message
    assert refused.value.can_override is False
    assert _count(b) == 1


def test_a_manager_overrides_a_double_booking_with_a_reason_and_it_is_audited(booked):
    b = booked
    book(b, b.desk, b.at(10), VisitLeg(b.botox, b.lee.staff_id))
    with pytest.raises(BookingRefused) as refused:
        book(b, b.manager, b.at(10), VisitLeg(b.botox, b.lee.staff_id), client=b.other_client)
    assert refused.value.can_override is True
    done = book(
        b,
        b.manager,
        b.at(10),
        VisitLeg(b.botox, b.lee.staff_id),
        client=b.other_client,
        override_reason="Quick top-up between sessions",
    )
    assert [p.code for p in done.overridden] == ["staff_busy"]
    (entry,) = audit_entries(
        b.clinic.store,
        action=Action.APPOINTMENT_OVERRIDE_DOUBLE_BOOKING,
        entity_id=done.appointments[0].id,
    )
    assert "Quick top-up" in entry.detail and "staff_busy" in entry.detail
    assert _count(b) == 2


def test_the_front_desk_cannot_override_even_with_a_reason(booked):
    b = booked
    book(b, b.desk, b.at(10), VisitLeg(b.botox, b.lee.staff_id))
    with pytest.raises(PermissionDenied):
        book(
            b,
            b.desk,
            b.at(10),
            VisitLeg(b.botox, b.lee.staff_id),
            client=b.other_client,
            override_reason="Squeeze her in",
        )
    assert _count(b) == 1


def test_any_practitioner_takes_the_first_qualified_one_who_is_free(booked):
    b = booked
    book(b, b.desk, b.at(10), VisitLeg(b.botox, b.kim.staff_id))
    done = book(b, b.desk, b.at(10), VisitLeg(b.botox, None), client=b.other_client)
    assert done.appointments[0].staff_id == b.lee.staff_id  # Ray is not qualified for Botox
    book(b, b.desk, b.at(11), VisitLeg(b.botox, b.lee.staff_id))
    book(b, b.desk, b.at(11), VisitLeg(b.botox, b.kim.staff_id), client=b.other_client)
    with pytest.raises(BookingRefused) as refused:
        book(b, b.manager, b.at(11), VisitLeg(b.botox, None), override_reason="try")
    assert [p.code for p in refused.value.problems] == ["no_staff"]


def test_one_laser_cannot_be_used_by_two_practitioners_at_once(booked):
    b = booked
    first = book(b, b.desk, b.at(10), VisitLeg(b.laser, b.kim.staff_id)).appointments[0]
    assert (first.room_id, first.machine_id) == (b.laser_room, b.laser_machine)
    # 11:05 would start inside Kim's clean-down (until 11:10) with Ray's set-up before it.
    with pytest.raises(BookingRefused) as refused:
        book(b, b.desk, b.at(11, 5), VisitLeg(b.laser, b.ray.staff_id), client=b.other_client)
    assert {p.code for p in refused.value.problems} == {"no_room", "no_machine"}
    assert "laser" in refused.value.message.lower()
    later = book(b, b.desk, b.at(11, 15), VisitLeg(b.laser, b.ray.staff_id), client=b.other_client)
    assert later.appointments[0].machine_id == b.laser_machine


def test_bookings_outside_working_hours_or_by_unqualified_staff_are_refused(booked):
    b = booked
    with pytest.raises(BookingRefused) as late:
        book(b, b.desk, b.at(17), VisitLeg(b.botox, b.lee.staff_id))
    assert [p.code for p in late.value.problems] == ["outside_hours"]
    with pytest.raises(BookingRefused) as unqualified:
        book(b, b.manager, b.at(10), VisitLeg(b.botox, b.ray.staff_id), override_reason="x")
    assert "not_qualified" in {p.code for p in unqualified.value.problems}
    assert unqualified.value.can_override is False
    assert _count(b) == 0


def test_a_visit_books_its_services_back_to_back_in_one_visit(booked):
    b = booked
    done = book(b, b.desk, b.at(13), VisitLeg(b.botox, b.kim.staff_id), VisitLeg(b.laser, None))
    botox, laser = done.appointments
    assert botox.ends_at == laser.starts_at == b.at(13, 30)
    assert botox.visit_id == laser.visit_id == done.visit_id
    assert laser.staff_id == b.kim.staff_id  # the same practitioner carries on when free
    assert laser.machine_id == b.laser_machine


def test_a_refused_visit_books_none_of_its_services(booked):
    b = booked
    book(b, b.desk, b.at(13, 30), VisitLeg(b.laser, b.ray.staff_id), client=b.other_client)
    with pytest.raises(BookingRefused):
        book(
            b,
            b.desk,
            b.at(13),
            VisitLeg(b.botox, b.kim.staff_id),
            VisitLeg(b.laser, b.kim.staff_id),
        )
    assert _count(b) == 1


def test_moving_checks_the_new_time_and_ignores_the_appointment_itself(booked):
    b = booked
    first = book(b, b.desk, b.at(10), VisitLeg(b.botox, b.lee.staff_id)).appointments[0]
    book(b, b.desk, b.at(11), VisitLeg(b.botox, b.lee.staff_id), client=b.other_client)
    with b.clinic.store.uow() as uow:
        moved = move_appointment(MoveAppointment(first.id, b.at(10, 15)), uow=uow, actor=b.desk)
    assert (moved.starts_at, moved.ends_at) == (b.at(10, 15), b.at(10, 45))
    with pytest.raises(BookingRefused), b.clinic.store.uow() as uow:
        move_appointment(MoveAppointment(first.id, b.at(10, 45)), uow=uow, actor=b.desk)
    with pytest.raises(BookingRefused), b.clinic.store.uow() as uow:
        move_appointment(
            MoveAppointment(first.id, b.at(10, 15), duration_minutes=60), uow=uow, actor=b.desk
        )
    with b.clinic.store.uow() as uow:
        other = move_appointment(
            MoveAppointment(first.id, b.at(10), staff_id=b.kim.staff_id, duration_minutes=45),
            uow=uow,
            actor=b.desk,
        )
    assert other.staff_id == b.kim.staff_id and other.ends_at == b.at(10, 45)
    updates = [
        m for m in mutations(b.clinic.store, "update_appointment_fields") if m.entity_id == first.id
    ]
    assert len(updates) == 2


def test_invalid_bookings_say_what_to_fix(booked):
    b = booked
    with pytest.raises(ValidationError) as no_service:
        book(b, b.desk, b.at(10))
    assert "service" in no_service.value.field_errors["legs"]
    naive = dt.datetime.combine(b.day, dt.time(10))
    with pytest.raises(ValidationError) as no_zone:
        book(b, b.desk, naive, VisitLeg(b.botox, b.lee.staff_id))
    assert "starts_at" in no_zone.value.field_errors


def _count(b: Booked) -> int:
    with b.clinic.store.session_factory() as s:
        return len(s.scalars(select(Appointment.id)).all())
