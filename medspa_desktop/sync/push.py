"""Push: send pending outbox mutations in batches and mark each with the server's answer.

Public API: ``push_pending(run)``. Sync worker thread.

The server keeps this device's last applied mutation number in the same transaction as the
mutations' effects, so pushing a batch again after a lost answer is acknowledged, not
applied twice. Each mutation's result and the server's ``last_applied`` are noted here in
one local transaction, so a crash in between cannot leave them disagreeing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Connection, Text, func, select, type_coerce, update

from medspa_desktop.store.models import OutboxMutation
from medspa_desktop.sync import state
from medspa_desktop.sync.errors import Gap
from medspa_desktop.sync.local import write_transaction
from medspa_desktop.sync.memory import collector_paused
from medspa_desktop.sync.protocol import MutationStatus, PushResponse
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


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A pending mutation as it goes out: ``wire`` holds a ``protocol.Mutation``'s keys, with
    ``fields`` the outbox's stored JSON text, spliced in unparsed."""

    mutation_no: int
    name: str
    wire: dict[str, Any]


def encode(batch: list[Outgoing]) -> bytes:
    """The ``PushRequest`` of ``batch`` as JSON."""
    return orjson.dumps({"mutations": [each.wire for each in batch]})


def push_pending(run: SyncRun) -> None:
    """Push every pending mutation, oldest first; stops early if the server left some pending."""
    with collector_paused():
        _push_pending(run)


def _push_pending(run: SyncRun) -> None:
    total = _pending_count(run)
    resent = False
    while batch := _pending_batch(run):
        try:
            answer = run.client.push_body(encode(batch))
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


def _pending_batch(run: SyncRun) -> list[Outgoing]:
    table = OutboxMutation.__table__
    query = (
        select(
            table.c.mutation_no,
            table.c.id,
            table.c.name,
            table.c.entity,
            table.c.entity_id,
            type_coerce(table.c.fields, Text),  # the stored JSON text, not parsed
            table.c.schema_version,
            table.c.hlc,
            table.c.created_at,
        )
        .where(table.c.status == state.PENDING)
        .order_by(table.c.mutation_no)
        .limit(run.push_batch)
    )
    with run.store.engine.connect() as conn:
        return [_outgoing(*row) for row in conn.execute(query)]


def _outgoing(
    no: int,
    mutation_id: str,
    name: str,
    entity: str,
    entity_id: str,
    fields: str,
    schema_version: int,
    hlc: str,
    created_at: dt.datetime,
) -> Outgoing:
    wire = {
        "mutation_no": no,
        "id": mutation_id,
        "name": name,
        "entity": entity,
        "entity_id": entity_id,
        "fields": orjson.Fragment(fields),
        "schema_version": schema_version,
        "hlc": hlc,
        "created_at": created_at.isoformat(),
    }
    return Outgoing(no, name, wire)


def _record_results(run: SyncRun, batch: list[Outgoing], answer: PushResponse) -> int:
    results = {r.mutation_no: r for r in answer.results}
    marks: list[tuple[str, str, int]] = []
    for mutation in batch:
        result = results.get(mutation.mutation_no)
        if result is not None:
            marks.append((result.status.value, result.reason, mutation.mutation_no))
            _count(run, mutation, result.status, result.reason)
        elif mutation.mutation_no <= answer.last_applied:
            marks.append(("applied", ACKNOWLEDGED, mutation.mutation_no))
            run.pushed += 1
    with write_transaction(run.store) as conn:
        _mark(conn, marks)
        state.put(conn, state.LAST_APPLIED, str(answer.last_applied))
        state.keep_clock(conn, run.store)
    return len(marks)


_MARK = "UPDATE sync_outbox SET status = ?, result = ? WHERE mutation_no = ? AND status = 'pending'"


def _mark(conn: Connection, marks: list[tuple[str, str, int]]) -> None:
    # Plain DB-API executemany: SQLAlchemy's built a parameter dictionary per row.
    if marks:
        conn.exec_driver_sql(_MARK, marks)


def _count(run: SyncRun, mutation: Outgoing, status: MutationStatus, reason: str) -> None:
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
