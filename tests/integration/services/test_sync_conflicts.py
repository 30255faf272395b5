"""Resolving double bookings sync found: keep one, move one, cancel one; each resolution is
one transaction with its outbox mutations, status history and audit entry."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sync.helpers import record

from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.ids import new_id
from medspa_desktop.services.errors import PermissionDenied, RuleViolation, ValidationError
from medspa_desktop.services.sync_conflicts import (
    Cancel,
    KeepThis,
    Move,
    list_conflicts,
    resolve_conflict,
)
from medspa_desktop.store.models import (
    Appointment,
    AppointmentStatusChange,
    Client,
    Room,
    ServiceCategory,
    ServiceItem,
)

from .helpers import last_audit, mutations

NINE = dt.datetime(2030, 6, 3, 13, 0, tzinfo=dt.UTC)  # 09:00 in New York
HOUR = dt.timedelta(hours=1)


class Book:
    """Appointments of one clinic, written as a device writes them (row and create mutation)."""

    def __init__(self, clinic) -> None:
        self.clinic = clinic
        org = {"org_id": clinic.org_id}
        store = clinic.store
        self.client = record(store, Client, first_name="Maya", last_name="Chen", **org)
        self.other_client = record(store, Client, first_name="Leo", last_name="Park", **org)
        category = record(store, ServiceCategory, code="laser", name="Laser", **org)
        self.service = record(
            store, ServiceItem, category_id=category, name="Laser facial",
            duration_minutes=60, price_minor=30_000, **org,
        )  # fmt: skip
        self.room = record(store, Room, location_id=clinic.location_id, name="Room 2", **org)

    def __call__(self, start: dt.datetime, *, status: str = "booked", **fields) -> str:
        values = {
            "org_id": self.clinic.org_id, "location_id": self.clinic.location_id,
            "client_id": self.client, "staff_id": self.clinic.owner.staff_id,
            "service_id": self.service, "visit_id": new_id(), "starts_at": start,
            "ends_at": start + HOUR, "status": status, **fields,
        }  # fmt: skip
        return record(self.clinic.store, Appointment, **values)

    def mark_conflict(self, appointment_id: str) -> None:
        """As a pull from the server does: the status changes, nothing is queued here."""
        with self.clinic.store.uow() as uow:
            uow.session.get(Appointment, appointment_id).status = "conflict"
            uow.commit()


@pytest.fixture
def book(clinic) -> Book:
    return Book(clinic)


@pytest.fixture
def pair(book):
    """The first booking at 9:00, and one at 9:30 for the same practitioner in conflict."""
    first = book(NINE)
    later = book(NINE + HOUR / 2, client_id=book.other_client)
    book.mark_conflict(later)
    return first, later


def appointment(clinic, appointment_id: str) -> Appointment:
    with clinic.store.session_factory() as session:
        return session.get(Appointment, appointment_id)


def history(clinic, appointment_id: str) -> list[tuple[str, str]]:
    with clinic.store.session_factory() as session:
        rows = session.scalars(
            select(AppointmentStatusChange)
            .where(AppointmentStatusChange.appointment_id == appointment_id)
            .order_by(AppointmentStatusChange.at)
        )
        return [(r.from_status, r.to_status) for r in rows]


def resolve(clinic, cmd, actor=None):
    with clinic.store.uow() as uow:
        return resolve_conflict(cmd, uow=uow, actor=actor or clinic.owner)


def test_the_list_shows_each_conflict_with_the_booking_it_overlaps(clinic, pair):
    first, later = pair
    with clinic.store.uow() as uow:
        (conflict,) = list_conflicts(uow=uow, actor=clinic.owner)

    assert conflict.booking.id == later and conflict.overlaps.id == first
    assert conflict.shared == ("practitioner",)
    assert conflict.booking.client_name == "Leo Park"
    assert conflict.overlaps.service_name == "Laser facial"
    assert conflict.booking.time_zone == "America/New_York"


def test_keeping_the_conflicting_booking_cancels_the_other_and_books_it_again(clinic, pair):
    first, later = pair
    done = resolve(clinic, KeepThis(conflict_id=later, other_id=first, keep_id=later))

    assert (appointment(clinic, first).status, appointment(clinic, later).status) == (
        "cancelled", "booked",
    )  # fmt: skip
    assert appointment(clinic, first).cancellation_reason == "Double booking found during sync"
    assert not done.still_in_conflict and set(done.changed) == {first, later}
    updates = mutations(clinic.store, "update_appointment_fields")
    assert [(m.entity_id, m.fields["status"]) for m in updates] == [
        (first, "cancelled"), (later, "booked"),
    ], "the booking that makes room goes to the server first"  # fmt: skip
    assert history(clinic, first) == [("booked", "cancelled")]
    assert history(clinic, later) == [("conflict", "booked")]
    ledger = mutations(clinic.store, "create_appointment_status_change")
    assert len(ledger) == 2 and ledger[0].fields["staff_id"] == clinic.owner.staff_id
    audit = last_audit(clinic.store)
    assert (audit.action, audit.entity_id, audit.outcome) == ("sync.resolve_conflict", later, "ok")
    assert "Park" not in audit.detail and "Chen" not in audit.detail


def test_keeping_the_first_booking_cancels_the_conflicting_one(clinic, pair):
    first, later = pair
    resolve(clinic, KeepThis(conflict_id=later, other_id=first, keep_id=first))

    assert appointment(clinic, first).status == "booked"
    assert appointment(clinic, later).status == "cancelled"
    assert [m.entity_id for m in mutations(clinic.store, "update_appointment_fields")] == [later]


def test_moving_the_conflicting_booking_to_a_free_time_books_it_there(clinic, pair):
    first, later = pair
    eleven = NINE + 2 * HOUR
    resolve(clinic, Move(conflict_id=later, other_id=first, appointment_id=later, new_start=eleven))

    moved = appointment(clinic, later)
    assert (moved.starts_at, moved.ends_at, moved.status) == (eleven, eleven + HOUR, "booked")
    updates = [m.fields for m in mutations(clinic.store, "update_appointment_fields")]
    assert updates == [
        {"starts_at": eleven.isoformat(), "ends_at": (eleven + HOUR).isoformat()},
        {"status": "booked"},
    ], "moved first, then booked: the server checks the new time for overlaps"


def test_moving_the_first_booking_away_books_the_conflicting_one(clinic, pair):
    first, later = pair
    resolve(
        clinic, Move(conflict_id=later, other_id=first, appointment_id=first, new_start=NINE - HOUR)
    )

    assert appointment(clinic, first).starts_at == NINE - HOUR
    assert appointment(clinic, later).status == "booked"


def test_a_move_onto_another_booking_is_refused_at_the_field_and_changes_nothing(
    clinic, book, pair
):
    first, later = pair
    book(NINE + 3 * HOUR, room_id=book.room)
    before = len(mutations(clinic.store))

    with pytest.raises(ValidationError) as refused:
        resolve(
            clinic,
            Move(
                conflict_id=later, other_id=first, appointment_id=later, new_start=NINE + 3 * HOUR
            ),
        )

    assert (
        "overlaps Maya Chen's Laser facial (12:00–13:00)" in refused.value.field_errors["new_start"]
    )
    assert appointment(clinic, later).status == "conflict"
    assert len(mutations(clinic.store)) == before


def test_moving_the_first_booking_onto_the_conflicting_one_is_refused(clinic, pair):
    first, later = pair
    with pytest.raises(ValidationError, match="overlaps Leo Park"):
        resolve(
            clinic,
            Move(conflict_id=later, other_id=first, appointment_id=first, new_start=NINE + HOUR),
        )


def test_cancelling_the_conflicting_booking_leaves_the_first(clinic, pair):
    first, later = pair
    resolve(clinic, Cancel(conflict_id=later, other_id=first, appointment_id=later))

    assert appointment(clinic, later).status == "cancelled"
    assert appointment(clinic, first).status == "booked"
    assert history(clinic, later) == [("conflict", "cancelled")]


def test_a_booking_back_from_conflict_gets_the_status_it_had(clinic, book, pair):
    first, later = pair
    record(
        clinic.store, AppointmentStatusChange, org_id=clinic.org_id, appointment_id=later,
        from_status="booked", to_status="confirmed", at=NINE - 24 * HOUR,
    )  # fmt: skip
    resolve(clinic, Cancel(conflict_id=later, other_id=first, appointment_id=first))

    assert appointment(clinic, later).status == "confirmed"


def test_a_booking_that_still_overlaps_a_third_stays_in_conflict(clinic, book, pair):
    first, later = pair
    book(NINE + HOUR, client_id=book.other_client)  # 10:00, also under the 9:30 booking
    done = resolve(clinic, KeepThis(conflict_id=later, other_id=first, keep_id=later))

    assert done.still_in_conflict
    assert appointment(clinic, later).status == "conflict"
    with clinic.store.uow() as uow:
        (left,) = list_conflicts(uow=uow, actor=clinic.owner)
    assert left.booking.id == later and left.overlaps.starts_at == NINE + HOUR


def test_a_pair_already_resolved_on_another_device_is_not_resolved_twice(clinic, pair):
    first, later = pair
    resolve(clinic, Cancel(conflict_id=later, other_id=first, appointment_id=later))

    with pytest.raises(RuleViolation, match="already resolved"):
        resolve(clinic, KeepThis(conflict_id=later, other_id=first, keep_id=later))


def test_a_practitioner_sees_conflicts_but_may_not_resolve_them(clinic, pair):
    first, later = pair
    practitioner = clinic.add_staff(Role.PRACTITIONER)
    with clinic.store.uow() as uow:
        assert len(list_conflicts(uow=uow, actor=practitioner)) == 1

    with pytest.raises(PermissionDenied):
        resolve(
            clinic, Cancel(conflict_id=later, other_id=first, appointment_id=later), practitioner
        )

    assert appointment(clinic, later).status == "conflict"
    assert last_audit(clinic.store).outcome == "denied"


def test_front_desk_may_resolve(clinic, pair):
    first, later = pair
    desk = clinic.add_staff(Role.FRONT_DESK)
    resolve(clinic, KeepThis(conflict_id=later, other_id=first, keep_id=first), desk)

    assert appointment(clinic, later).status == "cancelled"
