"""A freed time offered to the waitlist: marked offered (which time, with whom, when),
declined back to waiting in the same place, booked with the appointment, expired once the
last day has passed, and only by the roles the permission matrix allows."""

from __future__ import annotations

import datetime as dt

import pytest

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Role
from medspa_desktop.services import authz
from medspa_desktop.services.appointment_life import ChangeStatus, change_status
from medspa_desktop.services.booking import (
    BookVisit,
    MoveAppointment,
    VisitLeg,
    book_visit,
    move_appointment,
)
from medspa_desktop.services.errors import PermissionDenied, RuleViolation
from medspa_desktop.services.waitlist import (
    AddToWaitlist,
    FreedTime,
    WaitlistInfo,
    add_to_waitlist,
    list_waitlist,
    offers_for,
    offers_for_time,
)
from medspa_desktop.services.waitlist_status import (
    OfferTime,
    decline_offer,
    expire_waitlist,
    offer_time,
    set_waitlist_status,
)
from medspa_desktop.store.models import WaitlistEntry

from .helpers import audit_entries, mutations
from .scheduling import ZONE, Booked, set_up_schedule

DAY = dt.timedelta(days=1)


@pytest.fixture
def booked(clinic) -> Booked:
    return set_up_schedule(clinic)


def _call(b: Booked, service, *args, actor=None, **kwargs):
    with b.clinic.store.uow() as uow:
        return service(*args, uow=uow, actor=actor or b.desk, **kwargs)


def _wait(b: Booked, first: dt.date, last: dt.date, **extra) -> WaitlistInfo:
    command = AddToWaitlist(b.other_client, b.clinic.location_id, b.botox, first, last, **extra)
    return _call(b, add_to_waitlist, command)


def _freed(b: Booked, hour: int = 14) -> str:
    """Lee's booking at ``hour`` on the test day, cancelled: its time is free to offer."""
    legs = (VisitLeg(b.botox, b.lee.staff_id),)
    visit = _call(b, book_visit, BookVisit(b.client, b.clinic.location_id, b.at(hour), legs))
    appointment_id = visit.appointments[0].id
    _call(b, change_status, ChangeStatus(appointment_id, "cancelled", "Client unwell"))
    return appointment_id


def _stored(b: Booked, entry_id: str) -> WaitlistEntry:
    with b.clinic.store.session_factory() as session:
        row = session.get(WaitlistEntry, entry_id)
        assert row is not None
        session.expunge(row)
        return row


def _listed(b: Booked) -> list[WaitlistInfo]:
    return _call(b, list_waitlist, b.clinic.location_id)


def _offer(b: Booked, entry: WaitlistInfo, actor=None) -> WaitlistInfo:
    return _call(b, offer_time, OfferTime(entry.id, b.at(14), b.lee.staff_id), actor=actor)


def test_offering_a_freed_time_records_the_time_practitioner_and_moment(booked):
    b = booked
    freed = _freed(b)
    entry = _wait(b, b.day - DAY, b.day + DAY)
    (offer,) = _call(b, offers_for, freed)
    before = dt.datetime.now(dt.UTC)

    offered = _call(b, offer_time, OfferTime(entry.id, offer.starts_at, offer.staff_id))

    assert offered.status == "offered" and offered.offered is not None
    assert offered.offered.starts_at == b.at(14) and offered.offered.staff_id == b.lee.staff_id
    assert offered.offered.staff_name == b.lee.display_name
    assert before <= offered.offered.at <= dt.datetime.now(dt.UTC)
    row = _stored(b, entry.id)
    assert (row.status, row.offered_starts_at, row.offered_staff_id) == (
        "offered", b.at(14), b.lee.staff_id,
    )  # fmt: skip
    (audited,) = audit_entries(b.clinic.store, entity="waitlist_entry", entity_id=entry.id)[1:]
    assert audited.action == Action.WAITLIST_MANAGE.value and audited.outcome == "ok"
    assert audited.staff_id == b.desk.staff_id and "offered_at" in audited.detail
    queued = mutations(b.clinic.store, "update_waitlist_entry_fields")[-1]
    assert queued.entity_id == entry.id and queued.fields["status"] == "offered"
    assert dt.datetime.fromisoformat(queued.fields["offered_starts_at"]) == b.at(14)
    assert queued.fields["offered_staff_id"] == b.lee.staff_id and queued.fields["offered_at"]
    (still,) = _call(b, offers_for, freed)  # offered this very time: still shown, as offered
    assert still.entry.id == entry.id and still.entry.offered == offered.offered
    assert [e.offered for e in _listed(b)] == [offered.offered]


def test_an_entry_offered_another_time_is_not_offered_this_one(booked):
    b = booked
    entry = _wait(b, b.day - DAY, b.day + DAY)
    _offer(b, entry)
    later = _freed(b, hour=15)

    assert _call(b, offers_for, later) == []


def test_a_declined_offer_waits_again_in_its_place(booked):
    b = booked
    first = _wait(b, b.day - DAY, b.day + DAY)
    second = _wait(b, b.day - DAY, b.day + DAY)
    _offer(b, first)
    _offer(b, second)

    declined = _call(b, decline_offer, first.id)

    assert declined.status == "waiting" and declined.offered is None
    row = _stored(b, first.id)
    assert (row.offered_starts_at, row.offered_staff_id, row.offered_at) == (None, None, None)
    assert [(e.id, e.status) for e in _listed(b)] == [(first.id, "waiting"), (second.id, "offered")]
    queued = mutations(b.clinic.store, "update_waitlist_entry_fields")[-1]
    assert queued.fields == {
        "status": "waiting", "offered_starts_at": None, "offered_staff_id": None,
        "offered_at": None,
    }  # fmt: skip
    with pytest.raises(RuleViolation):
        _call(b, decline_offer, first.id)  # nothing on offer any more


