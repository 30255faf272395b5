"""The audit log for managers and owners: page through it and verify its hash chain.

Public API:

- ``AuditQuery(offset=0, limit=100, staff_id=None, entity_id=None)`` ->
  ``list_audit_entries(query, *, uow, actor) -> AuditPage`` (newest first)
- ``verify_audit(*, uow, actor) -> AuditReport``: the same check as ``medspa verify-audit``;
  the result is itself audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.audit import AuditReport, record_audit, verify_audit_chain
from medspa_desktop.services.authz import authorize
from medspa_desktop.store.models import AuditEntry
from medspa_desktop.store.uow import UnitOfWork

MAX_PAGE = 500


@dataclass(frozen=True)
class AuditQuery:
    offset: int = 0
    limit: int = 100
    staff_id: str | None = None
    entity_id: str | None = None


@dataclass(frozen=True)
class AuditLine:
    id: str
    seq: int
    at: dt.datetime
    device_id: str
    staff_id: str | None
    action: str
    entity: str
    entity_id: str
    outcome: str
    detail: str


@dataclass(frozen=True)
class AuditPage:
    lines: tuple[AuditLine, ...]
    total: int
    offset: int


def list_audit_entries(query: AuditQuery, *, uow: UnitOfWork, actor: Actor) -> AuditPage:
    authorize(uow, actor, Action.AUDIT_VIEW, entity="audit_entry")
    where = []
    if query.staff_id:
        where.append(AuditEntry.staff_id == query.staff_id)
    if query.entity_id:
        where.append(AuditEntry.entity_id == query.entity_id)
    total = uow.session.scalar(select(func.count()).select_from(AuditEntry).where(*where)) or 0
    rows = uow.session.scalars(
        select(AuditEntry)
        .where(*where)
        .order_by(AuditEntry.at.desc(), AuditEntry.seq.desc())
        .offset(max(query.offset, 0))
        .limit(min(max(query.limit, 1), MAX_PAGE))
    )
    return AuditPage(tuple(_line(row) for row in rows), total, max(query.offset, 0))


def verify_audit(*, uow: UnitOfWork, actor: Actor) -> AuditReport:
    """Off the GUI thread: reads the whole log."""
    authorize(uow, actor, Action.AUDIT_VERIFY, entity="audit_entry")
    report = verify_audit_chain(uow.session, uow.audit_key)
    detail = f"{report.entries_checked} entries; " + ("intact" if report.ok else report.reason)
    record_audit(
        uow,
        actor,
        Action.AUDIT_VERIFY,
        entity="audit_entry",
        entity_id=report.first_bad_id or "",
        outcome="ok" if report.ok else "failed",
        detail=detail,
    )
    uow.commit()
    return report


def _line(row: AuditEntry) -> AuditLine:
    return AuditLine(
        id=row.id,
        seq=row.seq,
        at=row.at,
        device_id=row.device_id,
        staff_id=row.staff_id,
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        outcome=row.outcome,
        detail=row.detail,
    )
