"""Double bookings found by sync, and how the front desk resolves them.

When two devices book the same practitioner, room or machine for overlapping times while
offline, sync keeps both and puts the later one in status ``conflict`` (ARCHITECTURE.md,
Sync). These services list such appointments with the booking each one overlaps, and
resolve a pair by keeping one (the other is cancelled), moving one to a free time, or
cancelling one. Each resolution is one transaction: the appointment changes, their
``update_appointment_fields`` mutations, an ``AppointmentStatusChange`` ledger row with its
mutation for every status change, and an audit entry, so it syncs to every device.

Public API: ``list_conflicts(*, uow, actor)``, ``resolve_conflict(cmd, *, uow, actor)`` with
``KeepThis``, ``Move`` or ``Cancel``; results ``SyncConflict`` and ``ConflictResolved``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.errors import NotFound, RuleViolation, ValidationError
from medspa_desktop.services.sync_conflict_rows import (
    Booking,
    bookings,
    overlapping,
    shared_resources,
)
from medspa_desktop.services.sync_conflict_writes import Resolution, cancel, move, restore
from medspa_desktop.store.models import Appointment
from medspa_desktop.store.uow import UnitOfWork

ENTITY = "appointment"
CONFLICT = "conflict"

__all__ = [
    "Booking",
    "Cancel",
    "ConflictResolved",
    "KeepThis",
    "Move",
    "SyncConflict",
    "list_conflicts",
    "resolve_conflict",
]


@dataclass(frozen=True)
class SyncConflict:
    """An appointment in status ``conflict`` and the active booking it overlaps (``None``
    once nothing overlaps it any more: keeping it then simply books it again)."""

    booking: Booking
    overlaps: Booking | None
    shared: tuple[str, ...]
    """What both hold, in the front desk's words: ``practitioner``, ``room``, ``machine``."""


@dataclass(frozen=True)
class KeepThis:
    """Keep ``keep_id`` (one of the pair) and cancel the other one."""

    conflict_id: str
    other_id: str | None
    keep_id: str


@dataclass(frozen=True)
class Move:
    """Move ``appointment_id`` (one of the pair) to ``new_start``, keeping its length."""

    conflict_id: str
    other_id: str | None
    appointment_id: str
    new_start: dt.datetime


@dataclass(frozen=True)
class Cancel:
    """Cancel ``appointment_id`` (one of the pair); the other one stays."""

    conflict_id: str
    other_id: str | None
    appointment_id: str


ResolveConflict = KeepThis | Move | Cancel


@dataclass(frozen=True)
class ConflictResolved:
    conflict_id: str
    changed: tuple[str, ...]
    """Ids of the appointments that changed."""
    still_in_conflict: bool
    """The conflicting appointment overlaps yet another booking and stays in the list."""


def list_conflicts(*, uow: UnitOfWork, actor: Actor) -> list[SyncConflict]:
    """Every appointment in status ``conflict`` with what it overlaps, earliest first."""
    authorize(uow, actor, Action.APPOINTMENT_VIEW, entity=ENTITY)
    session = uow.session
    rows = session.scalars(
        select(Appointment)
        .where(
            Appointment.org_id == actor.org_id,
            Appointment.status == CONFLICT,
            Appointment.deleted.is_(False),
        )
        .order_by(Appointment.starts_at, Appointment.id)
    ).all()
    pairs = [
        (row, next(iter(overlapping(session, row, row.starts_at, row.ends_at)), None))
        for row in rows
    ]
    shown = bookings(session, [r for pair in pairs for r in pair if r is not None])
    return [
        SyncConflict(
            booking=shown[row.id],
            overlaps=shown[other.id] if other else None,
            shared=shared_resources(row, other) if other else (),
        )
        for row, other in pairs
    ]


def neighbouring_bookings(
    *, uow: UnitOfWork, actor: Actor, after: dt.datetime
) -> tuple[Booking, Booking] | None:
    """Two booked or confirmed appointments after ``after`` of one practitioner, one after
    the other (the screenshots show them as a double booking, on screen only); None when
    the upcoming ones have no such pair."""
    authorize(uow, actor, Action.APPOINTMENT_VIEW, entity=ENTITY)
    rows = uow.session.scalars(
        select(Appointment)
        .where(
            Appointment.org_id == actor.org_id,
            Appointment.starts_at > after,
            Appointment.status.in_(("booked", "confirmed")),
            Appointment.deleted.is_(False),
        )
        .order_by(Appointment.staff_id, Appointment.starts_at)
        .limit(40)
    ).all()
    pair = next(((a, b) for a, b in itertools.pairwise(rows) if a.staff_id == b.staff_id), None)
    if pair is None:
        return None
    shown = bookings(uow.session, list(pair))
    return shown[pair[0].id], shown[pair[1].id]


