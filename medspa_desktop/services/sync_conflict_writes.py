"""The writes of a sync-conflict resolution: cancel, move, book again; each with its outbox
mutation and, for a status change, an ``AppointmentStatusChange`` ledger row.

Public API: ``Resolution`` (what one resolution changed so far), ``cancel``, ``move`` and
``restore``. Used by ``services.sync_conflicts`` inside its unit of work, which commits.

NOTE: the order of the mutations matters to the server, which checks overlaps as it applies
them: the booking that makes room (cancelled or moved) is written before the conflicting one
is booked again, so the server frees the time first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.appointment_writes import change_appointment
from medspa_desktop.services.sync_conflict_rows import overlapping, status_before_conflict
from medspa_desktop.store.models import Appointment
from medspa_desktop.store.uow import UnitOfWork

CANCELLED = "cancelled"
CANCEL_REASON = "Double booking found during sync"
RESOLVED_REASON = "Double booking resolved by the front desk"


@dataclass
class Resolution:
    """The unit of work and actor of one resolution, and what it changed so far."""

    uow: UnitOfWork
    actor: Actor
    changed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """For the audit entry: appointment ids and what happened to them, never names."""


def cancel(done: Resolution, row: Appointment) -> None:
    """Cancel ``row`` as a double booking (not the client's late cancellation)."""
    _change(
        done,
        row,
        {"status": CANCELLED, "cancellation_reason": CANCEL_REASON, "late_cancellation": False},
    )
    done.notes.append(f"{row.id} cancelled")


def move(done: Resolution, row: Appointment, start: dt.datetime) -> None:
    """Move ``row`` to ``start`` (already checked to be free), keeping its length."""
    end = start + (row.ends_at - row.starts_at)
    _change(done, row, {"starts_at": start, "ends_at": end})
    done.notes.append(f"{row.id} moved")


def restore(done: Resolution, conflict: Appointment) -> bool:
    """Book ``conflict`` again (in the status it had) unless it was cancelled or still
    overlaps another booking; returns True when it stays in conflict."""
    if conflict.status == CANCELLED:
        return False
    session = done.uow.session
    session.flush()  # the checks below must see the cancel or move just made
    if overlapping(session, conflict, conflict.starts_at, conflict.ends_at):
        return True
    _change(done, conflict, {"status": status_before_conflict(session, conflict)})
    done.notes.append(f"{conflict.id} booked again")
    return False


def _change(done: Resolution, row: Appointment, values: dict[str, Any]) -> None:
    if row.id not in done.changed:
        done.changed.append(row.id)
    change_appointment(done.uow, row, values, staff_id=done.actor.staff_id, reason=RESOLVED_REASON)
