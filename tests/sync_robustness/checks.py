"""What the robustness tests assert about devices and the server once the dust settles, and
what must hold at every crash point in between.

Rows are compared by content: every synced row of the organisation, on a device and on the
server, is turned into the same canonical JSON (the wire's JSON of each column), and each
table is hashed over its sorted rows. The server's rows are read straight from its database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import select
from sync.server import Server

from medspa_desktop.domain.sync_policy import (
    APPOINTMENT_FREE_STATUSES,
    APPOINTMENT_RESOURCES,
    ENTITIES,
    LEDGERS,
    overlaps,
)
from medspa_desktop.store.database import Store
from medspa_desktop.store.models import OutboxMutation
from medspa_desktop.sync import state
from medspa_desktop.sync.engine import SyncSummary, sync_once
from medspa_desktop.sync.protocol import Change
from medspa_desktop.sync.values import row_from_json, table_of, to_json
from medspa_server.db import Database
from medspa_server.models import Device, MutationLog, OrgCounter, SyncRow
from medspa_server.settings import Settings
from medspa_server.sync.reads import changes_since

Tables = dict[str, dict[str, dict[str, Any]]]
"""entity -> id -> canonical row (column name -> JSON value)."""
ACKNOWLEDGED = frozenset({"applied", "merged", "conflict"})
EVERYTHING = 10**9


def server_database(server: Server) -> Database:
    """The server's own database, read directly (SQLite file or PostgreSQL)."""
    settings = Settings(data_dir=server.data_dir, database_url=server.database_url)
    return Database(settings.resolved_database_url())


def _canonical(row: Mapping[str, Any]) -> dict[str, Any]:
    return {name: to_json(value) for name, value in sorted(row.items())}


def device_tables(store: Store, org_id: str) -> Tables:
    tables: Tables = {}
    with store.engine.connect() as conn:
        for entity in ENTITIES:
            table = table_of(entity)
            rows = conn.execute(select(table).where(table.c.org_id == org_id)).mappings()
            tables[entity] = {row["id"]: _canonical(row) for row in rows}
    return tables


def server_tables(database: Database, org_id: str) -> Tables:
    tables: Tables = {entity: {} for entity in ENTITIES}
    with database.read() as session:
        page = changes_since(session, org_id, 0, EVERYTHING)
    # Read as a device reads them: the JSON the server sends, validated as the wire model.
    changes = [Change.model_validate_json(orjson.dumps(change)) for change in page]
    for change in changes:
        typed = row_from_json(table_of(change.entity), change.data)
        tables[change.entity][change.entity_id] = _canonical(typed)
    return tables


