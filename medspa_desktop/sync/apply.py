"""Store pulled changes: upsert whole rows, never over a field with a pending local edit.

Public API (all on a Core connection inside the caller's write transaction, so a page and
its new cursor commit together; sync worker thread):

- ``apply_changes(conn, changes) -> AppliedPage``
- ``pending_fields(conn, entity, ids) -> {id: field names}``
- ``dangling_references(conn, tables) -> [readable problem]``

Pulled rows are not local edits, so no outbox mutation is written for them. New rows are
inserted and known ones updated with plain statements (rowsql.py). Clients are written with
the search triggers paused and then indexed in a few set-based statements (store/search.py).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, Table, column, func, select
from sqlalchemy.exc import IntegrityError

from medspa_desktop.store.models import OutboxMutation
from medspa_desktop.store.search import client_search_paused, index_clients
from medspa_desktop.sync.errors import ApplyError
from medspa_desktop.sync.pages import ChangeRow
from medspa_desktop.sync.rowsql import insert_rows, update_rows
from medspa_desktop.sync.state import PENDING
from medspa_desktop.sync.values import UnknownEntity, stored_row, table_of

STAMP_FIELDS = frozenset({"updated_hlc", "updated_by"})
"""Kept with the local edit while one is pending: the row's newest change is still local."""


@dataclass(frozen=True)
class AppliedPage:
    rows: int
    tables: frozenset[str]
    unknown_entities: frozenset[str]
    """Entities this version of the app does not have; their changes were not stored."""


def apply_changes(conn: Connection, changes: Sequence[ChangeRow]) -> AppliedPage:
    """Upsert every change's row; a later change of the same row in the page wins."""
    latest = {(c.entity, c.entity_id): c for c in changes}
    by_entity: dict[str, list[ChangeRow]] = defaultdict(list)
    for change in latest.values():
        by_entity[change.entity].append(change)
    unknown = set()
    for entity, group in by_entity.items():
        try:
            _apply_entity(conn, entity, group)
        except UnknownEntity:
            unknown.add(entity)
    tables = frozenset(by_entity) - unknown
    return AppliedPage(len(latest), tables, frozenset(unknown))


def _apply_entity(conn: Connection, entity: str, changes: list[ChangeRow]) -> None:
    table = table_of(entity)
    ids = [c.entity_id for c in changes]
    pending, existing = pending_fields(conn, entity, ids), _existing(conn, table, ids)
    inserts: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    updates: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for change in changes:
        row = stored_row(table, change.data)
        row["id"] = change.entity_id
        if change.deleted:
            row["deleted"] = 1
        if change.entity_id in existing:
            keep = pending.get(change.entity_id, frozenset()) | {"id"}
            updates[tuple(sorted(row.keys() - keep))].append(row)
        else:
            inserts[tuple(sorted(row))].append(row)
    try:
        if entity == "client":
            with client_search_paused(conn):
                _write(conn, table, inserts, updates)
                index_clients(conn, ids, indexed=existing)
        else:
            _write(conn, table, inserts, updates)
    except IntegrityError as err:
        raise ApplyError(
            f"A {entity} row from the server could not be stored on this device "
            f"({err.orig}); for a UNIQUE constraint, another row here already holds the "
            "same value. Nothing of this sync page was stored and sync stops here: tell "
            "your administrator, who can merge or rename the duplicate."
        ) from err


def _write(
    conn: Connection,
    table: Table,
    inserts: dict[tuple[str, ...], list[dict[str, Any]]],
    updates: dict[tuple[str, ...], list[dict[str, Any]]],
) -> None:
    for columns, rows in inserts.items():
        insert_rows(conn, table, columns, rows, stored=True)
    for columns, rows in updates.items():
        update_rows(conn, table, columns, rows, stored=True)


def _existing(conn: Connection, table: Table, ids: Sequence[str]) -> set[str]:
    return set(conn.scalars(select(table.c.id).where(table.c.id.in_(_each(ids)))))


def _each(ids: Iterable[str]) -> Select[tuple[Any]]:
    """The ids as one JSON parameter (``json_each``): a statement with one bound value is
    compiled once and cached, where ``IN`` over 2,000 values was compiled for every page
    (a tenth of a first sync's time on the device)."""
    return select(column("value")).select_from(func.json_each(json.dumps(list(ids))))


def pending_fields(conn: Connection, entity: str, ids: Sequence[str]) -> dict[str, frozenset[str]]:
    """The fields of each row in ``ids`` that pending outbox mutations still have to push.

    Read inside the write transaction that applies the page, so a service cannot add a
    pending edit in between.
    """
    found: dict[str, set[str]] = defaultdict(set)
    rows = conn.execute(
        select(OutboxMutation.entity_id, OutboxMutation.fields).where(
            OutboxMutation.status == PENDING,
            OutboxMutation.entity == entity,
            OutboxMutation.entity_id.in_(_each(ids)),
        )
    )
    for entity_id, fields in rows:
        found[entity_id].update(fields)
    return {entity_id: frozenset(names | STAMP_FIELDS) for entity_id, names in found.items()}


def dangling_references(conn: Connection, tables: Iterable[str]) -> list[str]:
    """Readable lines naming rows of ``tables`` that refer to a row this device lacks."""
    problems: Counter[tuple[str, str]] = Counter()
    for name in sorted(tables):
        table_of(name)  # only synced tables' names reach the PRAGMA below
        for row in conn.exec_driver_sql(f'PRAGMA foreign_key_check("{name}")'):
            problems[row[0], row[2]] += 1
    return [
        f"{count} {table} row(s) refer to a {parent} this device does not hold; the next sync "
        "fetches it if the server has it, otherwise tell your administrator."
        for (table, parent), count in sorted(problems.items())
    ]
