"""Value types of the availability engine: one location's schedule, and what a search returns.

Every moment is an aware datetime; the engine returns UTC. Import these from
``medspa_desktop.domain.availability``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from medspa_desktop.domain.availability_index import ScheduleIndex

MINUTES_PER_DAY = 1440


def require_aware(moment: datetime, what: str) -> None:
    """Raise ``ValueError`` unless ``moment`` is an aware datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime (UTC), not {moment!r}")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open span of time ``[start, end)`` between aware UTC datetimes."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        require_aware(self.start, "Span.start")
        require_aware(self.end, "Span.end")
        if self.end < self.start:
            raise ValueError(f"Span ends before it starts: {self.start} to {self.end}")

    @classmethod
    def of_utc(cls, start: datetime, end: datetime) -> Span:
        """A span of times the caller made aware UTC and in order itself (read from the
        store, thousands at a time): the checks of the constructor are skipped."""
        span = object.__new__(cls)
        object.__setattr__(span, "start", start)
        object.__setattr__(span, "end", end)
        return span

    def overlaps(self, other: Span) -> bool:
        """True when the spans share an instant; touching spans and empty spans do not."""
        return max(self.start, other.start) < min(self.end, other.end)


@dataclass(frozen=True, slots=True)
class ServiceNeeds:
    """What one booking of a service takes: time, buffers, a room, a machine, who may do it."""

    service_id: str
    duration_minutes: int
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    room_kind: str | None = None
    machine_kind: str | None = None
    qualified_staff_ids: frozenset[str] = frozenset()
    name: str = ""


@dataclass(frozen=True, slots=True)
class Shift:
    """A staff member's regular hours on one weekday, in local wall-clock minutes from midnight.

    ``end_minute`` may be 1440 (midnight). A shift over midnight is two shifts.
    """

    staff_id: str
    weekday: int
    start_minute: int
    end_minute: int
    effective_from: date
    effective_to: date | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"Shift weekday must be 0 (Monday) to 6 (Sunday), not {self.weekday}")
        if not 0 <= self.start_minute < self.end_minute <= MINUTES_PER_DAY:
            raise ValueError(
                f"Shift of {self.staff_id} must start before it ends within one day "
                f"(minutes {self.start_minute} to {self.end_minute}); split a shift over midnight"
            )

    def applies_on(self, day: date) -> bool:
        """True when this shift is worked on the local date ``day``."""
        return (
            day.weekday() == self.weekday
            and self.effective_from <= day
            and (self.effective_to is None or day <= self.effective_to)
        )


@dataclass(frozen=True, slots=True)
class Resource:
    """A room or a machine at the location; the caller passes only the active ones."""

    id: str
    kind: str
    name: str = ""


class Busy:
    """Something holding a staff member, room or machine: an appointment or time off.

    An appointment's span already includes its buffers. ``label`` is what the receptionist
    reads after "already has", e.g. ``"an appointment 10:00–11:00 (Botox)"`` (an article is
    added when it has none); for time off it follows the times, e.g. ``"holiday"``.

    A value: compared and hashed by resource, span, appointment and label; treat it as
    immutable. ``Busy.booked`` makes one from ticks with the label worded only when read.
    """

    __slots__ = ("_label", "_span", "appointment_id", "resource_id", "ticks")

    resource_id: str
    appointment_id: str | None
    ticks: tuple[int, int]
    """The span in ticks (microseconds since the Unix epoch, UTC), as the engine compares."""

    def __init__(
        self, resource_id: str, span: Span, appointment_id: str | None = None, label: str = ""
    ) -> None:
        self.resource_id = resource_id
        self.appointment_id = appointment_id
        self.ticks = (to_ticks(span.start), to_ticks(span.end))
        self._span: Span | None = span
        self._label: str | Callable[[], str] = label

    @classmethod
    def booked(
        cls,
        resource_id: str,
        ticks: tuple[int, int],
        appointment_id: str | None,
        label: Callable[[], str],
    ) -> Busy:
        """A booking read from the store, thousands at a time: ``ticks`` in order, and the
        label worded by ``label()`` only when someone reads it (an explanation)."""
        busy = cls.__new__(cls)
        busy.resource_id, busy.appointment_id, busy.ticks = resource_id, appointment_id, ticks
        busy._span, busy._label = None, label
        return busy

    @property
    def span(self) -> Span:
        if self._span is None:
            self._span = Span.of_utc(from_ticks(self.ticks[0]), from_ticks(self.ticks[1]))
        return self._span

    @property
    def label(self) -> str:
        if not isinstance(self._label, str):
            self._label = self._label()
        return self._label

    def _key(self) -> tuple[str, tuple[int, int], str | None, str]:
        return self.resource_id, self.ticks, self.appointment_id, self.label

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Busy) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Busy({self.resource_id!r}, {self.span!r}, {self.appointment_id!r}, {self.label!r})"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_TICK = timedelta(microseconds=1)


def to_ticks(moment: datetime) -> int:
    """An aware datetime as ticks (microseconds since the Unix epoch)."""
    return (moment - _EPOCH) // _TICK


def from_ticks(ticks: int) -> datetime:
    """Ticks as an aware UTC datetime."""
    return _EPOCH + timedelta(microseconds=ticks)


@dataclass(frozen=True)
class Schedule:
    """Every fact about one location that availability needs for a window of dates.

    Indexes (sorted busy time per resource, local-day grids, shift windows) are built on
    first use and kept on the instance, so build one Schedule and search it many times.
    """

    time_zone: str
    grid_minutes: int
    shifts: tuple[Shift, ...]
    rooms: tuple[Resource, ...]
    machines: tuple[Resource, ...]
    busy: tuple[Busy, ...]
    closed: tuple[Span, ...] = ()
    min_notice_minutes: int = 0
    horizon_days: int = 365
    _index: ScheduleIndex | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 0 < self.grid_minutes <= MINUTES_PER_DAY:
            raise ValueError(f"grid_minutes must be 1 to 1440, not {self.grid_minutes}")
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as err:
            # Fail when the Schedule is built, not in the middle of a search.
            raise ValueError(f"Unknown time zone {self.time_zone!r}") from err


@dataclass(frozen=True, slots=True)
class Slot:
    """A bookable time: the client's slot ``[start, end)`` in UTC and what it would hold."""

    service_id: str
    start: datetime
    end: datetime
    staff_id: str
    room_id: str | None
    machine_id: str | None


@dataclass(frozen=True, slots=True)
class VisitSlot:
    """Several services booked back to back; each leg starts when the previous one ends."""

    legs: tuple[Slot, ...]

    @property
    def start(self) -> datetime:
        return self.legs[0].start

    @property
    def end(self) -> datetime:
        return self.legs[-1].end


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a proposed booking cannot be made, in words a receptionist understands.

    ``code`` is one of: outside_hours, staff_busy, time_off, closed, room_busy, no_room,
    machine_busy, no_machine, not_qualified, too_soon, too_far_ahead, in_past, bad_duration.
    """

    code: str
    message: str
    appointment_id: str | None = None
