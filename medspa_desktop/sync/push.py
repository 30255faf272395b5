"""Push: send pending outbox mutations in batches and mark each with the server's answer.

Public API: ``push_pending(run)``. Sync worker thread.

The server keeps this device's last applied mutation number in the same transaction as the
mutations' effects, so pushing a batch again after a lost answer is acknowledged, not
applied twice. Each mutation's result and the server's ``last_applied`` are noted here in
one local transaction, so a crash in between cannot leave them disagreeing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update

from medspa_desktop.store.models import OutboxMutation
from medspa_desktop.sync import state
from medspa_desktop.sync.errors import Gap
from medspa_desktop.sync.local import write_transaction
from medspa_desktop.sync.protocol import (
    Mutation,
    MutationStatus,
    PushRequest,
    PushResponse,
)
from medspa_desktop.sync.run import SyncRun

ACKNOWLEDGED = "acknowledged by the server (sent again after a lost answer)"
LOST_TRACK = (
    "This device's changes no longer follow on from what the server has received (for "
    "example after this device was restored from an older backup), so nothing was sent. Its "
    "pending changes are kept here; ask your administrator before making more changes on "
    "this device."
)
REFUSALS_LISTED = 20
"""Refused changes named one by one in a summary; the rest are counted."""


def push_pending(run: SyncRun) -> None:
    """Push every pending mutation, oldest first; stops early if the server left some pending."""
    total = _pending_count(run)
    resent = False
    while batch := _pending_batch(run):
        try:
            answer = run.client.push(PushRequest(mutations=batch))
        except Gap as err:
            if resent or not _resend_lost(run, err.last_applied, batch[0].mutation_no):
                raise Gap(LOST_TRACK, last_applied=err.last_applied) from err
            resent = True
            continue
        run.observe(answer.server_hlc)
        processed = _record_results(run, batch, answer)
        run.report("push", run.pushed, total)
        if processed < len(batch):
            break  # a temporary problem on the server: the rest stays pending for next time
    if run.rejected > REFUSALS_LISTED:
        run.warnings.append(f"... and {run.rejected - REFUSALS_LISTED} more refused changes.")


def _resend_lost(run: SyncRun, last_applied: int | None, first_pending: int) -> bool:
    """The server holds fewer of this device's mutations than it acknowledged (it was restored
    from a backup): mark the ones after its ``last_applied`` pending, to send them again.
    False when this device no longer holds every one of them."""
    if last_applied is None or last_applied + 1 >= first_pending:
        return False
    lost = (OutboxMutation.mutation_no > last_applied) & (
        OutboxMutation.mutation_no < first_pending
    )
    with write_transaction(run.store) as conn:
        held = conn.scalar(select(func.count()).select_from(OutboxMutation).where(lost))
        if held != first_pending - last_applied - 1:
            return False
        conn.execute(update(OutboxMutation).where(lost).values(status=state.PENDING, result=""))
    run.warnings.append(
        f"The server no longer held {held} changes this device had already sent (it may have "
        "been restored from a backup); they were sent again."
    )
    return True


def _pending_count(run: SyncRun) -> int:
    with run.store.engine.connect() as conn:
        return (
            conn.scalar(
                select(func.count())
                .select_from(OutboxMutation)
                .where(OutboxMutation.status == state.PENDING)
            )
            or 0
        )


def _pending_batch(run: SyncRun) -> list[Mutation]:
    with run.store.session_factory() as session:
        rows = session.scalars(
            select(OutboxMutation)
            .where(OutboxMutation.status == state.PENDING)
            .order_by(OutboxMutation.mutation_no)
            .limit(run.push_batch)
        )
        return [
            Mutation(
                mutation_no=row.mutation_no,
                id=row.id,
                name=row.name,
                entity=row.entity,
                entity_id=row.entity_id,
                fields=row.fields,
                schema_version=row.schema_version,
                hlc=row.hlc,
                created_at=row.created_at,
            )
            for row in rows
        ]


def _record_results(run: SyncRun, batch: list[Mutation], answer: PushResponse) -> int:
    results = {r.mutation_no: r for r in answer.results}
    marks: list[dict[str, Any]] = []
    for mutation in batch:
        result = results.get(mutation.mutation_no)
        if result is not None:
            marks.append(
                {"no": mutation.mutation_no, "st": result.status.value, "why": result.reason}
            )
            _count(run, mutation, result.status, result.reason)
        elif mutation.mutation_no <= answer.last_applied:
            marks.append({"no": mutation.mutation_no, "st": "applied", "why": ACKNOWLEDGED})
            run.pushed += 1
    with write_transaction(run.store) as conn:
        _mark(conn, marks)
        state.put(conn, state.LAST_APPLIED, str(answer.last_applied))
        state.keep_clock(conn, run.store)
    return len(marks)


def _mark(conn: Connection, marks: list[dict[str, Any]]) -> None:
    if not marks:
        return
    conn.execute(
        update(OutboxMutation)
        .where(
            OutboxMutation.mutation_no == bindparam("no"),
            OutboxMutation.status == state.PENDING,
        )
        .values(status=bindparam("st"), result=bindparam("why")),
        marks,
    )


def _count(run: SyncRun, mutation: Mutation, status: MutationStatus, reason: str) -> None:
    run.pushed += 1
    if status == MutationStatus.CONFLICT:
        run.conflicts += 1
    elif status == MutationStatus.REJECTED:
        run.rejected += 1
        if run.rejected > REFUSALS_LISTED:
            return
        run.warnings.append(
            f"The server refused a change ({mutation.name.replace('_', ' ')}): "
            f"{reason or 'no reason given'}. It is kept on this device only."
        )
