"""Benchmarks 1 and 2: push of N mutations end to end, the same rows inserted directly, and
another device pulling and applying them.

Per repeat: a new clinic (device A) and a second device B, both enrolled and synced; A gets
N client creations in its outbox, written exactly as the client service writes them (the
``Client`` row and its ``create_client`` mutation with the same fields, in one local
transaction; bulk, because the service's one commit per client would take a minute of
set-up); then ``sync_once(A)`` runs and its push step (``push_pending``) is timed, then
``sync_once(B)`` and its pull step (``pull_all``). The engine's steps are timed by wrapping
them in this process; nothing in the product is changed.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from sqlalchemy import func, insert, select
from sync_setup import Bench, Clinic, check
from sync_timing import Timings, median_of, patched

from medspa_desktop.domain.ids import new_id
from medspa_desktop.store.models import Client, OutboxMutation
from medspa_desktop.sync import engine, pull, snapshot, verify
from medspa_desktop.sync.client import SyncClient
from medspa_desktop.sync.local import write_transaction
from medspa_desktop.sync.outbox import NOT_SENT
from medspa_desktop.sync.protocol import MAX_PUSH_BATCH, EnrolRequest, Mutation, PushRequest
from medspa_desktop.sync.values import to_json
from medspa_server.admin import create_org, issue_enrol_code
from medspa_server.bulk import insert_rows
from medspa_server.enrolment import enrol as server_enrol
from medspa_server.models import SyncRow
from medspa_server.sync.push import push as server_push

FIRST = ["Olivia", "Emma", "Amelia", "Sophia", "Mia", "Ava", "Luna", "Harper", "Noah", "Liam"]
LAST = ["Smith", "Garcia", "Nguyen", "Okafor", "Patel", "Kim", "Rossi", "Dubois", "Müller"]


def client_fields(org_id: str, n: int) -> dict[str, Any]:
    """What ``create_client`` puts in its mutation (same keys, same JSON forms)."""
    first, last = FIRST[n % len(FIRST)], LAST[n % len(LAST)]
    return {
        "org_id": org_id,
        "first_name": f"{first}{n}",
        "last_name": last,
        "preferred_name": "",
        "date_of_birth": f"19{50 + n % 50}-0{1 + n % 9}-1{n % 10}",
        "phone": f"+1212{n % 10_000_000:07d}",
        "email": f"{first.lower()}.{last.lower()}{n}@example.com",
        "address": f"{n} Main Street, Springfield",
        "pronouns": "",
        "allergies": "",
        "medical_flags": [],
        "medications": "",
        "notes": "Prefers afternoon appointments" if n % 5 == 0 else "",
        "tags": ["vip"] if n % 17 == 0 else [],
        "home_location_id": None,
        "referral_source": "",
    }


def fill_outbox(clinic: Clinic, count: int) -> None:
    """``count`` new clients on device A, each with its pending ``create_client`` mutation
    carrying the whole stored row, as ``outbox.record_mutation`` writes a creation."""
    store = clinic.store
    now = dt.datetime.now(dt.UTC)
    with write_transaction(store) as conn:
        next_no = (conn.scalar(select(func.max(OutboxMutation.mutation_no))) or 0) + 1
        clients, mutations = [], []
        for n in range(count):
            fields = client_fields(clinic.org_id, n)
            hlc, client_id = store.clock.now(), new_id()
            row = {**fields, "id": client_id, "updated_hlc": hlc, "updated_by": store.device_id}
            row["date_of_birth"] = dt.date.fromisoformat(fields["date_of_birth"])
            clients.append(row | {"created_at": now, "deleted": False})
            mutations.append(
                {
                    "mutation_no": next_no + n,
                    "id": new_id(),
                    "name": "create_client",
                    "entity": "client",
                    "entity_id": client_id,
                    "fields": fields,
                    "schema_version": 1,
                    "hlc": hlc,
                    "created_at": now,
                    "status": "pending",
                    "result": "",
                }
            )
        conn.execute(insert(Client), clients)
        stored = {
            row["id"]: {k: to_json(v) for k, v in row.items() if k not in NOT_SENT}
            for row in conn.execute(select(Client.__table__)).mappings()
        }
        for mutation in mutations:
            mutation["fields"] = stored[mutation["entity_id"]]
        conn.execute(insert(OutboxMutation), mutations)


def pending_mutations(clinic: Clinic) -> list[Mutation]:
    with clinic.store.session_factory() as session:
        rows = session.scalars(
            select(OutboxMutation)
            .where(OutboxMutation.name == "create_client")
            .order_by(OutboxMutation.mutation_no)
        )
        return [
            Mutation(
                mutation_no=r.mutation_no,
                id=r.id,
                name=r.name,
                entity=r.entity,
                entity_id=r.entity_id,
                fields=r.fields,
                schema_version=r.schema_version,
                hlc=r.hlc,
                created_at=r.created_at,
            )
            for r in rows
        ]


def direct_insert(
    bench: Bench, mutations: list[Mutation], *, batch: int, copy: bool = False
) -> float:
    """Seconds to INSERT the rows these mutations make straight into ``sync_row`` (same
    data and per-field HLC JSON the push stores), ``batch`` rows per transaction, under an
    organisation of its own: SQLAlchemy's INSERT with the list of rows (multi-row VALUES on
    this engine), or with ``copy`` the server's own bulk path (``bulk.insert_rows``: COPY on
    PostgreSQL), which the push itself uses."""
    org_id, device_id = new_id(), new_id()
    rows = []
    for seq, m in enumerate(mutations, start=1):
        data = {**m.fields, "org_id": org_id}
        rows.append(
            {
                "org_id": org_id,
                "entity": m.entity,
                "entity_id": m.entity_id,
                "data": data,
                "field_hlcs": dict.fromkeys(data, m.hlc),
                "seq": seq,
                "created_seq": seq,
                "hlc": m.hlc,
                "deleted": False,
                "updated_by": device_id,
            }
        )
    table = SyncRow.metadata.tables[SyncRow.__tablename__]
    start = time.perf_counter()
    for i in range(0, len(rows), batch):
        with bench.database.write() as session:
            if copy:
                insert_rows(session, table, rows[i : i + batch])
            else:
                session.execute(insert(table), rows[i : i + batch])
            session.commit()
    return time.perf_counter() - start


def server_push_in_process(bench: Bench, mutations: list[Mutation]) -> float:
    """Seconds the server's own push path (policies, sync_row, mutation log, counter) takes
    for the same mutations, called in this process: no HTTP, no JSON, no device."""
    org_id, device_id = new_id(), new_id()
    create_org(bench.database, "Direct push", org_id=org_id)
    code = issue_enrol_code(bench.database, org_id).code
    request = EnrolRequest(code=code, device_id=device_id, device_name="direct")
    server_enrol(bench.database, request, "/v1/enrol")
    renumbered = [
        m.model_copy(update={"mutation_no": n, "fields": {**m.fields, "org_id": org_id}})
        for n, m in enumerate(mutations, start=1)
    ]
    start = time.perf_counter()
    for i in range(0, len(renumbered), MAX_PUSH_BATCH):
        answer = server_push(
            bench.database,
            device_id,
            PushRequest(mutations=renumbered[i : i + MAX_PUSH_BATCH]),
            "/v1/push",
        )
        assert all(r.status == "applied" for r in answer.results), answer.results[:1]
    return time.perf_counter() - start


def one_repeat(bench: Bench, count: int, repeat: int) -> dict[str, Any]:
    clinic = bench.new_clinic(f"Push clinic {repeat}")
    b = bench.joined_device(clinic, "treatment-room")
    fill_outbox(clinic, count)

    a_steps = Timings()
    with patched(
        a_steps,
        (engine, "push_pending", "push"),
        (engine, "pull_all", "echo_pull"),
        (engine, "verify_and_repair", "verify"),
        (SyncClient, "push_body", "push_http"),
    ):
        start = time.perf_counter()
        summary = engine.sync_once(clinic.store)
        a_total = time.perf_counter() - start
    check(summary, "device A's sync")
    if summary.pushed != count or summary.rejected:
        raise RuntimeError(f"A pushed {summary.pushed} of {count}, {summary.rejected} rejected")

    b_steps = Timings()
    with patched(
        b_steps,
        (engine, "pull_all", "pull"),
        (pull, "apply_changes", "pull_apply"),
        (SyncClient, "pull", "pull_http"),
        (engine, "dangling_references", "reference_check"),
        (engine, "verify_and_repair", "verify"),
        (snapshot, "apply_changes", "repair_apply"),
        (verify, "local_digests", "local_digests"),
    ):
        start = time.perf_counter()
        summary_b = engine.sync_once(b)
        b_total = time.perf_counter() - start
    check(summary_b, "device B's sync")
    if summary_b.pulled < count:
        raise RuntimeError(f"B pulled {summary_b.pulled} of {count}")

    mutations = pending_mutations(clinic)
    push_s = a_steps.seconds["push"]
    pull_s = b_steps.seconds["pull"]
    result = {
        "push_s": push_s,
        "push_per_s": count / push_s,
        "push_http_s": a_steps.seconds["push_http"],
        "push_device_s": push_s - a_steps.seconds["push_http"],
        "a_sync_total_s": a_total,
        "a_echo_pull_s": a_steps.seconds["echo_pull"],
        "a_verify_s": a_steps.seconds["verify"],
        "server_push_in_process_s": server_push_in_process(bench, mutations),
        "direct_insert_s": direct_insert(bench, mutations, batch=MAX_PUSH_BATCH),
        "direct_insert_one_txn_s": direct_insert(bench, mutations, batch=len(mutations)),
        "direct_bulk_s": direct_insert(bench, mutations, batch=MAX_PUSH_BATCH, copy=True),
        "pulled": summary_b.pulled,
        "pull_s": pull_s,
        "pull_per_s": summary_b.pulled / pull_s,
        "pull_http_s": b_steps.seconds["pull_http"],
        "pull_apply_s": b_steps.seconds["pull_apply"],
        "b_sync_total_s": b_total,
        "b_reference_check_s": b_steps.seconds["reference_check"],
        "b_verify_s": b_steps.seconds["verify"],
    }
    result["ratio"] = push_s / result["direct_insert_s"]
    result["ratio_one_txn"] = push_s / result["direct_insert_one_txn_s"]
    result["ratio_bulk"] = push_s / result["direct_bulk_s"]
    for store in (clinic.store, b):
        store.engine.dispose()
    return result


def push_and_pull(bench: Bench, count: int, repeats: int) -> dict[str, Any]:
    runs = [one_repeat(bench, count, r) for r in range(repeats)]
    return {"mutations": count, "repeats": repeats, **median_of(runs), "runs": runs}
