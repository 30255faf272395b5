"""Set-up for the calendar benchmark: the demo clinic plus a busy 20-practitioner location.

``seed_bench_location(store, day, history_days)`` adds to an existing demo clinic (its
organisation and service menu) a location "Bench Plaza" with 20 practitioners working
8:00-20:00 every day, six treatment rooms, two laser rooms and two lasers, and 300
appointments on each day of the week from ``day`` (15 per practitioner, back to back with
short gaps). ``history_days`` adds that many earlier days of completed bookings at the same
location (60 a day), so the location's own indexes are as deep as ten years of a busy
clinic would make them. Rows go in with the demo clinic's bulk writer.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from medspa_desktop.domain.ids import new_id
from medspa_desktop.services.demo.rows import RowWriter, SeededIds
from medspa_desktop.store import models as m
from medspa_desktop.store.database import Store

ZONE = "America/New_York"
PRACTITIONERS = 20
PER_PRACTITIONER = 15
HISTORY_PER_DAY = 60


@dataclass(frozen=True)
class BenchLocation:
    location_id: str
    staff_ids: tuple[str, ...]
    service_id: str
    """A 60-minute service every practitioner may perform (the availability search's)."""
    day: dt.date


def seed_bench_location(store: Store, day: dt.date, history_days: int) -> BenchLocation:
    rng = random.Random(7)
    with store.uow() as uow:
        session = uow.session
        org_id = session.scalar(select(m.Organisation.id))
        services = session.execute(
            select(m.ServiceItem.id, m.ServiceItem.duration_minutes, m.ServiceCategory.code)
            .join(m.ServiceCategory, m.ServiceCategory.id == m.ServiceItem.category_id)
            .where(m.ServiceItem.active.is_(True))
        ).all()
        clients = list(session.scalars(select(m.Client.id).limit(3000)))
        assert org_id and services and clients, "the demo clinic must be created first"
        start = dt.datetime.combine(day - dt.timedelta(days=history_days + 30), dt.time(), dt.UTC)
        writer = RowWriter(session, ids=SeededIds(11), org_id=org_id, start=start)
        writer.org_id = org_id
        location = writer.add(
            m.Location, start, name="Bench Plaza", time_zone=ZONE, grid_minutes=15, active=True
        )["id"]
        codes = sorted({code for _, _, code in services})
        staff = _practitioners(writer, location, codes, start)
        for service_id, _, _ in services:
            for person in staff:
                writer.add(m.ServiceQualifiedStaff, start, service_id=service_id, staff_id=person)
        for n in range(6):
            writer.add(m.Room, start, location_id=location, name=f"Room {n + 1}", kind="treatment")
        for n in range(2):
            writer.add(m.Room, start, location_id=location, name=f"Laser {n + 1}", kind="laser")
            writer.add(m.Machine, start, location_id=location, name=f"Laser {n + 1}", kind="laser")
        plain = [(sid, minutes) for sid, minutes, _ in services if minutes <= 45]
        for offset in range(-history_days, 7):
            when = day + dt.timedelta(days=offset)
            count = PER_PRACTITIONER if offset >= 0 else HISTORY_PER_DAY // PRACTITIONERS
            _day_of_bookings(writer, location, staff, plain, clients, when, count, rng)
        writer.flush()
        uow.commit()
    hour = next(sid for sid, minutes, _ in services if minutes == 60)
    return BenchLocation(location, tuple(staff), hour, day)


def _practitioners(
    writer: RowWriter, location: str, codes: list[str], at: dt.datetime
) -> list[str]:
    staff = []
    for n in range(PRACTITIONERS):
        row = writer.add(
            m.Staff,
            at,
            username=f"bench{n:02d}",
            display_name=f"Practitioner {n + 1:02d}",
            role="practitioner",
            qualifications=codes,
            active=True,
            calendar_colour="#5b7db1",
        )
        writer.add(m.StaffLocation, at, staff_id=row["id"], location_id=location)
        for weekday in range(7):
            writer.add(
                m.WorkingHours,
                at,
                staff_id=row["id"],
                location_id=location,
                weekday=weekday,
                start_minute=8 * 60,
                end_minute=20 * 60,
                effective_from=at.date(),
                effective_to=None,
            )
        staff.append(row["id"])
    return staff


def _day_of_bookings(
    writer: RowWriter,
    location: str,
    staff: list[str],
    services: list[tuple[str, int]],
    clients: list[str],
    day: dt.date,
    per_person: int,
    rng: random.Random,
) -> None:
    zone = ZoneInfo(ZONE)
    opening = dt.datetime.combine(day, dt.time(8), zone).astimezone(dt.UTC)
    for person in staff:
        at = opening
        for _ in range(per_person):
            service_id, minutes = rng.choice(services)
            at += dt.timedelta(minutes=rng.choice((0, 0, 5, 10)))
            ends = at + dt.timedelta(minutes=minutes)
            writer.add(
                m.Appointment,
                at - dt.timedelta(days=7),
                location_id=location,
                client_id=rng.choice(clients),
                staff_id=person,
                service_id=service_id,
                starts_at=at,
                ends_at=ends,
                status="booked" if day >= dt.date.today() else "completed",
                visit_id=new_id(),
            )
            at = ends
