"""Per-entity merge policies (``sync_policy.POLICIES``) applied to one pushed mutation.

Each function returns the ``Outcome`` the device is told; readable reasons, because the
front desk sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from medspa_desktop.domain.sync_policy import CHART_LOCKED_STATUS, POLICIES, Policy
from medspa_desktop.sync.protocol import Mutation, MutationStatus
from medspa_server.models import SyncRow
from medspa_server.sync.appointments import Overlap, settle_appointment
from medspa_server.sync.clock import is_hlc
from medspa_server.sync.fields import field_problem, storable
from medspa_server.sync.writer import OrgWriter, Row
from medspa_server.tenancy import log_access


@dataclass(frozen=True)
class Outcome:
    status: MutationStatus
    reason: str = ""
    conflict_with: str | None = None


APPLIED = Outcome(MutationStatus.APPLIED)


def rejected(reason: str) -> Outcome:
    return Outcome(MutationStatus.REJECTED, reason)


def apply_mutation(writer: OrgWriter, mutation: Mutation, path: str) -> Outcome:
    """Apply ``mutation`` for the writer's device by its entity's policy."""
    policy = POLICIES.get(mutation.entity)
    if policy is None:
        return rejected(
            f"Records of the kind '{mutation.entity}' don't sync, so the server did not "
            "save this change."
        )
    problem = _problem(writer, mutation, path)
    if problem:
        return problem
    writer.observe(mutation.hlc)
    fields = storable(mutation.fields)
    if policy is Policy.LEDGER:
        return _ledger(writer, mutation, fields)
    row = writer.row(mutation.entity, mutation.entity_id)
    if row is None and "org_id" not in fields:
        return _missing(writer, mutation, path)
    if policy is Policy.CHART and row is not None and _signed(row):
        return _refused(writer, row, "A signed chart can't be changed; add an addendum.")
    row, kept = _merge(writer, row, mutation, fields)
    other = settle_appointment(writer, row) if policy is Policy.APPOINTMENT else None
    if other is not None:
        return Outcome(MutationStatus.CONFLICT, _overlap_reason(other), other.appointment_id)
    if kept:
        return Outcome(
            MutationStatus.MERGED,
            "A later edit made on another device was kept for: "
            + ", ".join(name.replace("_", " ") for name in kept)
            + ".",
        )
    return APPLIED


def _problem(writer: OrgWriter, mutation: Mutation, path: str) -> Outcome | None:
    org_id = mutation.fields.get("org_id", writer.org_id)
    if org_id != writer.org_id:
        log_access(
            writer.session,
            path=path,
            outcome="cross_org_write",
            device_id=writer.device_id,
            org_id=writer.org_id,
            detail=f"pushed {mutation.entity} {mutation.entity_id} for organisation {org_id}",
        )
        return rejected(
            "This change names a different clinic than the one this computer is enrolled "
            "with, so the server refused it."
        )
    if not is_hlc(mutation.hlc):
        return rejected("This change has no valid timestamp, so the server refused it.")
    problem = field_problem(mutation.entity, mutation.entity_id, mutation.fields)
    if problem:
        entity = mutation.entity.replace("_", " ")
        return rejected(f"The server refused this change to a {entity}: {problem}.")
    return None


def _ledger(writer: OrgWriter, mutation: Mutation, fields: dict[str, Any]) -> Outcome:
    data = {**fields, "org_id": writer.org_id}
    row = writer.row(mutation.entity, mutation.entity_id)
    if row is None:
        writer.insert(mutation.entity, mutation.entity_id, data, dict.fromkeys(data, mutation.hlc))
        return APPLIED
    if row.data == data:
        return APPLIED
    return _refused(writer, row, "Ledger entries never change; record a correction instead.")


def _refused(writer: OrgWriter, row: Row, reason: str) -> Outcome:
    # NOTE: the device whose change is refused still shows it, and nothing would ever make
    # it pull this row again: it kept, say, its own signing time of a chart another device
    # signed first. Sent again under a new sequence number, the server's row replaces it.
    writer.send_again(row)
    return rejected(reason)


def _merge(
    writer: OrgWriter, row: Row | None, mutation: Mutation, fields: dict[str, Any]
) -> tuple[Row, list[str]]:
    """Field by field, the later HLC wins; returns the row and the fields a later edit kept."""
    if row is None:
        data = {**fields, "org_id": writer.org_id}
        hlcs = dict.fromkeys(data, mutation.hlc)
        return writer.insert(mutation.entity, mutation.entity_id, data, hlcs), []
    data, hlcs, kept = dict(row.data), dict(row.field_hlcs), []
    for name, value in fields.items():
        if mutation.hlc > hlcs.get(name, ""):
            data[name] = value
            hlcs[name] = mutation.hlc
        elif data.get(name) != value:
            kept.append(name)
    if data != row.data or hlcs != row.field_hlcs:
        writer.replace(row, data, hlcs)
    return row, kept


def _signed(chart: Row) -> bool:
    return chart.data.get("status") == CHART_LOCKED_STATUS


def _missing(writer: OrgWriter, mutation: Mutation, path: str) -> Outcome:
    elsewhere = writer.session.scalar(
        select(SyncRow.org_id)
        .where(SyncRow.entity == mutation.entity, SyncRow.entity_id == mutation.entity_id)
        .limit(1)
    )
    if elsewhere is not None:
        log_access(
            writer.session,
            path=path,
            outcome="cross_org_write",
            device_id=writer.device_id,
            org_id=writer.org_id,
            detail=f"changed {mutation.entity} {mutation.entity_id} of organisation {elsewhere}",
        )
    entity = mutation.entity.replace("_", " ")
    return rejected(
        f"This {entity} is not on the server (it was never sent, or its creation was "
        "refused), so the change could not be saved."
    )


def _overlap_reason(other: Overlap) -> str:
    return (
        f"This appointment overlaps another booking for the same {other.resource}; both are "
        "kept and this one is marked as a conflict for the front desk to resolve."
    )
