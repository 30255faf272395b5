"""Appointment overlap: the later booking of a practitioner, room or machine is kept in
status ``conflict`` (ARCHITECTURE.md, Sync). ``appointment_slot`` holds the resources of
every active, non-conflicting appointment, so the check is one indexed query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select

from medspa_desktop.domain.sync_policy import APPOINTMENT_FREE_STATUSES, APPOINTMENT_RESOURCES
from medspa_server.models import AppointmentSlot
from medspa_server.sync.writer import OrgWriter, Row

RESOURCE_WORDS = {"staff_id": "practitioner", "room_id": "room", "machine_id": "machine"}
CONFLICT_STATUS = "conflict"


@dataclass(frozen=True)
class Overlap:
    appointment_id: str
    resource: str
    """What both appointments hold, in the front desk's words (``practitioner`` ...)."""


def settle_appointment(writer: OrgWriter, row: Row) -> Overlap | None:
    """Bring ``row``'s slots in step with its new state; if it overlaps an active booking,
    store it in status ``conflict`` and return what it overlaps."""
    writer.session.execute(
        delete(AppointmentSlot).where(
            AppointmentSlot.org_id == writer.org_id,
            AppointmentSlot.appointment_id == row.entity_id,
        )
    )
    held = _held(row)
    if held is None:
        return None
    starts_at, ends_at, resources = held
    overlap = _overlapping(writer, row.entity_id, starts_at, ends_at, resources)
    if overlap is not None:
        stamp = writer.server_hlc()
        writer.replace(
            row,
            {**row.data, "status": CONFLICT_STATUS},
            {**row.field_hlcs, "status": stamp},
        )
        return overlap
    writer.session.add_all(
        AppointmentSlot(
            org_id=writer.org_id,
            appointment_id=row.entity_id,
            resource_kind=kind,
            resource_id=resource_id,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        for kind, resource_id in resources.items()
    )
    return None


def _held(row: Row) -> tuple[dt.datetime, dt.datetime, dict[str, str]] | None:
    """The time and resources ``row`` holds, or None when it holds nothing."""
    data = row.data
    if row.deleted or data.get("status") in APPOINTMENT_FREE_STATUSES:
        return None
    starts_at, ends_at = _utc(data.get("starts_at")), _utc(data.get("ends_at"))
    if starts_at is None or ends_at is None or starts_at >= ends_at:
        return None
    resources = {kind: data[kind] for kind in APPOINTMENT_RESOURCES if data.get(kind)}
    return (starts_at, ends_at, resources) if resources else None


def _overlapping(
    writer: OrgWriter,
    appointment_id: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    resources: dict[str, str],
) -> Overlap | None:
    """The earliest active booking sharing one of ``resources`` in that time, or None.

    One query per resource, each an index range over the slots of that resource ending
    after ``starts_at``: with the resources joined by OR and only ``starts_at < ends_at`` to
    bound it, every earlier slot was read, so uploading a clinic's history took quadratic
    time. One resource's slots never overlap each other, so the first by end is also the
    first by start.
    """
    slot = AppointmentSlot
    found = []
    for kind, resource_id in resources.items():
        query = (
            select(slot.appointment_id, slot.resource_kind, slot.starts_at)
            .where(
                slot.org_id == writer.org_id,
                slot.resource_kind == kind,
                slot.resource_id == resource_id,
                slot.ends_at > starts_at,
                slot.starts_at < ends_at,
                slot.appointment_id != appointment_id,
            )
            .order_by(slot.ends_at)
            .limit(1)
        )
        row = writer.session.execute(query).first()
        if row is not None:
            found.append(row)
    if not found:
        return None
    first = min(found, key=lambda row: row.starts_at)
    return Overlap(first.appointment_id, RESOURCE_WORDS[first.resource_kind])


def _utc(text: object) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