def digest(rows: Mapping[str, Mapping[str, Any]]) -> str:
    text = json.dumps(sorted(rows.items()), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def assert_identical(holders: Mapping[str, Tables]) -> None:
    """Every holder (devices and server) has the same rows in every table, to the byte."""
    (first, reference), *others = holders.items()
    problems = []
    for name, tables in others:
        for entity in ENTITIES:
            mine, theirs = reference.get(entity, {}), tables.get(entity, {})
            if digest(mine) != digest(theirs):
                problems.append(_difference(entity, first, mine, name, theirs))
    assert not problems, "the holders' data differs:\n" + "\n".join(problems)


def _difference(entity: str, a: str, rows_a: Mapping, b: str, rows_b: Mapping) -> str:
    only_a, only_b = sorted(rows_a.keys() - rows_b.keys()), sorted(rows_b.keys() - rows_a.keys())
    changed = []
    for row_id in sorted(rows_a.keys() & rows_b.keys()):
        fields = {
            k: (rows_a[row_id].get(k), rows_b[row_id].get(k))
            for k in rows_a[row_id].keys() | rows_b[row_id].keys()
            if rows_a[row_id].get(k) != rows_b[row_id].get(k)
        }
        if fields:
            changed.append(f"{row_id}: {fields}")
    return (
        f"  {entity}: {len(only_a)} only on {a} {only_a[:3]}, {len(only_b)} only on {b} "
        f"{only_b[:3]}, {len(changed)} differ ({a}, {b}): {changed[:3]}"
    )


@dataclass(frozen=True)
class Sent:
    """One outbox mutation as the device holds it."""

    mutation_no: int
    id: str
    name: str
    entity: str
    entity_id: str
    fields: dict[str, Any]
    hlc: str
    status: str


def outbox(store: Store) -> list[Sent]:
    with store.session_factory() as session:
        rows = session.scalars(select(OutboxMutation).order_by(OutboxMutation.mutation_no))
        return [
            Sent(r.mutation_no, r.id, r.name, r.entity, r.entity_id, r.fields, r.hlc, r.status)
            for r in rows
        ]


@dataclass(frozen=True)
class ServerView:
    """What the server holds about one device and its organisation."""

    last_applied: int
    logged: dict[int, str]
    """mutation number -> mutation id, as the server logged each one it processed."""
    counter: int


def server_view(database: Database, device_id: str, org_id: str) -> ServerView:
    with database.read() as session:
        last = session.scalar(select(Device.last_mutation_no).where(Device.id == device_id))
        logged = dict(
            session.execute(
                select(MutationLog.mutation_no, MutationLog.mutation_id).where(
                    MutationLog.device_id == device_id
                )
            ).all()
        )
        counter = session.scalar(select(OrgCounter.value).where(OrgCounter.org_id == org_id))
    return ServerView(last or 0, logged, counter or 0)


def check_after_crash(store: Store, database: Database, org_id: str) -> None:
    """What must hold at any moment, even right after the device was killed: the outbox is
    intact (numbers 1..n, acknowledged ones before pending ones), everything the device holds
    as acknowledged is on the server under the same mutation id, the server holds nothing the
    device does not know it sent, and the device is never ahead of the server."""
    sent = outbox(store)
    view = server_view(database, store.device_id, org_id)
    numbers = [m.mutation_no for m in sent]
    assert numbers == list(range(1, len(sent) + 1)), "the outbox lost or doubled a number"
    acknowledged = [m for m in sent if m.status != state.PENDING]
    pending = [m for m in sent if m.status == state.PENDING]
    if acknowledged and pending:
        assert acknowledged[-1].mutation_no < pending[0].mutation_no, "acknowledged out of order"
    for mutation in acknowledged:
        assert view.logged.get(mutation.mutation_no) == mutation.id, (
            f"mutation {mutation.mutation_no} is acknowledged on the device but the server "
            f"holds {view.logged.get(mutation.mutation_no)!r}"
        )
    mine = {m.mutation_no: m.id for m in sent}
    assert all(mine.get(no) == mid for no, mid in view.logged.items()), "unknown on the server"
    assert view.last_applied == max(view.logged, default=0)
    with store.engine.connect() as conn:
        last_applied = state.get(conn, state.LAST_APPLIED)
        cursor = state.cursor_of(conn)
    assert int(last_applied or 0) <= view.last_applied
    assert cursor is None or cursor <= view.counter


def assert_caught_up(store: Store, database: Database, org_id: str) -> None:
    """After a complete sync: nothing pending, every mutation processed by the server exactly
    once under its id, the device's acknowledged number and cursor equal the server's."""
    sent = outbox(store)
    view = server_view(database, store.device_id, org_id)
    assert [m for m in sent if m.status == state.PENDING] == [], "changes still pending"
    assert {m.mutation_no: m.id for m in sent} == view.logged
    assert view.last_applied == len(sent)
    with store.engine.connect() as conn:
        assert int(state.get(conn, state.LAST_APPLIED) or 0) == len(sent)
        assert state.cursor_of(conn) == view.counter, "the device's cursor is behind"


def assert_every_change_exactly_once(
    outboxes: Iterable[list[Sent]], server: Tables, *, refusable: frozenset[str] = frozenset()
) -> None:
    """Every row any device created is on the server once (and nothing else is); every
    ledger row holds exactly what was recorded; every edited field holds the value of the
    latest acknowledged edit (by HLC) of that field, on any device. Only changes to the
    entities in ``refusable`` may have been refused (and then count for nothing)."""
    created: dict[str, set[str]] = defaultdict(set)
    latest: dict[tuple[str, str, str], tuple[str, Any]] = {}
    for sent in outboxes:
        for m in sent:
            if (
                m.status == "rejected"
                and m.entity in refusable
                and not m.name.startswith("create_")
            ):
                continue
            assert m.status in ACKNOWLEDGED, f"{m.name} {m.entity_id} was {m.status}"
            if m.name == f"create_{m.entity}":
                created[m.entity].add(m.entity_id)
            if m.entity in LEDGERS:
                row = server[m.entity][m.entity_id]
                assert all(row[k] == v for k, v in _typed(m.entity, m.fields).items()), (
                    f"{m.entity} {m.entity_id} differs from what was recorded"
                )
                continue
            for name, value in _typed(m.entity, m.fields).items():
                key = (m.entity, m.entity_id, name)
                if key not in latest or m.hlc > latest[key][0]:
                    latest[key] = (m.hlc, value)
    for entity in ENTITIES:
        assert server[entity].keys() == created[entity], f"{entity}: rows lost or doubled"
    for (entity, entity_id, name), (_, value) in latest.items():
        if (entity, name) == ("appointment", "status"):
            continue  # the server may set it to conflict: checked by assert_overlaps_flagged
        assert server[entity][entity_id][name] == value, f"{entity}.{name} of {entity_id}"


def _typed(entity: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """A mutation's fields in canonical form (as ``device_tables`` shows them)."""
    skip = {"id", "updated_hlc", "updated_by"}
    typed = row_from_json(table_of(entity), {k: v for k, v in fields.items() if k not in skip})
    return _canonical(typed)


def assert_overlaps_flagged(database: Database, org_id: str, appointments: Mapping) -> None:
    """Taking the appointments in the order the server first stored them, each one that
    overlaps an earlier booked one for the same practitioner, room or machine is in status
    ``conflict`` and every other one stays booked: every overlapping pair is flagged exactly
    once, and no two booked appointments overlap."""
    with database.read() as session:
        order = session.scalars(
            select(SyncRow.entity_id)
            .where(SyncRow.org_id == org_id, SyncRow.entity == "appointment")
            .order_by(SyncRow.created_seq)
        ).all()
    booked: list[dict[str, Any]] = []
    for appointment_id in order:
        row = appointments[appointment_id]
        assert row["status"] not in APPOINTMENT_FREE_STATUSES - {"conflict"}
        clash = [other["id"] for other in booked if _clash(row, other)]
        expected = "conflict" if clash else "booked"
        assert row["status"] == expected, (
            f"appointment {appointment_id} is {row['status']}, expected {expected} "
            f"(overlapping booked ones: {clash})"
        )
        if not clash:
            booked.append(row)


def _clash(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    shared = any(a[k] is not None and a[k] == b[k] for k in APPOINTMENT_RESOURCES)
    times = [dt.datetime.fromisoformat(r[k]) for r in (a, b) for k in ("starts_at", "ends_at")]
    return shared and overlaps(*times)


def converge(stores: list[Store]) -> None:
    """Sync every device in turn until none sends or receives anything."""
    for _ in range(4):
        summaries = [sync_once(store) for store in stores]
        assert all(s.ok for s in summaries), [s.errors for s in summaries]
        assert all(s.mismatched == () for s in summaries), "a table needed repair"
        if all(s.pushed == 0 and s.pulled == 0 for s in summaries):
            return
    raise AssertionError("the devices did not stop exchanging changes")


def assert_failed_readably(summary: SyncSummary) -> None:
    assert not summary.ok and len(summary.errors) == 1
    message = summary.errors[0]
    assert message.startswith("The sync server"), message
    assert "Nothing was" in message or "Changes stay on this device" in message, message


def assert_converged(
    stores: list[Store], database: Database, org_id: str, *, refusable: frozenset[str] = frozenset()
) -> None:
    """Everything a synced clinic relies on, once every device synced until nothing moved."""
    server = server_tables(database, org_id)
    holders = {"server": server}
    for store in stores:
        assert_caught_up(store, database, org_id)
        holders[store.data_dir.name] = device_tables(store, org_id)
    assert_identical(holders)
    outboxes = [outbox(store) for store in stores]
    assert_every_change_exactly_once(outboxes, server, refusable=refusable)
    assert_overlaps_flagged(database, org_id, server["appointment"])
