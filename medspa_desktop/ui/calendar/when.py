"""Dates and times as the calendar shows them: its title, today and the time now in the
location's zone, where a day opens, and "the same time in four weeks" for booking again.
Plain functions; any thread.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from medspa_desktop.services.calendar import CalendarCard, CalendarView

REBOOK_AFTER = dt.timedelta(weeks=4)


def today_in(view: CalendarView | None) -> dt.date:
    """Today where the location is (this computer's date until a view arrived)."""
    zone = ZoneInfo(view.time_zone) if view else None
    return dt.datetime.now(zone).date()


def zone_of(view: CalendarView | None) -> str:
    """The location's zone, once a view arrived."""
    return view.time_zone if view else "UTC"


def zone_label(view: CalendarView) -> str:
    """The zone's abbreviation now (``EST``), shown above the time ruler."""
    return dt.datetime.now(ZoneInfo(view.time_zone)).tzname() or ""


def title(view: CalendarView, today: dt.date) -> str:
    """``Today · Thu 26 Nov``, ``Fri 27 Nov``, ``23–29 Nov``; the year when not this one."""
    first = view.first_day
    last = first + dt.timedelta(days=view.days - 1)
    year = f" {last.year}" if last.year != today.year else ""
    if view.days > 1:
        month = f" {first:%b}" if first.month != last.month else ""
        return f"{first.day}{month}–{last.day} {last:%b}{year}"
    when = f"{first:%a} {first.day} {first:%b}{year}"
    return f"Today · {when}" if first == today else when


def now_minute(view: CalendarView | None) -> int | None:
    """The minute of the day now, when ``view`` is today's day (None otherwise)."""
    if view is None or view.days != 1 or view.first_day != today_in(view):
        return None
    now = dt.datetime.now(ZoneInfo(view.time_zone))
    return now.hour * 60 + now.minute


def opening_minute(view: CalendarView, now: int | None) -> int:
    """Where the day is scrolled to at first: an hour before now, or just before the first
    working hour."""
    if now is not None:
        return max(now - 60, 0)
    starts = [start for column in view.columns for start, _ in column.working if start > 0]
    return max(min(starts, default=9 * 60) - 30, 0)


def again(card: CalendarCard, time_zone: str) -> tuple[dt.date, int]:
    """The day and minute four weeks after ``card``: where booking it again starts."""
    later = card.starts_at.astimezone(ZoneInfo(time_zone)) + REBOOK_AFTER
    return later.date(), later.hour * 60 + later.minute
