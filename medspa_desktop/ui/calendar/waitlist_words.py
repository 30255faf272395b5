"""A waitlist entry in the front desk's words: its dates, preferred times, practitioner and
the time offered to it. Plain functions, any thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from medspa_desktop.services.waitlist import OfferedTime, WaitlistInfo

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ANY_PRACTITIONER = "Any practitioner"
WHOLE_DAY = (0, 24 * 60)


def day_text(day: dt.date, *, year: bool = True) -> str:
    return f"{day.day} {day:%b %Y}" if year else f"{day.day} {day:%b}"


def dates_text(first: dt.date, last: dt.date) -> str:
    """``3 – 17 Nov 2026``-like: the year once when both days share it."""
    if first == last:
        return day_text(first)
    return f"{day_text(first, year=first.year != last.year)} – {day_text(last)}"


def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def times_text(preferred: Sequence[tuple[int, int, int]]) -> str:
    """``Mon, Wed 09:00–12:00; Fri 14:00–17:00``; no preference is "Any time"."""
    if not preferred:
        return "Any time"
    spans: dict[tuple[int, int], list[int]] = {}
    for weekday, start, end in sorted(preferred):
        spans.setdefault((start, end), []).append(weekday)
    parts = []
    for (start, end), weekdays in spans.items():
        days = "Any day" if len(weekdays) == 7 else ", ".join(WEEKDAYS[d] for d in weekdays)
        hours = "" if (start, end) == WHOLE_DAY else f" {clock(start)}–{clock(end)}"
        parts.append(f"{days}{hours}")
    return "; ".join(parts)


def practitioner_text(staff_id: str | None, names: Mapping[str, str]) -> str:
    if staff_id is None:
        return ANY_PRACTITIONER
    return names.get(staff_id, "Not on this week's rota")


def ago_text(then: dt.datetime, now: dt.datetime) -> str:
    """``just now``, ``12 min ago``, ``3 h ago``, ``2 days ago``."""
    minutes = max(0, int((now - then).total_seconds() // 60))
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    if minutes < 24 * 60:
        return f"{minutes // 60} h ago"
    days = minutes // (24 * 60)
    return "1 day ago" if days == 1 else f"{days} days ago"


def offered_text(
    offered: OfferedTime, zone: str, now: dt.datetime, *, two_lines: bool = False
) -> str:
    """``Offered 10:30 Tue 14 Oct with Lee, 12 min ago`` (the time in the location's zone);
    ``two_lines`` breaks it before "with", for a table cell."""
    local = offered.starts_at.astimezone(ZoneInfo(zone))
    when = f"{local:%H:%M} {WEEKDAYS[local.weekday()]} {day_text(local.date(), year=False)}"
    who = f"with {offered.staff_name}, " if offered.staff_name else ""
    gap = "\n" if two_lines else " " if who else ", "
    return f"Offered {when}{gap}{who}{ago_text(offered.at, now)}"


def client_text(entry: WaitlistInfo, zone: str, now: dt.datetime) -> str:
    """The client's name and, once offered a time, which one and when (on two more lines)."""
    if entry.offered is None:
        return entry.client_name
    return f"{entry.client_name}\n{offered_text(entry.offered, zone, now, two_lines=True)}"


def entry_cells(
    entry: WaitlistInfo, names: Mapping[str, str], zone: str, now: dt.datetime
) -> list[str]:
    """The waitlist table's cells for ``entry``, in the order of :data:`HEADINGS`."""
    return [
        client_text(entry, zone, now),
        entry.service_name,
        practitioner_text(entry.staff_id, names),
        dates_text(entry.earliest_date, entry.latest_date),
        times_text(entry.preferred_times),
        entry.notes,
    ]


HEADINGS = ("Client", "Service", "Practitioner", "Between", "Preferred times", "Notes")
SERVICE_COLUMN = HEADINGS.index("Service")
NOTES_COLUMN = HEADINGS.index("Notes")
