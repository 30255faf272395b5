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
from medspa_desktop.domain.ids import new_id
from medspa_desktop.services.common import now, stamp
from medspa_desktop.services.sync_conflict_rows import overlapping, status_before_conflict
from medspa_desktop.store.models import Appointment, AppointmentStatusChange
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.sync.outbox import record_mutation
from medspa_desktop.sync.values import to_json

CANCELLED = "cancelled"
CANCEL_REASON = "Double booking found during sync"
RESOLVED_REASON = "Double booking resolved by the front desk"
LEDGER_FIELDS = ("org_id", "appointment_id", "from_status", "to_status", "at", "staff_id")


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
    uow, before = done.uow, row.status
    for name, value in values.items():
        setattr(row, name, value)
    stamp(row, uow)
    if row.id not in done.changed:
        done.changed.append(row.id)
    record_mutation(
        uow,
        name="update_appointment_fields",
        entity="appointment",
        entity_id=row.id,
        fields={name: to_json(value) for name, value in values.items()},
    )
    if row.status != before:
        _status_history(done, row, before)


def _status_history(done: Resolution, row: Appointment, before: str) -> None:
    uow = done.uow
    entry = AppointmentStatusChange(
        id=new_id(),
        org_id=row.org_id,
        appointment_id=row.id,
        from_status=before,
        to_status=row.status,
        at=now(),
        staff_id=done.actor.staff_id,
        reason=RESOLVED_REASON,
    )
    stamp(entry, uow)
    uow.session.add(entry)
    uow.session.flush()  # the outbox reads the stored row of a ledger entry
    fields = {name: to_json(getattr(entry, name)) for name in LEDGER_FIELDS}
    record_mutation(
        uow,
        name="create_appointment_status_change",
        entity="appointment_status_change",
        entity_id=entry.id,
        fields={**fields, "reason": entry.reason, "deleted": False},
    )
