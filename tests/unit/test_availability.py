"""The availability engine: which times a clinic can book, and why a time cannot be booked."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from medspa_desktop.domain.availability import (
    Busy,
    Resource,
    Schedule,
    ServiceNeeds,
    Shift,
    Slot,
    Span,
    assign_resources,
    check_booking,
    find_slots,
    find_visit_slots,
)

NY = "America/New_York"
LONDON = "Europe/London"
MONDAY = date(2026, 6, 1)
NOW = datetime(2026, 1, 1, tzinfo=UTC)
LEE, KIM = "lee", "kim"
NAMES = {LEE: "Dr Lee", KIM: "Nurse Kim"}


def at(day: date, clock: str, tz: str = NY) -> datetime:
    """A local wall-clock time as UTC (the first one, when the hour repeats)."""
    return datetime.combine(day, time.fromisoformat(clock), ZoneInfo(tz)).astimezone(UTC)


def local(moment: datetime, tz: str = NY) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%H:%M")


def minutes(clock: str) -> int:
    parsed = time.fromisoformat(clock)
    return parsed.hour * 60 + parsed.minute


def works(staff: str, day: date, start: str, end: str, **kwargs: date | None) -> Shift:
    end_minute = 1440 if end == "24:00" else minutes(end)
    return Shift(staff, day.weekday(), minutes(start), end_minute, date(2026, 1, 1), **kwargs)


def busy(
    resource: str,
    day: date,
    start: str,
    end: str,
    appointment: str | None = "a1",
    label: str = "",
    tz: str = NY,
) -> Busy:
    return Busy(resource, Span(at(day, start, tz), at(day, end, tz)), appointment, label)


def schedule(*shifts: Shift, **overrides: object) -> Schedule:
    facts: dict[str, object] = {
        "time_zone": NY,
        "grid_minutes": 30,
        "shifts": shifts,
        "rooms": (),
        "machines": (),
        "busy": (),
    }
    facts.update(overrides)
    return Schedule(**facts)


def service(**overrides: object) -> ServiceNeeds:
    fields: dict[str, object] = {
        "service_id": "botox",
        "duration_minutes": 60,
        "qualified_staff_ids": frozenset({LEE}),
        "name": "Botox",
    }
    fields.update(overrides)
    return ServiceNeeds(**fields)


def starts(slots: list[Slot], tz: str = NY) -> list[str]:
    return [local(slot.start, tz) for slot in slots]


def offered(
    sched: Schedule, needs: ServiceNeeds, day: date = MONDAY, **kwargs: object
) -> list[Slot]:
    return find_slots(sched, needs, first_day=day, last_day=day, now=NOW, **kwargs)


def check(
    sched: Schedule,
    needs: ServiceNeeds,
    start: datetime,
    staff: str = LEE,
    room: str | None = None,
    machine: str | None = None,
    **kwargs: object,
) -> list[str]:
    problems = check_booking(
        sched,
        needs,
        start=start,
        staff_id=staff,
        room_id=room,
        machine_id=machine,
        now=kwargs.pop("now", NOW),
        staff_names=NAMES,
        **kwargs,
    )
    return [problem.code for problem in problems]


def test_an_open_shift_is_offered_on_the_grid_with_the_slot_inside_the_hours():
    slots = offered(schedule(works(LEE, MONDAY, "09:00", "12:00")), service())
    assert starts(slots) == ["09:00", "09:30", "10:00", "10:30", "11:00"]
    assert all(slot.end - slot.start == timedelta(minutes=60) for slot in slots)
    assert {(s.staff_id, s.room_id, s.machine_id, s.service_id) for s in slots} == {
        (LEE, None, None, "botox")
    }


def test_buffers_block_the_neighbouring_slot():
    taken = busy(LEE, MONDAY, "11:00", "12:00")
    sched = schedule(works(LEE, MONDAY, "09:00", "14:00"), busy=(taken,))
    needs = service(buffer_before_minutes=15, buffer_after_minutes=15)
    # 10:00-11:00 needs Lee until 11:15 and 12:00 needs her from 11:45: both clash.
    assert starts(offered(sched, needs)) == ["09:00", "09:30", "12:30", "13:00"]


def test_buffers_may_fall_outside_the_working_hours():
    needs = service(buffer_before_minutes=15, buffer_after_minutes=15)
    slots = offered(schedule(works(LEE, MONDAY, "09:00", "10:00")), needs)
    assert starts(slots) == ["09:00"]


def test_unqualified_staff_are_never_offered():
    sched = schedule(works(LEE, MONDAY, "09:00", "11:00"), works(KIM, MONDAY, "09:00", "11:00"))
    slots = offered(sched, service())
    assert {slot.staff_id for slot in slots} == {LEE}
    assert offered(sched, service(), staff_id=KIM) == []
    assert check(sched, service(), at(MONDAY, "09:00"), staff=KIM) == ["not_qualified"]


def test_a_service_nobody_is_qualified_for_has_no_slots():
    sched = schedule(works(LEE, MONDAY, "09:00", "17:00"))
    assert offered(sched, service(qualified_staff_ids=frozenset())) == []


def test_a_service_without_a_duration_cannot_be_booked():
    sched = schedule(works(LEE, MONDAY, "09:00", "17:00"))
    assert offered(sched, service(duration_minutes=0)) == []
    assert check(sched, service(duration_minutes=0), at(MONDAY, "09:00")) == ["bad_duration"]


def test_time_off_removes_those_hours():
    off = busy(LEE, MONDAY, "10:00", "12:00", appointment=None, label="dentist")
    sched = schedule(works(LEE, MONDAY, "09:00", "13:00"), busy=(off,))
    assert starts(offered(sched, service())) == ["09:00", "12:00"]
    assert check(sched, service(), at(MONDAY, "10:30")) == ["time_off"]


def test_a_location_closure_blocks_everybody():
    closure = Span(at(MONDAY, "12:00"), at(MONDAY, "14:00"))
    shifts = (works(LEE, MONDAY, "11:00", "15:00"), works(KIM, MONDAY, "11:00", "15:00"))
    sched = schedule(*shifts, closed=(closure,))
    slots = offered(sched, service(qualified_staff_ids=frozenset({LEE, KIM})))
    assert sorted(set(starts(slots))) == ["11:00", "14:00"]
    assert check(sched, service(), at(MONDAY, "13:00")) == ["closed"]


def test_a_shift_outside_its_effective_dates_is_not_worked():
    old = works(LEE, MONDAY, "09:00", "10:00", effective_to=MONDAY - timedelta(days=1))
    new = Shift(LEE, 0, minutes("14:00"), minutes("15:00"), MONDAY)
    assert starts(offered(schedule(old, new), service())) == ["14:00"]


def test_a_split_shift_offers_slots_only_in_its_two_parts():
    sched = schedule(works(LEE, MONDAY, "09:00", "11:00"), works(LEE, MONDAY, "14:00", "16:00"))
    assert starts(offered(sched, service())) == [
        "09:00",
        "09:30",
        "10:00",
        "14:00",
        "14:30",
        "15:00",
    ]
    assert check(sched, service(), at(MONDAY, "10:30")) == ["outside_hours"]


def test_a_shift_may_run_until_midnight():
    sched = schedule(works(LEE, MONDAY, "22:00", "24:00"))
    assert starts(offered(sched, service())) == ["22:00", "22:30", "23:00"]


def test_the_first_free_room_of_the_needed_kind_is_assigned():
    rooms = (
        Resource("r-laser", "laser suite"),
        Resource("r1", "treatment"),
        Resource("r2", "treatment"),
    )
    taken = busy("r1", MONDAY, "09:00", "10:00")
    sched = schedule(works(LEE, MONDAY, "09:00", "11:00"), rooms=rooms, busy=(taken,))
    slots = offered(sched, service(room_kind="treatment"))
    assert [(local(s.start), s.room_id) for s in slots] == [
        ("09:00", "r2"),
        ("09:30", "r2"),
        ("10:00", "r1"),
    ]
    assert assign_resources(sched, service(room_kind="treatment"), at(MONDAY, "09:00")) == (
        "r2",
        None,
    )


def test_when_every_room_of_the_kind_is_taken_no_slot_is_offered():
    rooms = (
        Resource("r1", "treatment", "Room 1"),
        Resource("r2", "treatment", "Room 2"),
        Resource("r3", "facial"),
    )
    taken = (busy("r1", MONDAY, "09:00", "10:00"), busy("r2", MONDAY, "09:00", "10:00", "a2"))
    sched = schedule(works(LEE, MONDAY, "09:00", "11:00"), rooms=rooms, busy=taken)
    needs = service(room_kind="treatment")
    assert starts(offered(sched, needs)) == ["10:00"]
    assert assign_resources(sched, needs, at(MONDAY, "09:00")) is None
    assert check(sched, needs, at(MONDAY, "09:00")) == ["no_room"]
    assert check(sched, needs, at(MONDAY, "09:00"), room="r1") == ["room_busy"]
    assert check(sched, needs, at(MONDAY, "09:00"), room="r3") == ["no_room"]


def test_a_laser_booked_by_one_practitioner_is_not_offered_to_another():
    laser = Resource("laser-1", "laser", "GentleMax")
    taken = (busy(LEE, MONDAY, "10:00", "11:00"), busy("laser-1", MONDAY, "10:00", "11:00"))
    sched = schedule(
        works(LEE, MONDAY, "09:00", "12:00"),
        works(KIM, MONDAY, "09:00", "12:00"),
        machines=(laser,),
        busy=taken,
    )
    needs = service(machine_kind="laser", qualified_staff_ids=frozenset({LEE, KIM}))
    slots = offered(sched, needs, staff_id=KIM)
    assert starts(slots) == ["09:00", "11:00"]
    assert {slot.machine_id for slot in slots} == {"laser-1"}
    assert check(sched, needs, at(MONDAY, "10:00"), staff=KIM) == ["no_machine"]
    assert check(sched, needs, at(MONDAY, "10:00"), staff=KIM, machine="laser-1") == [
        "machine_busy"
    ]


def test_a_moved_appointment_keeps_its_own_room_when_it_is_still_free():
    rooms = (Resource("r1", "treatment"), Resource("r2", "treatment"))
    sched = schedule(works(LEE, MONDAY, "09:00", "11:00"), rooms=rooms)
    needs = service(room_kind="treatment")
    assert assign_resources(sched, needs, at(MONDAY, "09:00"), prefer=("r2", None)) == ("r2", None)


def test_minimum_notice_hides_slots_that_are_too_soon():
    sched = schedule(works(LEE, MONDAY, "09:00", "13:00"), min_notice_minutes=120)
    now = at(MONDAY, "08:45")
    slots = find_slots(sched, service(), first_day=MONDAY, last_day=MONDAY, now=now)
    assert starts(slots) == ["11:00", "11:30", "12:00"]
    assert check(sched, service(), at(MONDAY, "10:30"), now=now) == ["too_soon"]
    (too_soon,) = check_booking(
        sched,
        service(),
        start=at(MONDAY, "10:30"),
        staff_id=LEE,
        room_id=None,
        machine_id=None,
        now=now,
    )
    assert too_soon.message == "Bookings need 2 hours' notice; the earliest start now is 10:45."
    assert check(sched, service(), at(MONDAY, "09:00"), now=at(MONDAY, "09:10")) == ["in_past"]


def test_slots_beyond_the_booking_horizon_are_not_offered():
    shifts = [works(LEE, MONDAY + timedelta(days=n), "09:00", "10:00") for n in range(7)]
    sched = schedule(*shifts, horizon_days=2)
    now = at(MONDAY, "08:00")
    slots = find_slots(sched, service(), first_day=MONDAY, last_day=MONDAY + timedelta(6), now=now)
    assert [slot.start for slot in slots] == [at(MONDAY + timedelta(n), "09:00") for n in range(3)]
    far = at(MONDAY + timedelta(days=3), "09:00")
    assert check(sched, service(), far, now=now) == ["too_far_ahead"]


@pytest.mark.parametrize(
    ("tz", "change_day"),
    [
        (NY, date(2026, 3, 8)),
        (NY, date(2026, 11, 1)),
        (LONDON, date(2026, 3, 29)),
        (LONDON, date(2026, 10, 25)),
    ],
)
def test_working_hours_keep_their_local_times_across_daylight_saving_changes(tz, change_day):
    week_before = change_day - timedelta(days=7)
    sched = schedule(works(LEE, change_day, "09:00", "12:00"), time_zone=tz)
    before = find_slots(sched, service(), first_day=week_before, last_day=week_before, now=NOW)
    on_the_day = find_slots(sched, service(), first_day=change_day, last_day=change_day, now=NOW)
    assert (
        starts(on_the_day, tz)
        == starts(before, tz)
        == ["09:00", "09:30", "10:00", "10:30", "11:00"]
    )
    assert on_the_day[0].start - before[0].start != timedelta(days=7)  # the UTC offset moved


def test_a_wall_time_skipped_at_spring_forward_is_never_offered():
    spring = date(2026, 3, 8)
    sched = schedule(works(LEE, spring, "00:00", "05:00"), grid_minutes=30)
    slots = find_slots(sched, service(), first_day=spring, last_day=spring, now=NOW)
    assert starts(slots) == ["00:00", "00:30", "01:00", "01:30", "03:00", "03:30", "04:00"]
    # 01:30 EST plus one real hour is 03:30 EDT: the service still takes sixty minutes.
    assert local(slots[3].end) == "03:30"


def test_an_hour_repeated_at_fall_back_is_offered_once():
    autumn = date(2026, 11, 1)
    sched = schedule(works(LEE, autumn, "00:00", "03:00"), grid_minutes=30)
    slots = find_slots(sched, service(), first_day=autumn, last_day=autumn, now=NOW)
    assert starts(slots) == ["00:00", "00:30", "01:00", "01:30", "02:00"]
    # The working day is four real hours long; the slots are the first occurrence of 1:xx.
    assert at(autumn, "01:30") == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert slots[3].start == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_a_shift_starting_in_the_skipped_hour_starts_when_the_clock_jumps():
    spring = date(2026, 3, 8)
    sched = schedule(works(LEE, spring, "02:30", "05:00"))
    slots = find_slots(sched, service(), first_day=spring, last_day=spring, now=NOW)
    assert starts(slots) == ["03:00", "03:30", "04:00"]


def test_check_booking_accepts_a_start_off_the_grid_and_the_repeated_hour():
    autumn = date(2026, 11, 1)
    sched = schedule(works(LEE, autumn, "00:00", "03:00"))
    assert check(sched, service(), at(autumn, "00:10")) == []
    second_half_past_one = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST
    assert check(sched, service(), second_half_past_one) == []


def test_an_appointment_can_be_moved_onto_its_own_old_time():
    own = busy(LEE, MONDAY, "10:00", "11:00", appointment="moving")
    sched = schedule(works(LEE, MONDAY, "10:00", "11:00"), busy=(own,))
    assert offered(sched, service()) == []
    moved = offered(sched, service(), exclude_appointment_ids=frozenset({"moving"}))
    assert starts(moved) == ["10:00"]
    assert (
        check(sched, service(), at(MONDAY, "10:00"), exclude_appointment_ids=frozenset({"moving"}))
        == []
    )


def test_any_practitioner_lists_each_free_practitioner_per_start_in_staff_order():
    shifts = (works(KIM, MONDAY, "09:00", "11:00"), works(LEE, MONDAY, "09:00", "11:00"))
    sched = schedule(*shifts, busy=(busy(KIM, MONDAY, "09:00", "10:00"),))
    needs = service(qualified_staff_ids=frozenset({LEE, KIM}))
    slots = offered(sched, needs)
    assert [(local(s.start), s.staff_id) for s in slots] == [
        ("09:00", LEE),
        ("09:30", LEE),
        ("10:00", KIM),
        ("10:00", LEE),
    ]


def test_a_visit_with_one_practitioner_runs_back_to_back():
    sched = schedule(works(LEE, MONDAY, "09:00", "12:00"))
    facial = service(service_id="facial", duration_minutes=30, buffer_before_minutes=15)
    botox = service(buffer_after_minutes=15)
    visits = find_visit_slots(
        sched, [(facial, LEE), (botox, LEE)], first_day=MONDAY, last_day=MONDAY, now=NOW
    )
    assert [local(v.start) for v in visits] == ["09:00", "09:30", "10:00", "10:30"]
    first = visits[0]
    assert first.legs[0].end == first.legs[1].start
    assert [leg.staff_id for leg in first.legs] == [LEE, LEE]
    assert local(first.end) == "10:30"


def test_a_visit_can_switch_practitioners_between_services():
    shifts = (works(LEE, MONDAY, "09:00", "10:00"), works(KIM, MONDAY, "10:00", "11:00"))
    sched = schedule(*shifts)
    botox = service()
    laser = service(service_id="laser", qualified_staff_ids=frozenset({KIM}))
    visits = find_visit_slots(
        sched, [(botox, None), (laser, None)], first_day=MONDAY, last_day=MONDAY, now=NOW
    )
    assert [[(local(leg.start), leg.staff_id) for leg in v.legs] for v in visits] == [
        [("09:00", LEE), ("10:00", KIM)]
    ]


def test_a_visit_prefers_to_carry_on_with_the_same_practitioner():
    shifts = (works(KIM, MONDAY, "09:00", "12:00"), works(LEE, MONDAY, "09:00", "12:00"))
    sched = schedule(*shifts, busy=(busy(KIM, MONDAY, "09:00", "10:00"),))
    both = frozenset({LEE, KIM})
    legs = [(service(qualified_staff_ids=both), None), (service(qualified_staff_ids=both), None)]
    visits = find_visit_slots(sched, legs, first_day=MONDAY, last_day=MONDAY, now=NOW)
    assert [[leg.staff_id for leg in v.legs] for v in visits] == [
        [LEE, LEE],
        [LEE, LEE],
        [KIM, KIM],
    ]


def test_a_visit_is_not_offered_when_a_later_service_clashes():
    sched = schedule(
        works(LEE, MONDAY, "09:00", "12:00"), busy=(busy(LEE, MONDAY, "10:30", "11:00"),)
    )
    legs = [(service(duration_minutes=30), LEE), (service(duration_minutes=30), LEE)]
    visits = find_visit_slots(sched, legs, first_day=MONDAY, last_day=MONDAY, now=NOW)
    assert [local(v.start) for v in visits] == ["09:00", "09:30", "11:00"]


def test_a_visit_is_not_offered_when_the_location_closes_during_a_later_service():
    closure = Span(at(MONDAY, "10:00"), at(MONDAY, "11:00"))
    sched = schedule(works(LEE, MONDAY, "09:00", "12:00"), closed=(closure,))
    legs = [(service(duration_minutes=30), LEE), (service(duration_minutes=30), LEE)]
    visits = find_visit_slots(sched, legs, first_day=MONDAY, last_day=MONDAY, now=NOW)
    assert [local(v.start) for v in visits] == ["09:00", "11:00"]


def test_check_booking_names_the_clashing_appointment_in_local_time():
    taken = busy(
        LEE, MONDAY, "10:00", "11:00", appointment="a7", label="appointment 10:00–11:00 (Botox)"
    )
    sched = schedule(works(LEE, MONDAY, "09:00", "17:00"), busy=(taken,))
    problems = check_booking(
        sched,
        service(),
        start=at(MONDAY, "10:30"),
        staff_id=LEE,
        room_id=None,
        machine_id=None,
        now=NOW,
        staff_names=NAMES,
    )
    assert [(p.code, p.message, p.appointment_id) for p in problems] == [
        ("staff_busy", "Dr Lee already has an appointment 10:00–11:00 (Botox).", "a7")
    ]


def test_check_booking_reports_every_problem_in_words():
    off = busy(LEE, MONDAY, "18:00", "20:00", appointment=None, label="course")
    rooms = (Resource("r1", "treatment", "Room 1"),)
    sched = schedule(
        works(LEE, MONDAY, "09:00", "17:00"),
        rooms=rooms,
        busy=(off, busy("r1", MONDAY, "18:00", "19:00", label="appointment 18:00–19:00 (Peel)")),
    )
    needs = service(room_kind="treatment")
    problems = check_booking(
        sched,
        needs,
        start=at(MONDAY, "18:30"),
        staff_id=KIM,
        room_id="r1",
        machine_id=None,
        now=NOW,
        staff_names=NAMES,
    )
    assert [(p.code, p.message) for p in problems] == [
        ("not_qualified", "Nurse Kim is not qualified to perform Botox."),
        ("outside_hours", "Nurse Kim does not work on Mon 1 Jun."),
        ("room_busy", "Room 1 is already in use for an appointment 18:00–19:00 (Peel)."),
    ]
    lee = check_booking(
        sched,
        needs,
        start=at(MONDAY, "18:30"),
        staff_id=LEE,
        room_id=None,
        machine_id=None,
        now=NOW,
        staff_names=NAMES,
    )
    assert [p.message for p in lee] == [
        "Dr Lee works 09:00–17:00 on Mon 1 Jun, so 18:30–19:30 is outside their hours.",
        "Dr Lee is away 18:00–20:00: course.",
        "No treatment room is free 18:30–19:30.",
    ]


def test_schedule_refuses_an_unknown_time_zone_and_a_shift_over_midnight():
    with pytest.raises(ValueError, match="Nowhere"):
        schedule(time_zone="Europe/Nowhere")
    with pytest.raises(ValueError, match="split"):
        Shift(LEE, 0, minutes("22:00"), minutes("02:00"), MONDAY)
    with pytest.raises(ValueError, match="aware"):
        Span(datetime(2026, 6, 1, 9), datetime(2026, 6, 1, 10))


def test_touching_spans_do_not_overlap():
    nine, ten, eleven = (at(MONDAY, c) for c in ("09:00", "10:00", "11:00"))
    assert not Span(nine, ten).overlaps(Span(ten, eleven))
    assert Span(nine, eleven).overlaps(Span(ten, ten + timedelta(minutes=1)))
    assert dataclasses.replace(Span(nine, ten)).overlaps(Span(nine, ten))


def test_a_booking_read_in_bulk_is_the_same_busy_time_and_words_its_label_only_when_read():
    eager = busy(LEE, MONDAY, "10:00", "11:00", label="an appointment 10:00–11:00 (Peel)")
    worded: list[str] = []

    def label() -> str:
        worded.append("once")
        return "an appointment 10:00–11:00 (Peel)"

    lazy = Busy.booked(LEE, eager.ticks, eager.appointment_id, label)
    free = offered(schedule(works(LEE, MONDAY, "09:00", "12:00"), busy=(lazy,)), service())
    assert starts(free) == ["09:00", "11:00"]
    assert worded == []  # a search never words a label
    assert lazy == eager and hash(lazy) == hash(eager) and lazy.span == eager.span
    assert lazy.label == eager.label and worded == ["once"]
