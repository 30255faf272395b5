"""Recurring series: the same visit every N weeks, M times, with a report per occurrence.

Public API (off the GUI thread; results are frozen):

- ``BookSeries(visit, every_weeks, times)`` -> ``preview_series(cmd, *, uow, actor)`` (writes
  nothing) and ``book_series(cmd, *, uow, actor) -> SeriesResult``: every occurrence that is
  free is booked (all in one transaction, sharing a ``series_id``); each one that clashes is
  reported with its problems and left out, unless a manager gave ``visit.override_reason``.

Occurrences keep the local wall-clock time of the first (10:00 stays 10:00 across a
daylight-saving change).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.availability import Problem
from medspa_desktop.domain.ids import new_id
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.booking import (
    BookedVisit,
    BookVisit,
    check_command,
    plan_visit,
    write_visit,
)
from medspa_desktop.services.booking_rules import NEVER_OVERRIDDEN
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.schedule_facts import get_location
from medspa_desktop.store.uow import UnitOfWork

MAX_TIMES = 52


@dataclass(frozen=True)
class BookSeries:
    visit: BookVisit
    """The first occurrence; the others repeat it."""
    every_weeks: int
    times: int


@dataclass(frozen=True)
class Occurrence:
    starts_at: dt.datetime
    problems: tuple[Problem, ...]
    booked: BookedVisit | None = None
    """None in a preview, and for an occurrence left out because it clashes."""


@dataclass(frozen=True)
class SeriesResult:
    series_id: str
    occurrences: tuple[Occurrence, ...]

    @property
    def booked(self) -> int:
        return sum(1 for o in self.occurrences if o.booked is not None)


def preview_series(cmd: BookSeries, *, uow: UnitOfWork, actor: Actor) -> SeriesResult:
    authorize(uow, actor, Action.APPOINTMENT_BOOK, entity="appointment")
    _check(cmd)
    found = []
    for start in _starts(uow, actor, cmd):
        plans = plan_visit(uow, actor, cmd.visit, start)
        found.append(Occurrence(start, tuple(p for plan in plans for p in plan.problems)))
    return SeriesResult("", tuple(found))


def book_series(cmd: BookSeries, *, uow: UnitOfWork, actor: Actor) -> SeriesResult:
    authorize(uow, actor, Action.APPOINTMENT_BOOK, entity="appointment")
    _check(cmd)
    override = bool(cmd.visit.override_reason.strip())
    if override:
        authorize(uow, actor, Action.APPOINTMENT_OVERRIDE_DOUBLE_BOOKING, entity="appointment")
    series_id = new_id()
    visit = dataclasses.replace(cmd.visit, series_id=series_id)
    found = []
    for start in _starts(uow, actor, cmd):
        # Planned one by one after the previous occurrence was written: each sees the last.
        plans = plan_visit(uow, actor, visit, start)
        problems = tuple(p for plan in plans for p in plan.problems)
        hard = any(p.code in NEVER_OVERRIDDEN for p in problems)
        if problems and (hard or not override):
            found.append(Occurrence(start, problems))
            continue
        found.append(Occurrence(start, problems, write_visit(uow, actor, visit, plans)))
    uow.commit()
    return SeriesResult(series_id, tuple(found))


def _check(cmd: BookSeries) -> None:
    check_command(cmd.visit)
    errors = {}
    if not 1 <= cmd.every_weeks <= 52:
        errors["every_weeks"] = "Repeat every 1 to 52 weeks."
    if not 2 <= cmd.times <= MAX_TIMES:
        errors["times"] = f"A series has 2 to {MAX_TIMES} visits."
    if errors:
        raise ValidationError(errors)


def _starts(uow: UnitOfWork, actor: Actor, cmd: BookSeries) -> list[dt.datetime]:
    location = get_location(uow.session, cmd.visit.location_id, actor.org_id)
    first = cmd.visit.starts_at.astimezone(ZoneInfo(location.time_zone))
    wall = first.replace(tzinfo=None)
    return [
        (wall + dt.timedelta(weeks=cmd.every_weeks * n))
        .replace(tzinfo=first.tzinfo)
        .astimezone(dt.UTC)
        for n in range(cmd.times)
    ]