def resolve_conflict(cmd: ResolveConflict, *, uow: UnitOfWork, actor: Actor) -> ConflictResolved:
    """Resolve one double booking as the front desk chose; raises ``RuleViolation`` when the
    pair changed since it was listed (another device may have resolved it) and
    ``ValidationError`` when a move would overlap another booking."""
    authorize(uow, actor, Action.SYNC_CONFLICT_RESOLVE, entity=ENTITY, entity_id=cmd.conflict_id)
    conflict, other = _pair(uow, actor, cmd)
    done = Resolution(uow, actor)
    if isinstance(cmd, KeepThis):
        target = _member(cmd.keep_id, conflict, other)
        dropped = other if target is conflict else conflict
        if dropped is not None:
            cancel(done, dropped)
    elif isinstance(cmd, Cancel):
        cancel(done, _member(cmd.appointment_id, conflict, other))
    else:
        target = _member(cmd.appointment_id, conflict, other)
        move(done, target, _checked_start(uow, cmd, target, conflict))
    still = restore(done, conflict)
    detail = f"{type(cmd).__name__.lower()}: " + ", ".join(done.notes)
    record_audit(
        uow, actor, Action.SYNC_CONFLICT_RESOLVE, entity=ENTITY, entity_id=conflict.id,
        outcome="ok", detail=detail,
    )  # fmt: skip
    uow.commit()
    return ConflictResolved(conflict.id, tuple(done.changed), still)


def _pair(
    uow: UnitOfWork, actor: Actor, cmd: ResolveConflict
) -> tuple[Appointment, Appointment | None]:
    conflict = _appointment(uow, actor, cmd.conflict_id)
    if conflict.status != CONFLICT:
        raise RuleViolation(
            "This double booking was already resolved (on this or another device); the list "
            "has been refreshed."
        )
    if cmd.other_id is None:
        return conflict, None
    other = _appointment(uow, actor, cmd.other_id)
    still_overlaps = overlapping(uow.session, conflict, conflict.starts_at, conflict.ends_at)
    if other not in still_overlaps:
        raise RuleViolation(
            "The other booking changed since the list was shown (another device may have "
            "moved or cancelled it). Look at the refreshed list and choose again."
        )
    return conflict, other


def _appointment(uow: UnitOfWork, actor: Actor, appointment_id: str) -> Appointment:
    row = uow.session.get(Appointment, appointment_id)
    if row is None or row.deleted or row.org_id != actor.org_id:
        raise NotFound("That appointment is no longer on this device; refresh the list.")
    return row


def _member(appointment_id: str, conflict: Appointment, other: Appointment | None) -> Appointment:
    for row in (conflict, other):
        if row is not None and row.id == appointment_id:
            return row
    raise RuleViolation("Choose one of the two appointments of this double booking.")


def _checked_start(
    uow: UnitOfWork, cmd: Move, target: Appointment, conflict: Appointment
) -> dt.datetime:
    """The new start, if the moved appointment then overlaps nothing (the conflicting one
    counts as booked, as it will be once the other moved away)."""
    if cmd.new_start.tzinfo is None:
        raise ValidationError({"new_start": "Give the new time with its time zone."})
    start = cmd.new_start.astimezone(dt.UTC)
    end = start + (target.ends_at - target.starts_at)
    if start == target.starts_at:
        raise ValidationError({"new_start": "Choose a different time: that is where it is now."})
    clashes = overlapping(uow.session, target, start, end)
    if target is not conflict and _overlaps(conflict, target, start, end):
        clashes.insert(0, conflict)
    if clashes:
        raise ValidationError({"new_start": _clash_message(uow, clashes[0])})
    return start


def _overlaps(row: Appointment, moved: Appointment, start: dt.datetime, end: dt.datetime) -> bool:
    return bool(shared_resources(row, moved)) and row.starts_at < end and start < row.ends_at


def _clash_message(uow: UnitOfWork, clash: Appointment) -> str:
    shown = bookings(uow.session, [clash])[clash.id]
    zone = ZoneInfo(shown.time_zone)
    start, end = (t.astimezone(zone).strftime("%H:%M") for t in (shown.starts_at, shown.ends_at))
    return (
        f"That time overlaps {shown.client_name}'s {shown.service_name} "
        f"({start}–{end}) with the same practitioner, room or machine. Choose a time when "
        "they are free."
    )
