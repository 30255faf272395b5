"""The writes every appointment change shares: the row's outbox mutation and, when its status
changes, an ``AppointmentStatusChange`` ledger row with its own mutation.

Public API (inside the caller's unit of work, which commits; any thread that owns it):

- ``add_appointment(uow, row, *, staff_id, reason="")``: a new booking, its
  ``create_appointment`` mutation and the first status-history row.
- ``change_appointment(uow, row, values, *, staff_id, reason="")``: set ``values`` on ``row``,
  queue ``update_appointment_fields`` with them, and record a status change if there is one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from medspa_desktop.domain.ids import new_id
from medspa_desktop.services.common import now, stamp
from medspa_desktop.store.models import Appointment, AppointmentStatusChange
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.sync.outbox import record_mutation
from medspa_desktop.sync.values import to_json

MAX_REASON = 200


def add_appointment(
    uow: UnitOfWork, row: Appointment, *, staff_id: str | None, reason: str = ""
) -> None:
    stamp(row, uow)
    uow.session.add(row)
    uow.session.flush()  # the outbox reads the stored row of a creation
    record_mutation(
        uow,
        name="create_appointment",
        entity="appointment",
        entity_id=row.id,
        fields={"org_id": row.org_id},
    )
    _status_history(uow, row, "", staff_id=staff_id, reason=reason)


def change_appointment(
    uow: UnitOfWork,
    row: Appointment,
    values: Mapping[str, Any],
    *,
    staff_id: str | None,
    reason: str = "",
) -> None:
    before = row.status
    for name, value in values.items():
        setattr(row, name, value)
    stamp(row, uow)
    record_mutation(
        uow,
        name="update_appointment_fields",
        entity="appointment",
        entity_id=row.id,
        fields={name: to_json(value) for name, value in values.items()},
    )
    if row.status != before:
        _status_history(uow, row, before, staff_id=staff_id, reason=reason)


def _status_history(
    uow: UnitOfWork, row: Appointment, before: str, *, staff_id: str | None, reason: str
) -> None:
    entry = AppointmentStatusChange(
        id=new_id(),
        org_id=row.org_id,
        appointment_id=row.id,
        from_status=before,
        to_status=row.status,
        at=now(),
        staff_id=staff_id,
        reason=reason.strip()[:MAX_REASON],
    )
    stamp(entry, uow)
    uow.session.add(entry)
    uow.session.flush()  # the outbox reads the stored row of a ledger entry
    record_mutation(
        uow,
        name="create_appointment_status_change",
        entity="appointment_status_change",
        entity_id=entry.id,
        fields={"org_id": row.org_id},
    )
