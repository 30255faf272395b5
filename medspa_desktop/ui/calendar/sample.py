"""A made-up busy day as the calendar service would return it, without any database: for
``bench/calendar.py`` (build and paint a full day) and for the calendar's own tests.
Any thread.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.services.calendar import CalendarCard, CalendarColumn, CalendarView

SERVICES = (("Botox", "#c98fb1", 30), ("Dermal filler", "#8fb1c9", 45),
            ("Laser hair removal", "#9cc98f", 60), ("HydraFacial", "#e3b36b", 60),
            ("Consultation", "#b0a4d9", 15), ("Chemical peel", "#d99a8c", 30))  # fmt: skip
STATUSES = (st.BOOKED, st.BOOKED, st.CONFIRMED, st.CONFIRMED, st.CHECKED_IN, st.IN_TREATMENT,
            st.COMPLETED, st.REQUESTED, st.NO_SHOW)  # fmt: skip
ZONE = "America/New_York"
FLAGS = ("new_client", "allergy", "unpaid_deposit", "notes", "online")
NAMES = ("Ada Lovelace", "Grace Hopper", "Mary Jackson", "Katherine Johnson", "Hedy Lamarr",
         "Rosalind Franklin", "Barbara Liskov", "Frances Allen", "Radia Perlman")  # fmt: skip


def busy_day(
    practitioners: int = 20,
    appointments: int = 300,
    day: dt.date = dt.date(2025, 3, 12),
    *,
    seed: int = 4,
) -> CalendarView:
    """``practitioners`` columns working 8:00-19:00 and ``appointments`` cards spread over
    them, every status and flag among them, a few double bookings."""
    rng = random.Random(seed)
    columns = tuple(
        CalendarColumn(f"staff-{n:02d}", f"Practitioner {n + 1:02d}", "#5b7db1",
                       ((8 * 60, 19 * 60),), ((12 * 60, 12 * 60 + 30, "Lunch"),))
        for n in range(practitioners)
    )  # fmt: skip
    free = {c.key: 8 * 60 for c in columns}
    cards = []
    for n in range(appointments):
        column = columns[n % practitioners]
        length = SERVICES[n % len(SERVICES)][2]
        start = free[column.key] if rng.random() > 0.05 else max(free[column.key] - 15, 8 * 60)
        free[column.key] = start + length
        cards.append(_card(n, column, day, start, rng))
    return CalendarView("location", ZONE, 15, day, 1, columns, tuple(cards))


def _card(
    n: int, column: CalendarColumn, day: dt.date, start: int, rng: random.Random
) -> CalendarCard:
    service, colour, length = SERVICES[n % len(SERVICES)]
    at = dt.datetime.combine(day, dt.time(), ZoneInfo(ZONE)) + dt.timedelta(minutes=start)
    return CalendarCard(
        id=f"appt-{n:04d}",
        visit_id=f"visit-{n:04d}",
        column=column.key,
        staff_id=column.key,
        staff_name=column.title,
        room_id=None,
        machine_id=None,
        client_id=f"client-{n % 97}",
        client_name=NAMES[n % len(NAMES)],
        service_id=f"service-{n % len(SERVICES)}",
        service_name=service,
        colour=colour,
        status=STATUSES[rng.randrange(len(STATUSES))],
        starts_at=at,
        ends_at=at + dt.timedelta(minutes=length),
        start_minute=start,
        end_minute=start + length,
        flags=frozenset(f for f in FLAGS if rng.random() < 0.15),
    )
