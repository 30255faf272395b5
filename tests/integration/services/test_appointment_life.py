"""The appointment's status machine, its history, cancellation and no-show fees."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from medspa_desktop.services.appointment_life import (
    ChangeStatus,
    WaiveFee,
    change_status,
    is_late_cancellation,
    waive_fee,
)
from medspa_desktop.services.booking import BookingRefused, BookVisit, VisitLeg, book_visit
from medspa_desktop.services.errors import PermissionDenied, RuleViolation, ValidationError
from medspa_desktop.store.models import AppointmentStatusChange, Location

from .scheduling import Booked, set_up_schedule


@pytest.fixture
def booked(clinic) -> Booked:
    b = set_up_schedule(clinic)
    with clinic.store.session_factory() as s:
        s.execute(
            update(Location).values(
                late_cancel_hours=48, late_cancel_fee_minor=2500, no_show_fee_minor=5000
            )
        )
        s.commit()
    return b


def _book(b: Booked, start, staff, client=None):
    with b.clinic.store.uow() as uow:
        cmd = BookVisit(
            client or b.client, b.clinic.location_id, start, (VisitLeg(b.botox, staff),)
        )
        return book_visit(cmd, uow=uow, actor=b.desk).appointments[0]


def _change(b: Booked, actor, appointment_id: str, to: str, reason: str = "", **extra):
    with b.clinic.store.uow() as uow:
        cmd = ChangeStatus(appointment_id, to, reason, **extra)
        return change_status(cmd, uow=uow, actor=actor)


def test_a_visit_goes_from_booked_to_completed_and_every_step_is_in_the_history(booked):
    b = booked
    appt = _book(b, b.at(10), b.lee.staff_id)
    _change(b, b.desk, appt.id, "confirmed")
    _change(b, b.desk, appt.id, "checked_in")
    _change(b, b.lee, appt.id, "in_treatment")
    done = _change(b, b.lee, appt.id, "completed")
    assert done.status == "completed"
    with b.clinic.store.session_factory() as s:
        history = s.scalars(
            select(AppointmentStatusChange)
            .where(AppointmentStatusChange.appointment_id == appt.id)
            .order_by(AppointmentStatusChange.at, AppointmentStatusChange.id)
        ).all()
    steps = [(h.from_status, h.to_status) for h in history]
    assert steps == [
        ("", "booked"),
        ("booked", "confirmed"),
        ("confirmed", "checked_in"),
        ("checked_in", "in_treatment"),
        ("in_treatment", "completed"),
    ]
    assert history[2].staff_id == b.desk.staff_id and history[3].staff_id == b.lee.staff_id


def test_steps_out_of_order_are_refused_with_what_is_possible(booked):
    b = booked
    appt = _book(b, b.at(10), b.lee.staff_id)
    with pytest.raises(RuleViolation) as refused:
        _change(b, b.lee, appt.id, "completed")
    assert "booked appointment cannot be marked completed" in refused.value.message
    assert "Checked in" in refused.value.message
    with pytest.raises(PermissionDenied):
        _change(b, b.desk, appt.id, "in_treatment")  # starting a treatment is clinical


def test_a_cancellation_needs_a_reason_and_late_ones_flag_the_fee(booked):
    b = booked
    appt = _book(b, b.at(10), b.lee.staff_id)
    with pytest.raises(ValidationError):
        _change(b, b.desk, appt.id, "cancelled")
    done = _change(b, b.desk, appt.id, "cancelled", "Client is unwell")
    # The test day is a week ahead; the location's late window is 48 hours.
    assert (done.late_cancellation, done.late_cancel_fee_minor) == (False, 0)
    assert done.cancellation_reason == "Client is unwell"
    start = dt.datetime(2026, 3, 10, 15, tzinfo=dt.UTC)
    assert is_late_cancellation(start, start - dt.timedelta(hours=47), 48)
    assert not is_late_cancellation(start, start - dt.timedelta(hours=49), 48)


def test_a_no_show_flags_the_fee_and_only_a_manager_waives_it(booked):
    b = booked
    appt = _book(b, b.at(10), b.lee.staff_id)
    assert _change(b, b.desk, appt.id, "no_show").no_show_fee_minor == 5000
    with pytest.raises(PermissionDenied), b.clinic.store.uow() as uow:
        waive_fee(WaiveFee(appt.id, "Family emergency"), uow=uow, actor=b.desk)
    with b.clinic.store.uow() as uow:
        waived = waive_fee(WaiveFee(appt.id, "Family emergency"), uow=uow, actor=b.manager)
    assert (waived.no_show_fee_minor, waived.fee_waived_reason) == (0, "Family emergency")


def test_a_late_no_show_checks_in_after_all_and_loses_the_fee(booked):
    b = booked
    appt = _book(b, b.at(10), b.lee.staff_id)
    _change(b, b.desk, appt.id, "no_show")
    arrived = _change(b, b.desk, appt.id, "checked_in", "Arrived 20 minutes late")
    assert (arrived.status, arrived.no_show_fee_minor) == ("checked_in", 0)


def test_a_cancelled_booking_is_booked_again_only_while_its_time_is_free(booked):
    b = booked
    appt = _book(b, b.at(10), b.lee.staff_id)
    _change(b, b.desk, appt.id, "cancelled", "Clash with work")
    again = _change(b, b.desk, appt.id, "booked")
    assert (again.status, again.cancellation_reason) == ("booked", "")
    _change(b, b.desk, appt.id, "cancelled", "Clash with work")
    _book(b, b.at(10), b.lee.staff_id, client=b.other_client)
    with pytest.raises(BookingRefused):
        _change(b, b.desk, appt.id, "booked")
