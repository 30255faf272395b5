"""What the calendar shows: a location's day by practitioner or by room and machine, and a
practitioner's week. Reads only the window shown (indexed by location or staff and start),
so the cost does not grow with the years of history in the database.

Public API (off the GUI thread; results are frozen):

- ``CalendarDay(location_id, day, by="staff")`` -> ``calendar_day(query, *, uow, actor)
  -> CalendarView`` (``by="resources"``: rooms then machines as columns).
- ``CalendarWeek(location_id, staff_id, first_day)`` -> ``calendar_week(...) -> CalendarView``
  (one column per day).

Cards carry the client's name, the service, its colour and status, and flags the front desk
must see at a glance: ``new_client``, ``allergy``, ``unpaid_deposit``, ``conflict``,
``notes``, ``online``. Allergies show as a flag only; the text stays in the client record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.calendar_rows import (
    CalendarCard,
    CalendarColumn,
    CardFacts,
    cards_between,
    resource_columns,
    staff_columns,
)
from medspa_desktop.services.schedule_facts import get_location
from medspa_desktop.store.uow import UnitOfWork

__all__ = [
    "CalendarCard",
    "CalendarColumn",
    "CalendarDay",
    "CalendarView",
    "CalendarWeek",
    "calendar_day",
    "calendar_week",
]

STAFF, RESOURCES = "staff", "resources"


@dataclass(frozen=True)
class CalendarDay:
    location_id: str
    day: dt.date
    by: str = STAFF


@dataclass(frozen=True)
class CalendarWeek:
    location_id: str
    staff_id: str
    first_day: dt.date


@dataclass(frozen=True)
class CalendarView:
    location_id: str
    time_zone: str
    grid_minutes: int
    first_day: dt.date
    days: int
    columns: tuple[CalendarColumn, ...]
    cards: tuple[CalendarCard, ...]
    """Each card's ``column`` is the key of one of ``columns``."""


def calendar_day(query: CalendarDay, *, uow: UnitOfWork, actor: Actor) -> CalendarView:
    authorize(uow, actor, Action.APPOINTMENT_VIEW, entity="appointment")
    location = get_location(uow.session, query.location_id, actor.org_id)
    zone = ZoneInfo(location.time_zone)
    start, end = _local_window(query.day, 1, zone)
    if query.by == RESOURCES:
        cards = cards_between(uow.session, location, start, end, zone, _room_and_machine)
        columns = resource_columns(uow.session, location, query.day, zone)
    else:
        cards = cards_between(uow.session, location, start, end, zone, _practitioner)
        busy = {c.staff_id for c in cards}
        columns = staff_columns(uow.session, location, query.day, zone, busy=busy)
    return CalendarView(
        location.id, location.time_zone, location.grid_minutes, query.day, 1, columns, tuple(cards)
    )


def calendar_week(query: CalendarWeek, *, uow: UnitOfWork, actor: Actor) -> CalendarView:
    authorize(uow, actor, Action.APPOINTMENT_VIEW, entity="appointment")
    location = get_location(uow.session, query.location_id, actor.org_id)
    zone = ZoneInfo(location.time_zone)
    start, end = _local_window(query.first_day, 7, zone)
    cards = cards_between(uow.session, location, start, end, zone, _day, staff_id=query.staff_id)
    columns = []
    for offset in range(7):
        day = query.first_day + dt.timedelta(days=offset)
        found = staff_columns(uow.session, location, day, zone, only=query.staff_id)
        working = found[0].working if found else ()
        away = found[0].away if found else ()
        columns.append(CalendarColumn(day.isoformat(), day.strftime("%a %d %b"), "", working, away))
    return CalendarView(
        location.id, location.time_zone, location.grid_minutes, query.first_day, 7,
        tuple(columns), tuple(cards),
    )  # fmt: skip


def _practitioner(card: CardFacts) -> tuple[str, ...]:
    return (card.staff_id,)


def _room_and_machine(card: CardFacts) -> tuple[str, ...]:
    return tuple(key for key in (card.room_id, card.machine_id) if key)


def _day(card: CardFacts) -> tuple[str, ...]:
    return (card.local_day.isoformat(),)


def _local_window(first: dt.date, days: int, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(first, dt.time(), zone)
    end = dt.datetime.combine(first + dt.timedelta(days=days), dt.time(), zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)
