"""Recurring series with a per-occurrence report, and the waitlist offered when a slot frees."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from medspa_desktop.services.appointment_life import ChangeStatus, change_status
from medspa_desktop.services.booking import BookVisit, VisitLeg, book_visit
from medspa_desktop.services.series import BookSeries, book_series, preview_series
from medspa_desktop.services.waitlist import (
    AddToWaitlist,
    add_to_waitlist,
    list_waitlist,
    offers_for,
)
from medspa_desktop.services.waitlist_status import set_waitlist_status
from medspa_desktop.store.models import Appointment

from .scheduling import ZONE, Booked, set_up_schedule


@pytest.fixture
def booked(clinic) -> Booked:
    return set_up_schedule(clinic)


def _book(b: Booked, start, staff, client=None) -> str:
    with b.clinic.store.uow() as uow:
        legs = (VisitLeg(b.botox, staff),)
        cmd = BookVisit(client or b.client, b.clinic.location_id, start, legs)
        return book_visit(cmd, uow=uow, actor=b.desk).appointments[0].id


def _series(b: Booked, actor, **extra) -> BookSeries:
    visit = BookVisit(
        b.client, b.clinic.location_id, b.at(10), (VisitLeg(b.botox, b.lee.staff_id),), **extra
    )
    return BookSeries(visit, every_weeks=2, times=4)


def test_a_series_books_the_free_occurrences_and_reports_the_clash(booked):
    b = booked
    _book(b, b.at(10, days=28), b.lee.staff_id, client=b.other_client)  # the third occurrence
    with b.clinic.store.uow() as uow:
        preview = preview_series(_series(b, b.desk), uow=uow, actor=b.desk)
    assert [bool(o.problems) for o in preview.occurrences] == [False, False, True, False]
    with b.clinic.store.uow() as uow:
        done = book_series(_series(b, b.desk), uow=uow, actor=b.desk)
    assert done.booked == 3
    clash = done.occurrences[2]
    assert clash.booked is None and clash.problems[0].code == "staff_busy"
    local_times = {o.starts_at.astimezone(ZONE).time() for o in done.occurrences}
    assert local_times == {dt.time(10)}  # the same wall-clock time, DST or not
    with b.clinic.store.session_factory() as s:
        in_series = s.scalars(select(Appointment).where(Appointment.series_id == done.series_id))
        assert len(in_series.all()) == 3


def test_a_manager_books_a_whole_series_over_a_clash_with_a_reason(booked):
    b = booked
    _book(b, b.at(10, days=14), b.lee.staff_id, client=b.other_client)
    with b.clinic.store.uow() as uow:
        done = book_series(
            _series(b, b.manager, override_reason="Two-client session agreed"),
            uow=uow,
            actor=b.manager,
        )
    assert done.booked == 4 and done.occurrences[1].problems


def test_a_freed_slot_is_offered_to_matching_waitlist_entries_in_order(booked):
    b = booked
    appt = _book(b, b.at(14), b.lee.staff_id)

    def wait(client, **extra):
        cmd = AddToWaitlist(
            client, b.clinic.location_id, b.botox, b.day - dt.timedelta(days=1), b.day, **extra
        )
        with b.clinic.store.uow() as uow:
            return add_to_waitlist(cmd, uow=uow, actor=b.desk)

    first = wait(b.other_client)
    mornings = wait(b.other_client, preferred_times=((b.day.weekday(), 540, 720),))
    with_kim = wait(b.other_client, staff_id=b.kim.staff_id)
    second = wait(b.other_client, staff_id=b.lee.staff_id)
    with b.clinic.store.uow() as uow:
        change_status(ChangeStatus(appt, "cancelled", "Moving away"), uow=uow, actor=b.desk)
    with b.clinic.store.uow() as uow:
        offers = offers_for(appt, uow=uow, actor=b.desk)
    assert [o.entry.id for o in offers] == [first.id, second.id]
    assert {mornings.id, with_kim.id}.isdisjoint(o.entry.id for o in offers)
    assert offers[0].starts_at == b.at(14) and offers[0].staff_id == b.lee.staff_id
    new = _book(b, b.at(14), b.lee.staff_id, client=b.other_client)
    with b.clinic.store.uow() as uow:
        set_waitlist_status(first.id, "booked", uow=uow, actor=b.desk, appointment_id=new)
    with b.clinic.store.uow() as uow:
        remaining = {e.id for e in list_waitlist(b.clinic.location_id, uow=uow, actor=b.desk)}
    assert first.id not in remaining and second.id in remaining
