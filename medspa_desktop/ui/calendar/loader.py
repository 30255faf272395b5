"""Fetching what the calendar shows, on the database worker, one request at a time.

While one load runs, newer requests wait (only the latest is kept) and run as soon as it is
back, so paging fast through days never queues a pile of loads, and an answer for a day no
longer wanted is never shown. GUI thread (``load`` itself runs on the worker).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.calendar import (
    CalendarDay,
    CalendarView,
    CalendarWeek,
    calendar_day,
    calendar_week,
)
from medspa_desktop.services.service_menu import ServiceInfo, get_service_menu
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.calendar.toolbar import RESOURCES_DAY, WEEK
from medspa_desktop.ui.session import AppSession


@dataclass(frozen=True)
class Wanted:
    mode: str
    day: dt.date
    """The day shown; in the week view, any day of the week."""
    staff_id: str = ""
    """The practitioner whose week is shown ("" until one is chosen)."""

    @property
    def first_day(self) -> dt.date:
        if self.mode != WEEK:
            return self.day
        return self.day - dt.timedelta(days=self.day.weekday())


@dataclass(frozen=True)
class Loaded:
    wanted: Wanted
    view: CalendarView
    practitioners: tuple[tuple[str, str], ...] = ()
    """Week view: who can be chosen, ``(staff id, name)``, working some day of that week."""


def bookable_staff(services: Sequence[ServiceInfo]) -> frozenset[str] | None:
    """Who performs some service on the menu, or None when that cannot be told here.

    NOTE: a service with nobody picked on the menu goes by category qualifications, which
    only managers may read; then nobody is left out.
    """
    active = [s for s in services if s.active]
    if not active or any(not s.qualified_staff_ids for s in active):
        return None
    return frozenset(staff_id for s in active for staff_id in s.qualified_staff_ids)


def only_bookable(view: CalendarView, bookable: frozenset[str] | None) -> CalendarView:
    """The practitioners' columns: the front desk and a manager who treats nobody have
    working hours too, but no column; anyone holding a booking keeps theirs."""
    if bookable is None:
        return view
    busy = {card.column for card in view.cards}
    kept = tuple(c for c in view.columns if c.key in bookable or c.key in busy)
    return dataclasses.replace(view, columns=kept)


def load(wanted: Wanted, location_id: str, uow: UnitOfWork, actor: Actor) -> Loaded:
    """The view for ``wanted``. Database worker."""
    bookable = bookable_staff(get_service_menu(uow=uow, actor=actor).services)
    if wanted.mode != WEEK:
        by = "resources" if wanted.mode == RESOURCES_DAY else "staff"
        view = calendar_day(CalendarDay(location_id, wanted.day, by), uow=uow, actor=actor)
        return Loaded(wanted, view if by == "resources" else only_bookable(view, bookable))
    people = week_practitioners(wanted.first_day, location_id, bookable, uow, actor)
    staff_id = wanted.staff_id
    if staff_id not in dict(people):
        staff_id = (
            actor.staff_id if actor.staff_id in dict(people) else (people or [("", "")])[0][0]
        )
    chosen = Wanted(WEEK, wanted.day, staff_id)
    query = CalendarWeek(location_id, staff_id, chosen.first_day)
    view = calendar_week(query, uow=uow, actor=actor)
    return Loaded(chosen, view, tuple(people))


def week_practitioners(
    first_day: dt.date,
    location_id: str,
    bookable: frozenset[str] | None,
    uow: UnitOfWork,
    actor: Actor,
) -> list[tuple[str, str]]:
    """Everyone with a column on some day of the week (working there or booked), by name."""
    found: dict[str, str] = {}
    for offset in range(7):
        day = first_day + dt.timedelta(days=offset)
        view = only_bookable(
            calendar_day(CalendarDay(location_id, day), uow=uow, actor=actor), bookable
        )
        found.update({column.key: column.title for column in view.columns})
    return sorted(found.items(), key=lambda item: (item[1].lower(), item[0]))


class CalendarLoader(QObject):
    """Emits ``loaded(Loaded)`` for the latest request only, ``failed(error)`` otherwise."""

    loaded = Signal(object)
    failed = Signal(object)

    def __init__(self, session: AppSession, owner: QWidget) -> None:
        super().__init__(owner)
        self._session = session
        self._owner = owner
        self._wanted: Wanted | None = None
        self._asked = 0
        """Counts requests: an answer to an older one is stale even for the same day (an
        appointment may have changed since it was read)."""
        self._running: int | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None

    def request(self, wanted: Wanted) -> None:
        """Load ``wanted`` now, or as soon as the load in flight is back."""
        self._wanted = wanted
        self._asked += 1
        if self._running is None:
            self._start(wanted)

    def _start(self, wanted: Wanted) -> None:
        self._running = self._asked
        location_id = self._session.actor.location_id or ""
        self._session.query(
            self._owner, lambda uow, actor: load(wanted, location_id, uow, actor)
        ).success(self._done).failure(self._failed).run()

    def _done(self, answer: Loaded) -> None:
        answered, self._running = self._running, None
        if self._wanted is not None and answered != self._asked:
            self._start(self._wanted)  # asked again meanwhile: this answer is stale
            return
        self.loaded.emit(answer)

    def _failed(self, err: BaseException) -> None:
        self._running = None
        self.failed.emit(err)
