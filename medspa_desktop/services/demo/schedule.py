"""Fill each practitioner's shifts with bookings that never overlap a person or resource."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from medspa_desktop.services.demo.clients import ClientPicker, Profile
from medspa_desktop.services.demo.clinic import Clinic, Person, Place, Treatment

GRID = 15
LOOKAHEAD_DAYS = 21


@dataclass(slots=True)
class Booking:
    """One planned appointment; ``visit`` groups services booked back to back."""

    place: Place
    person: Person
    treatment: Treatment
    client: Profile
    starts_at: dt.datetime
    ends_at: dt.datetime
    room_id: str
    machine_id: str | None
    visit: int
    day: dt.date
    end_minute: int
    """Minutes from local midnight, for planning the rest of the day."""


@dataclass
class _Day:
    place: Place
    day: dt.date
    midnight: dt.datetime
    room_free: dict[str, int]
    machine_free: dict[str, int]
    client_busy: dict[int, int]
    booked: list[Booking]


def plan_bookings(
    clinic: Clinic,
    rng: random.Random,
    pickers: list[ClientPicker],
    days: tuple[dt.date, dt.date],
    demand: float,
) -> Iterator[Booking]:
    """Bookings from ``days[0]`` to ``days[1]`` plus three weeks ahead, in time order per
    day and location. ``demand`` (0-1) scales how full the diary is; today is always busy
    enough that the calendar opens on real work."""
    first, today = days
    visits = itertools.count(1)
    day = first
    while day <= today + dt.timedelta(days=LOOKAHEAD_DAYS):
        ahead = (day - today).days
        occupancy = demand * (0.72 if ahead < 0 else max(0.2, 0.8 - 0.03 * ahead))
        if ahead == 0:
            occupancy = max(occupancy, 0.5)
        for place, picker in zip(clinic.places, pickers, strict=True):
            yield from _plan_day(place, picker, rng, day, occupancy, visits)
        day += dt.timedelta(days=1)


def _plan_day(
    place: Place,
    picker: ClientPicker,
    rng: random.Random,
    day: dt.date,
    occupancy: float,
    visits: Iterator[int],
) -> Iterator[Booking]:
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=place.tz)
    state = _Day(
        place,
        day,
        midnight,
        {r: 0 for ids in place.rooms.values() for r in ids},
        {mc: 0 for ids in place.machines.values() for mc in ids},
        {},
        [],
    )
    queue = [
        (p.spec.start_hour * 60, n, p)
        for n, p in enumerate(place.staff("practitioner"))
        if day.weekday() in p.spec.weekdays
    ]
    heapq.heapify(queue)
    while queue:
        minute, n, person = heapq.heappop(queue)
        client = _free_client(picker, rng, state, minute) if rng.random() < occupancy else None
        end = _book_visit(state, person, client, rng, minute, next(visits)) if client else None
        next_minute = -(-end // GRID) * GRID if end else minute + rng.choice((15, 30, 45))
        if next_minute < person.spec.end_hour * 60:
            heapq.heappush(queue, (next_minute, n, person))
    yield from state.booked


def _book_visit(
    state: _Day, person: Person, client: Profile, rng: random.Random, minute: int, visit: int
) -> int | None:
    """Book one service, sometimes a second straight after; the minute the practitioner is
    free again, or ``None`` when nothing fitted."""
    free_from = None
    while True:
        booking = _try_book(state, person, client, rng, minute, visit)
        if booking is None:
            return free_from
        state.booked.append(booking)
        minute = booking.end_minute
        free_from = minute + booking.treatment.spec.after
        state.client_busy[client.index] = minute
        if rng.random() > 0.12:
            return free_from


def _try_book(
    state: _Day, person: Person, client: Profile, rng: random.Random, minute: int, visit: int
) -> Booking | None:
    weights = [t.spec.weight for t in person.treatments]
    for treatment in rng.choices(person.treatments, weights, k=3):
        spec = treatment.spec
        end = minute + spec.minutes
        if end > person.spec.end_hour * 60:
            continue
        room = _free(state.room_free, state.place.rooms.get(spec.room, []), minute - spec.before)
        machine = (
            _free(
                state.machine_free, state.place.machines.get(spec.machine, []), minute - spec.before
            )
            if spec.machine
            else None
        )
        if room is None or (spec.machine and machine is None):
            continue
        state.room_free[room] = end + spec.after
        if machine:
            state.machine_free[machine] = end + spec.after
        return Booking(
            state.place,
            person,
            treatment,
            client,
            _utc(state, minute),
            _utc(state, end),
            room,
            machine,
            visit,
            state.day,
            end,
        )
    return None


def _free(free_at: dict[str, int], candidates: list[str], needed_from: int) -> str | None:
    return next((c for c in candidates if free_at[c] <= needed_from), None)


def _free_client(
    picker: ClientPicker, rng: random.Random, state: _Day, minute: int
) -> Profile | None:
    for _ in range(6):
        client = picker.pick(rng)
        if state.client_busy.get(client.index, 0) <= minute:
            return client
    return None


def _utc(state: _Day, minute: int) -> dt.datetime:
    # NOTE: adding to a local time counts wall-clock minutes, so shifts keep their local
    # hours across daylight-saving changes; only then convert to UTC.
    return (state.midnight + dt.timedelta(minutes=minute)).astimezone(dt.UTC)
