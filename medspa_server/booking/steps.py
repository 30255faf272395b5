"""What each step of the booking page offers: practitioners, days with free times, times.

Public API (inside a read session; any thread that owns it). Results are plain frozen values
for the templates: times and practitioners' display names, nothing about any client.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from medspa_server.booking.clinic import Clinic, Treatment
from medspa_server.booking.facts import load_schedule, staff_names
from medspa_server.booking.forms import start_text
from medspa_server.booking.openings import free_times
from medspa_server.booking.words import Words, part_of_day

DAYS_SHOWN = 14
ANY = "any"


@dataclass(frozen=True)
class Person:
    id: str
    name: str


@dataclass(frozen=True)
class DayOption:
    value: str
    label: str
    times: int


@dataclass(frozen=True)
class TimeOption:
    value: str
    label: str
    part: str
    """``Morning``, ``Afternoon`` or ``Evening``."""


@dataclass(frozen=True)
class DayWindow:
    """The days one page of the day step shows, and where the earlier and later pages start."""

    days: tuple[DayOption, ...]
    earlier: str | None
    later: str | None


def bookable_days(clinic: Clinic, now: dt.datetime) -> tuple[dt.date, dt.date]:
    """The first and last local day online bookings may be made for."""
    today = Words(clinic.time_zone, clinic.country).local(now).date()
    return today, today + dt.timedelta(days=clinic.horizon_days)


def practitioners(session: Session, clinic: Clinic, treatment: Treatment) -> list[Person]:
    """Who may perform ``treatment`` here, by display name."""
    names = staff_names(session, clinic, treatment.needs.qualified_staff_ids)
    people = [Person(staff_id, name) for staff_id, name in names.items() if name]
    return sorted(people, key=lambda person: (person.name.casefold(), person.id))


def day_window(
    session: Session,
    clinic: Clinic,
    treatment: Treatment,
    staff_id: str | None,
    first: dt.date,
    now: dt.datetime,
) -> DayWindow:
    """Up to ``DAYS_SHOWN`` days from ``first``, each with its number of free times."""
    today, last_bookable = bookable_days(clinic, now)
    first = min(max(first, today), last_bookable)
    last = min(first + dt.timedelta(days=DAYS_SHOWN - 1), last_bookable)
    schedule = load_schedule(session, clinic, first, last)
    slots = free_times(
        schedule, treatment.needs, staff_id=staff_id, first_day=first, last_day=last, now=now
    )
    words = Words(clinic.time_zone, clinic.country)
    counts: dict[dt.date, int] = {}
    for slot in slots:
        day = words.local(slot.start).date()
        counts[day] = counts.get(day, 0) + 1
    days = tuple(
        DayOption(day.isoformat(), words.day(day), counts.get(day, 0)) for day in _days(first, last)
    )
    earlier = max(today, first - dt.timedelta(days=DAYS_SHOWN)) if first > today else None
    later = last + dt.timedelta(days=1) if last < last_bookable else None
    return DayWindow(days, _iso(earlier), _iso(later))


def time_options(
    session: Session,
    clinic: Clinic,
    treatment: Treatment,
    staff_id: str | None,
    day: dt.date,
    now: dt.datetime,
) -> list[TimeOption]:
    """The free start times on one local day."""
    schedule = load_schedule(session, clinic, day, day)
    slots = free_times(
        schedule, treatment.needs, staff_id=staff_id, first_day=day, last_day=day, now=now
    )
    words = Words(clinic.time_zone, clinic.country)
    return [
        TimeOption(
            start_text(slot.start), words.time(slot.start), part_of_day(words.local(slot.start))
        )
        for slot in slots
    ]


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