def test_booking_an_offered_client_marks_the_entry_booked_with_the_appointment(booked):
    b = booked
    freed = _freed(b)
    entry = _wait(b, b.day - DAY, b.day + DAY)
    _offer(b, entry)
    legs = (VisitLeg(b.botox, b.lee.staff_id),)
    visit = _call(b, book_visit, BookVisit(b.other_client, b.clinic.location_id, b.at(14), legs))
    appointment_id = visit.appointments[0].id

    done = _call(b, set_waitlist_status, entry.id, "booked", appointment_id=appointment_id)

    assert done.status == "booked" and done.offered is None
    row = _stored(b, entry.id)
    assert (row.status, row.appointment_id) == ("booked", appointment_id)
    assert _listed(b) == [] and _call(b, offers_for, freed) == []
    queued = mutations(b.clinic.store, "update_waitlist_entry_fields")[-1]
    assert queued.fields == {"status": "booked", "appointment_id": appointment_id}
    with pytest.raises(RuleViolation, match="no longer waiting"):
        _call(b, decline_offer, entry.id)


def test_entries_past_their_last_day_expire_and_are_never_offered(booked):
    b = booked
    today = dt.datetime.now(ZONE).date()
    long_gone = _wait(b, today - 10 * DAY, today - DAY)
    ends_on_the_day = _wait(b, b.day - DAY, b.day)
    goes_on = _wait(b, b.day - DAY, b.day + 7 * DAY)

    (expired,) = _call(b, expire_waitlist, b.clinic.location_id)  # today, at the location

    assert expired.id == long_gone.id and expired.status == "expired"
    assert _stored(b, long_gone.id).status == "expired"
    queued = mutations(b.clinic.store, "update_waitlist_entry_fields")[-1]
    assert (queued.entity_id, queued.fields) == (long_gone.id, {"status": "expired"})
    assert _call(b, expire_waitlist, b.clinic.location_id) == []  # nothing more to expire
    _offer(b, ends_on_the_day)  # and never answered
    after_the_day = b.day + DAY
    (gone,) = _call(b, expire_waitlist, b.clinic.location_id, today=after_the_day)
    assert (gone.id, gone.status, gone.offered) == (ends_on_the_day.id, "expired", None)
    assert _stored(b, gone.id).offered_starts_at is None
    freed = _freed(b)  # on the day its range covers: not offered, as it expired
    assert [o.entry.id for o in _call(b, offers_for, freed)] == [goes_on.id]
    assert [e.id for e in _listed(b)] == [goes_on.id]
    with pytest.raises(RuleViolation, match="expired"):
        _offer(b, ends_on_the_day)


def test_a_restored_appointment_is_no_longer_offered(booked):
    b = booked
    freed = _freed(b)
    _wait(b, b.day - DAY, b.day + DAY)
    _call(b, change_status, ChangeStatus(freed, "booked"))

    assert _call(b, offers_for, freed) == []


@pytest.mark.parametrize("role", list(Role))
def test_every_role_the_matrix_allows_may_offer_and_decline(booked, role):
    b = booked
    actor = b.clinic.actor(role)
    entry = _wait(b, b.day - DAY, b.day + DAY)

    assert _offer(b, entry, actor=actor).status == "offered"
    assert _call(b, decline_offer, entry.id, actor=actor).status == "waiting"


def test_a_role_without_the_permission_is_refused_and_audited(booked, monkeypatch):
    b = booked
    entry = _wait(b, b.day - DAY, b.day + DAY)
    _offer(b, entry)
    queued = len(mutations(b.clinic.store))
    allowed = authz.is_allowed

    def without_waitlist(role, action):
        return action is not Action.WAITLIST_MANAGE and allowed(role, action)

    monkeypatch.setattr(authz, "is_allowed", without_waitlist)
    for attempt in (
        lambda: _offer(b, entry),
        lambda: _call(b, decline_offer, entry.id),
        lambda: _call(b, expire_waitlist, b.clinic.location_id),
    ):
        with pytest.raises(PermissionDenied):
            attempt()

    assert _stored(b, entry.id).status == "offered"
    assert len(mutations(b.clinic.store)) == queued
    denied = audit_entries(b.clinic.store, outcome="denied", entity="waitlist_entry")
    assert [e.action for e in denied] == [Action.WAITLIST_MANAGE.value] * 3


def test_the_time_a_moved_booking_left_is_offered_and_an_overlapping_move_offers_nothing(
    booked,
):
    b = booked
    entry = _wait(b, b.day, b.day)
    legs = (VisitLeg(b.botox, b.lee.staff_id),)
    visit = _call(b, book_visit, BookVisit(b.client, b.clinic.location_id, b.at(14), legs))
    moved = visit.appointments[0].id
    left = FreedTime(b.clinic.location_id, b.at(14), b.lee.staff_id)
    _call(b, move_appointment, MoveAppointment(moved, b.at(14, 15)))
    assert _call(b, offers_for_time, left) == []  # still overlaps 14:00-14:30
    _call(b, move_appointment, MoveAppointment(moved, b.at(16)))
    (offer,) = _call(b, offers_for_time, left)
    assert (offer.entry.id, offer.starts_at, offer.staff_id) == (entry.id, b.at(14), b.lee.staff_id)
