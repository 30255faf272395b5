"""A waitlist entry in the front desk's words: its dates, preferred times and practitioner.
Plain functions, any thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from medspa_desktop.services.waitlist import WaitlistInfo

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


def entry_cells(entry: WaitlistInfo, names: Mapping[str, str]) -> list[str]:
    """The waitlist table's cells for ``entry``, in the order of :data:`HEADINGS`."""
    status = "  (offered)" if entry.status == "offered" else ""
    return [
        entry.client_name + status,
        entry.service_name,
        practitioner_text(entry.staff_id, names),
        dates_text(entry.earliest_date, entry.latest_date),
        times_text(entry.preferred_times),
        entry.notes,
    ]


HEADINGS = ("Client", "Service", "Practitioner", "Between", "Preferred times", "Notes")
NOTES_COLUMN = HEADINGS.index("Notes")
