"""Working hours and time off (manager and owner change them; everyone may read them).

Public API (off the GUI thread; results are frozen):

- ``SetWorkingHours(staff_id, location_id, shifts, effective_from)`` ->
  ``set_working_hours(cmd, *, uow, actor) -> tuple[ShiftInfo, ...]``: the staff member's
  week at that location from ``effective_from`` on. Shifts that started earlier end the day
  before (history is kept: past weeks still show the hours they had).
- ``list_working_hours(staff_id, location_id, on, *, uow, actor) -> tuple[ShiftInfo, ...]``
- ``AddTimeOff(starts_at, ends_at, reason, staff_id=..., room_id=..., machine_id=...,
  location_id=...)`` (exactly one of the four) -> ``add_time_off(...) -> TimeOffInfo``
- ``remove_time_off(time_off_id, *, uow, actor)`` (a tombstone, synced)
Minutes count from local midnight in the location's time zone; weekday 0 is Monday.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from sqlalchemy import or_, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.models import Location, Machine, Room, Staff, TimeOff, WorkingHours
from medspa_desktop.store.uow import UnitOfWork

DAY = 24 * 60
_HOURS, _MANAGE = "working_hours", Action.WORKING_HOURS_MANAGE
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class ShiftInfo:
    id: str
    weekday: int
    start_minute: int
    end_minute: int
    effective_from: dt.date
    effective_to: dt.date | None


@dataclass(frozen=True)
class SetWorkingHours:
    staff_id: str
    location_id: str
    shifts: tuple[tuple[int, int, int], ...]
    """(weekday, start minute, end minute); several on one day make a split shift."""
    effective_from: dt.date


@dataclass(frozen=True)
class AddTimeOff:
    starts_at: dt.datetime
    ends_at: dt.datetime
    reason: str = ""
    staff_id: str | None = None
    room_id: str | None = None
    machine_id: str | None = None
    location_id: str | None = None
    """The whole location is closed (a holiday)."""


@dataclass(frozen=True)
class TimeOffInfo:
    id: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    reason: str
    staff_id: str | None
    room_id: str | None
    machine_id: str | None
    location_id: str | None


def list_working_hours(
    staff_id: str, location_id: str, on: dt.date, *, uow: UnitOfWork, actor: Actor
) -> tuple[ShiftInfo, ...]:
    authorize(uow, actor, Action.APPOINTMENT_VIEW, entity="working_hours")
    return tuple(_shift(row) for row in _current(uow, actor, staff_id, location_id, on))


def set_working_hours(
    cmd: SetWorkingHours, *, uow: UnitOfWork, actor: Actor
) -> tuple[ShiftInfo, ...]:
    authorize(uow, actor, Action.WORKING_HOURS_MANAGE, entity="working_hours")
    _check_shifts(cmd.shifts)
    _get(uow, Staff, cmd.staff_id, actor.org_id, "staff member")
    _get(uow, Location, cmd.location_id, actor.org_id, "location")
    day_before = cmd.effective_from - dt.timedelta(days=1)
    for row in _current(uow, actor, cmd.staff_id, cmd.location_id, cmd.effective_from):
        # A shift not yet begun is withdrawn; one under way ends the day before.
        change: dict[str, object] = (
            {"deleted": True}
            if row.effective_from >= cmd.effective_from
            else {"effective_to": day_before}
        )
        save_changes(uow, actor, row, change, commit=False, entity=_HOURS, action=_MANAGE)
    for weekday, start_minute, end_minute in sorted(cmd.shifts):
        values = {
            "staff_id": cmd.staff_id,
            "location_id": cmd.location_id,
            "weekday": weekday,
            "start_minute": start_minute,
            "end_minute": end_minute,
            "effective_from": cmd.effective_from,
            "effective_to": None,
        }
        row = WorkingHours(org_id=actor.org_id, **values)
        save_new(uow, actor, row, values, commit=False, entity=_HOURS, action=_MANAGE)
    uow.commit()
    return list_working_hours(
        cmd.staff_id, cmd.location_id, cmd.effective_from, uow=uow, actor=actor
    )


def add_time_off(cmd: AddTimeOff, *, uow: UnitOfWork, actor: Actor) -> TimeOffInfo:
    authorize(uow, actor, Action.TIME_OFF_MANAGE, entity="time_off")
    owners = {
        "staff_id": (Staff, "staff member"),
        "room_id": (Room, "room"),
        "machine_id": (Machine, "machine"),
        "location_id": (Location, "location"),
    }
    given = [name for name in owners if getattr(cmd, name)]
    if len(given) != 1:
        raise ValidationError({"staff_id": "Choose one person, room, machine or location."})
    model, word = owners[given[0]]
    _get(uow, model, getattr(cmd, given[0]), actor.org_id, word)
    if cmd.starts_at.tzinfo is None or cmd.ends_at.tzinfo is None:
        raise ValidationError({"starts_at": "Times need a time zone; this is a bug, report it."})
    if cmd.ends_at <= cmd.starts_at:
        raise ValidationError({"ends_at": "The end must be after the start."})
    values = {name: getattr(cmd, name) for name in owners} | {
        "starts_at": cmd.starts_at.astimezone(dt.UTC),
        "ends_at": cmd.ends_at.astimezone(dt.UTC),
        "reason": cmd.reason.strip()[:200],
    }
    row = TimeOff(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity="time_off", action=Action.TIME_OFF_MANAGE)
    return _time_off(row)


def remove_time_off(time_off_id: str, *, uow: UnitOfWork, actor: Actor) -> None:
    authorize(uow, actor, Action.TIME_OFF_MANAGE, entity="time_off", entity_id=time_off_id)
    row = _get(uow, TimeOff, time_off_id, actor.org_id, "time off")
    save_changes(
        uow, actor, row, {"deleted": True}, entity="time_off", action=Action.TIME_OFF_MANAGE
    )


def _current(
    uow: UnitOfWork, actor: Actor, staff_id: str, location_id: str, on: dt.date
) -> list[WorkingHours]:
    """Shifts in force on ``on`` or starting later."""
    return list(
        uow.session.scalars(
            select(WorkingHours)
            .where(
                WorkingHours.org_id == actor.org_id,
                WorkingHours.staff_id == staff_id,
                WorkingHours.location_id == location_id,
                WorkingHours.deleted.is_(False),
                or_(WorkingHours.effective_to.is_(None), WorkingHours.effective_to >= on),
            )
            .order_by(WorkingHours.weekday, WorkingHours.start_minute)
        )
    )


def _check_shifts(shifts: tuple[tuple[int, int, int], ...]) -> None:
    by_day: dict[int, list[tuple[int, int]]] = {}
    for weekday, start, end in shifts:
        if not 0 <= weekday <= 6:
            raise ValidationError({"shifts": "Days run from Monday (0) to Sunday (6)."})
        if not 0 <= start < end <= DAY:
            raise ValidationError(
                {"shifts": f"{WEEKDAYS[weekday]}: a shift ends after it starts, within the day."}
            )
        by_day.setdefault(weekday, []).append((start, end))
    for weekday, spans in by_day.items():
        spans.sort()
        if any(a_end > b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans)):
            raise ValidationError({"shifts": f"{WEEKDAYS[weekday]}: two shifts overlap."})


def _get(uow: UnitOfWork, model: type, row_id: str, org_id: str, word: str):  # type: ignore[no-untyped-def]
    row = uow.session.get(model, row_id)
    if row is None or row.deleted or row.org_id != org_id:
        raise NotFound(f"That {word} no longer exists. Refresh and try again.")
    return row


def _shift(row: WorkingHours) -> ShiftInfo:
    return ShiftInfo(
        row.id, row.weekday, row.start_minute, row.end_minute, row.effective_from, row.effective_to
    )


def _time_off(row: TimeOff) -> TimeOffInfo:
    return TimeOffInfo(
        row.id, row.starts_at, row.ends_at, row.reason,
        row.staff_id, row.room_id, row.machine_id, row.location_id,
    )  # fmt: skip
