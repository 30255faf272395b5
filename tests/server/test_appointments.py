"""Overlapping appointments are both kept; the later one (by server sequence) is marked
``conflict`` for the front desk, on any of practitioner, room and machine."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from medspa_desktop.domain.ids import new_id
from medspa_server.db import Database

from .helpers import appointment_fields

NINE, TEN, ELEVEN = (
    "2025-03-03T09:00:00+00:00",
    "2025-03-03T10:00:00+00:00",
    "2025-03-03T11:00:00+00:00",
)
NINE_THIRTY = "2025-03-03T09:30:00+00:00"


@pytest.mark.parametrize(
    ("shared", "word"),
    [("staff_id", "practitioner"), ("room_id", "room"), ("machine_id", "machine")],
)
def test_the_later_of_two_overlapping_bookings_is_stored_as_a_conflict(make_clinic, shared, word):
    clinic = make_clinic()
    front_desk, tablet = clinic.enrol("Front desk"), clinic.enrol("Tablet")
    resources = {"staff": new_id(), "room": new_id(), "machine": new_id()}
    first = appointment_fields(NINE, TEN, **resources)
    second = appointment_fields(
        NINE_THIRTY, ELEVEN, staff=new_id(), room=new_id(), machine=new_id()
    )
    second[shared] = first[shared]
    first_id, second_id = new_id(), new_id()

    front_desk.push(front_desk.create("appointment", first, entity_id=first_id))
    answer = tablet.push(tablet.create("appointment", second, entity_id=second_id))

    (result,) = answer["results"]
    assert result["status"] == "conflict"
    assert result["conflict_with"] == first_id
    assert f"same {word}" in result["reason"]
    assert tablet.row("appointment", first_id)["status"] == "booked"
    assert tablet.row("appointment", second_id)["status"] == "conflict"


def test_back_to_back_and_cancelled_bookings_do_not_conflict(make_clinic):
    device = make_clinic().enrol()
    staff = new_id()
    cancelled = {**appointment_fields(NINE, TEN, staff=staff), "status": "cancelled"}

    answer = device.push(
        device.create("appointment", appointment_fields(NINE, TEN, staff=staff)),
        device.create("appointment", appointment_fields(TEN, ELEVEN, staff=staff)),
        device.create("appointment", cancelled),
    )

    assert [r["status"] for r in answer["results"]] == ["applied"] * 3


def test_cancelling_one_lets_the_front_desk_confirm_the_other(make_clinic):
    device = make_clinic().enrol()
    staff = new_id()
    kept_id, moved_id = new_id(), new_id()
    device.push(
        device.create("appointment", appointment_fields(NINE, TEN, staff=staff), entity_id=kept_id),
        device.create(
            "appointment", appointment_fields(NINE, TEN, staff=staff), entity_id=moved_id
        ),
    )

    still = device.push(device.mutation("appointment", moved_id, {"status": "booked"}))
    device.push(device.mutation("appointment", kept_id, {"status": "cancelled"}))
    resolved = device.push(device.mutation("appointment", moved_id, {"status": "booked"}))

    assert [r["status"] for r in still["results"]] == ["conflict"]
    assert [r["status"] for r in resolved["results"]] == ["applied"]
    assert device.row("appointment", moved_id)["status"] == "booked"


def test_moving_a_booking_onto_a_taken_slot_marks_the_moved_one(make_clinic):
    device = make_clinic().enrol()
    staff = new_id()
    morning, later = new_id(), new_id()
    device.push(
        device.create("appointment", appointment_fields(NINE, TEN, staff=staff), entity_id=morning),
        device.create("appointment", appointment_fields(TEN, ELEVEN, staff=staff), entity_id=later),
    )

    answer = device.push(device.mutation("appointment", later, {"starts_at": NINE_THIRTY}))

    assert answer["results"][0]["conflict_with"] == morning
    assert device.row("appointment", morning)["status"] == "booked"
    assert device.row("appointment", later)["status"] == "conflict"


def test_postgresql_refuses_two_overlapping_slots_even_without_the_check(postgres_url):
    database = Database(postgres_url)
    insert = text(
        "INSERT INTO appointment_slot VALUES (:org, :appointment, 'staff_id', 'staff-1', "
        ":starts, :ends)"
    )
    with database.write() as session:
        session.execute(insert, {"org": "o", "appointment": "a", "starts": NINE, "ends": TEN})
        with pytest.raises(IntegrityError, match="ex_appointment_slot_overlap"):
            session.execute(
                insert, {"org": "o", "appointment": "b", "starts": NINE_THIRTY, "ends": ELEVEN}
            )
        session.rollback()
    database.dispose()
