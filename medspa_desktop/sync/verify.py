"""After a sync: compare per-table row counts and ledger hashes with the server, and repair.

Public API: ``ledger_hash(ids)``, ``local_digests(conn, org_id, entities)``,
``verify_and_repair(run, cursor)``. Sync worker thread.

A table's digest counts every row of the organisation, tombstones included; a ledger's
digest also carries the SHA-256 of its ids, sorted and joined by ``"\\n"`` (server and
device must compute it identically: the server may import ``ledger_hash``). A mismatched
table is re-pulled through a fresh snapshot of just that entity and compared again; what
still differs is reported as an error, never ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from sqlalchemy import Connection, func, select

from medspa_desktop.domain.sync_policy import ENTITIES, LEDGERS
from medspa_desktop.sync import state
from medspa_desktop.sync.local import write_transaction
from medspa_desktop.sync.protocol import TableDigest, VerifyRequest
from medspa_desktop.sync.run import SyncRun
from medspa_desktop.sync.snapshot import snapshot_entity
from medspa_desktop.sync.values import table_of


def ledger_hash(ids: Iterable[str]) -> str:
    """SHA-256 (hex) of the ids sorted and joined by newlines."""
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


def local_digests(
    conn: Connection, org_id: str, entities: Iterable[str] = ENTITIES
) -> dict[str, TableDigest]:
    """Row count (and ledger hash) of each entity's rows of ``org_id`` on this device."""
    digests = {}
    for entity in entities:
        table = table_of(entity)
        mine = table.c.org_id == org_id
        if entity in LEDGERS:
            ids = list(conn.scalars(select(table.c.id).where(mine)))
            digests[entity] = TableDigest(rows=len(ids), ledger_hash=ledger_hash(ids))
        else:
            rows = conn.scalar(select(func.count()).select_from(table).where(mine)) or 0
            digests[entity] = TableDigest(rows=rows)
    return digests


def verify_and_repair(run: SyncRun, cursor: int) -> None:
    """Compare with the server; re-pull mismatched tables; report what still differs.

    What still differs is remembered with the cursor it was found at, so later syncs that
    change nothing report it again without fetching the tables once more.
    """
    org_id = run.store.local_setting(state.ORG_ID) or ""
    run.report("verify", 0, 2)
    mismatched = _mismatched(run, org_id, cursor, ENTITIES)
    for entity in mismatched:
        snapshot_entity(run, entity)
    still = _mismatched(run, org_id, cursor, mismatched) if mismatched else {}
    run.mismatched.extend(mismatched)
    run.repaired.extend(e for e in mismatched if e not in still)
    problems = [
        f"The {entity.replace('_', ' ')} records on this device still differ from the "
        f"server's after fetching them again ({mine.rows} here, {theirs.rows} on the "
        "server). Nothing was deleted; tell your administrator."
        for entity, (mine, theirs) in still.items()
    ]
    run.errors.extend(problems)
    with write_transaction(run.store) as conn:
        state.put(conn, state.VERIFIED_CURSOR, str(cursor))
        state.put(conn, state.MISMATCHES, json.dumps(problems))
    run.report("verify", 2, 2)


def remembered_mismatches(run: SyncRun) -> list[str]:
    """What the last comparison with the server could not repair (readable lines)."""
    return list(json.loads(state.read(run.store, state.MISMATCHES) or "[]"))


def _mismatched(
    run: SyncRun, org_id: str, cursor: int, entities: Iterable[str]
) -> dict[str, tuple[TableDigest, TableDigest]]:
    with run.store.engine.connect() as conn:
        digests = local_digests(conn, org_id, entities)
    answer = run.client.verify(VerifyRequest(tables=digests, cursor=cursor))
    missing = TableDigest(rows=0)
    return {
        entity: (digests[entity], answer.tables.get(entity, missing))
        for entity in answer.mismatched
        if entity in digests
    }
