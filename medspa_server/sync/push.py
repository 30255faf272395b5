"""``POST /v1/push``: a device's mutations, applied once each, in its numbering order.

Everything one push does (row changes, its mutation-log entries, the device's last mutation
number, the counter) commits in one transaction; any database error rolls all of it back.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from medspa_desktop.sync.protocol import (
    ErrorCode,
    Mutation,
    MutationResult,
    MutationStatus,
    PushRequest,
    PushResponse,
)
from medspa_server.bulk import insert_rows
from medspa_server.db import Database
from medspa_server.errors import ApiError
from medspa_server.messages import REVOKED
from medspa_server.models import Base, Device, MutationLog, OrgCounter
from medspa_server.sync.clock import server_hlc
from medspa_server.sync.policies import Outcome, apply_mutation
from medspa_server.sync.writer import OrgWriter


def push(database: Database, device_id: str, request: PushRequest, path: str) -> PushResponse:
    """Apply the new mutations of ``request`` and answer every one. Worker thread."""
    mutations = sorted(request.mutations, key=lambda m: m.mutation_no)
    with database.write() as session:
        org_id, last = _lock_device(session, device_id)
        new = [m for m in mutations if m.mutation_no > last]
        _check_numbering(new, last)
        done = [m for m in mutations if m.mutation_no <= last]
        answers = _earlier_answers(session, device_id, done)
        if new:
            writer = OrgWriter(session, org_id, device_id)
            answers.update(_apply(writer, new, path))
            last = new[-1].mutation_no
            session.execute(
                update(Device).where(Device.id == device_id).values(last_mutation_no=last)
            )
            max_hlc = writer.max_hlc
        else:
            query = select(OrgCounter.max_hlc).where(OrgCounter.org_id == org_id)
            max_hlc = session.scalar(query) or ""
        session.commit()
    results = [answers[m.mutation_no] for m in mutations]
    return PushResponse(results=results, last_applied=last, server_hlc=server_hlc(max_hlc))


def _apply(writer: OrgWriter, new: list[Mutation], path: str) -> dict[int, MutationResult]:
    writer.prefetch((m.entity, m.entity_id) for m in new)
    answers, log = {}, []
    now = dt.datetime.now(dt.UTC)
    for mutation in new:
        outcome = apply_mutation(writer, mutation, path)
        answers[mutation.mutation_no] = _result(mutation, outcome)
        log.append(_log_entry(writer, mutation, outcome, now))
    writer.finish()
    insert_rows(writer.session, Base.metadata.tables[MutationLog.__tablename__], log)
    return answers


def _lock_device(session: Session, device_id: str) -> tuple[str, int]:
    """Lock the device's row (so two pushes of one device run one after the other) and
    read its organisation and last processed mutation number."""
    found = session.execute(
        update(Device)
        .where(Device.id == device_id)
        .values(last_seen_at=dt.datetime.now(dt.UTC))
        .returning(Device.org_id, Device.last_mutation_no, Device.revoked_at)
    ).one()
    if found.revoked_at is not None:
        raise ApiError(401, ErrorCode.REVOKED, REVOKED)
    return found.org_id, found.last_mutation_no


def _check_numbering(new: list[Mutation], last: int) -> None:
    numbers = [m.mutation_no for m in new]
    expected = list(range(last + 1, last + 1 + len(new)))
    if numbers == expected:
        return
    missing = next(n for n, m in zip(expected, numbers, strict=True) if n != m)
    raise ApiError(
        409,
        ErrorCode.GAP,
        f"The server expected change number {missing} from this computer but it was not in "
        f"this batch, so nothing from the batch was saved. Sync again: changes are resent "
        f"from number {last + 1}.",
        last_applied=last,
    )


def _earlier_answers(
    session: Session, device_id: str, done: list[Mutation]
) -> dict[int, MutationResult]:
    """The answers given the first time, for mutations this device pushed before."""
    if not done:
        return {}
    logged = {
        entry.mutation_no: entry
        for entry in session.scalars(
            select(MutationLog).where(
                MutationLog.device_id == device_id,
                MutationLog.mutation_no.in_([m.mutation_no for m in done]),
            )
        )
    }
    return {m.mutation_no: _repeat(m, logged.get(m.mutation_no)) for m in done}


def _repeat(mutation: Mutation, entry: MutationLog | None) -> MutationResult:
    if entry is None:
        return MutationResult(
            mutation_no=mutation.mutation_no,
            status=MutationStatus.APPLIED,
            reason="The server processed this change earlier.",
        )
    if entry.mutation_id != mutation.id:
        return MutationResult(
            mutation_no=mutation.mutation_no,
            status=MutationStatus.REJECTED,
            reason=f"This computer already sent a different change with number "
            f"{mutation.mutation_no}; the server kept the first one. This happens after "
            "restoring an old backup: check this record and enter the change again.",
        )
    return MutationResult(
        mutation_no=entry.mutation_no,
        status=MutationStatus(entry.status),
        reason=entry.reason,
        conflict_with=entry.conflict_with,
    )


def _log_entry(
    writer: OrgWriter, mutation: Mutation, outcome: Outcome, now: dt.datetime
) -> dict[str, object]:
    return {
        "device_id": writer.device_id,
        "mutation_no": mutation.mutation_no,
        "org_id": writer.org_id,
        "mutation_id": mutation.id,
        "status": outcome.status.value,
        "reason": outcome.reason,
        "conflict_with": outcome.conflict_with,
        "applied_at": now,
    }


def _result(mutation: Mutation, outcome: Outcome) -> MutationResult:
    return MutationResult(
        mutation_no=mutation.mutation_no,
        status=outcome.status,
        reason=outcome.reason,
        conflict_with=outcome.conflict_with,
    )
