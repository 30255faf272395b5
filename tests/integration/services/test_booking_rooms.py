"""Moving a booking to another room or machine (a drop in the rooms-and-machines day view):
the room must be of the kind the service needs, and a busy one is a clash like any other."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

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
from medspa_desktop.services.resources import CreateMachine, CreateRoom, create_machine, create_room
from medspa_desktop.store.models import Appointment

from .helpers import audit_entries, mutations
from .scheduling import Booked, set_up_schedule


@dataclass
class TwoSuites:
    """The scheduling clinic with a second laser suite and a second laser."""

    b: Booked
    second_suite: str
    second_laser: str


@pytest.fixture
def suites(clinic) -> TwoSuites:
    b = set_up_schedule(clinic)
    owner, location = clinic.owner, clinic.location_id
    with clinic.store.uow() as uow:
        suite = create_room(CreateRoom(location, "Laser suite 2", "laser"), uow=uow, actor=owner)
    with clinic.store.uow() as uow:
        laser = create_machine(CreateMachine(location, "PicoSure", "laser"), uow=uow, actor=owner)
    return TwoSuites(b, suite.id, laser.id)


def book_laser(b: Booked, staff, hour: int, client: str) -> Appointment:
    with b.clinic.store.uow() as uow:
        cmd = BookVisit(client, b.clinic.location_id, b.at(hour), (VisitLeg(b.laser, staff),))
        return book_visit(cmd, uow=uow, actor=b.desk).appointments[0]


def move(b: Booked, actor, appointment_id: str, hour: int, **extra):
    with b.clinic.store.uow() as uow:
        cmd = MoveAppointment(appointment_id, b.at(hour), **extra)
        return move_appointment(cmd, uow=uow, actor=actor)


def test_moving_to_a_free_room_of_the_right_kind_keeps_the_time_and_is_audited(suites):
    b = suites.b
    first = book_laser(b, b.kim.staff_id, 10, b.client)
    assert first.room_id == b.laser_room

    moved = move(b, b.desk, first.id, 10, room_id=suites.second_suite)

    assert moved.room_id == suites.second_suite
    assert (moved.starts_at, moved.staff_id, moved.machine_id) == (
        b.at(10),
        b.kim.staff_id,
        b.laser_machine,
    )
    (update,) = [
        m for m in mutations(b.clinic.store, "update_appointment_fields") if m.entity_id == first.id
    ]
    assert update.fields == {"room_id": suites.second_suite}
    assert audit_entries(
        b.clinic.store, action=Action.APPOINTMENT_RESCHEDULE, entity_id=first.id, outcome="ok"
    )


def test_a_machine_can_be_chosen_the_same_way(suites):
    b = suites.b
    first = book_laser(b, b.kim.staff_id, 10, b.client)

    moved = move(b, b.desk, first.id, 11, machine_id=suites.second_laser)

    assert (moved.machine_id, moved.room_id, moved.starts_at) == (
        suites.second_laser,
        b.laser_room,
        b.at(11),
    )


def test_a_room_of_the_wrong_kind_is_refused_saying_what_the_service_needs(suites):
    b = suites.b
    first = book_laser(b, b.kim.staff_id, 10, b.client)

    with pytest.raises(ValidationError) as wrong:
        move(b, b.manager, first.id, 10, room_id=b.treatment_room, override_reason="Busy day")

    assert wrong.value.field_errors["room_id"] == (
        "Room 1 is a treatment room; Laser hair removal needs a laser room."
    )
    with b.clinic.store.session_factory() as s:
        assert s.get(Appointment, first.id).room_id == b.laser_room


def test_a_service_that_uses_no_room_cannot_be_put_in_one(suites):
    b = suites.b
    with b.clinic.store.uow() as uow:
        cmd = BookVisit(
            b.client, b.clinic.location_id, b.at(10), (VisitLeg(b.botox, b.lee.staff_id),)
        )
        botox = book_visit(cmd, uow=uow, actor=b.desk).appointments[0]

    with pytest.raises(ValidationError) as none:
        move(b, b.desk, botox.id, 10, room_id=b.treatment_room)

    assert "Botox uses no room" in none.value.message


def test_a_busy_room_is_refused_for_the_desk_and_a_manager_overrides_with_a_reason(suites):
    b = suites.b
    first = book_laser(b, b.kim.staff_id, 10, b.client)
    second = book_laser(b, b.ray.staff_id, 10, b.other_client)
    assert (second.room_id, second.machine_id) == (suites.second_suite, suites.second_laser)

    with pytest.raises(BookingRefused) as refused:
        move(b, b.desk, first.id, 10, room_id=suites.second_suite)
    assert {p.code for p in refused.value.problems} == {"room_busy"}
    assert "Laser suite 2 is already in use" in refused.value.message
    assert "ask a manager" in refused.value.message and not refused.value.can_override
    with pytest.raises(PermissionDenied):
        move(b, b.desk, first.id, 10, room_id=suites.second_suite, override_reason="Squeeze")

    moved = move(
        b, b.manager, first.id, 10, room_id=suites.second_suite, override_reason="Shared session"
    )

    assert (moved.room_id, moved.machine_id) == (suites.second_suite, b.laser_machine)
    (entry,) = audit_entries(
        b.clinic.store, action=Action.APPOINTMENT_OVERRIDE_DOUBLE_BOOKING, entity_id=first.id
    )
    assert "room_busy" in entry.detail and "Shared session" in entry.detail
