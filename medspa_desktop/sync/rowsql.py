"""Write many whole rows fast: DB-API ``executemany`` with each column's own bind processing.

Public API: ``insert_rows(conn, table, columns, rows, *, stored=False)`` and
``update_rows(conn, table, columns, rows, *, stored=False)`` (by ``id``). Caller's
transaction and thread. ``stored=True`` takes values already in stored form
(``values.stored_row``, what a pull uses): only model defaults are then processed.

SQLAlchemy's own executemany builds a parameter dictionary per row, which was a third of the
time of applying a pulled page. Here each column's bind processor (aware UTC datetime to
stored text, JSON to text, date to text ...) is looked up once per statement shape and
applied to plain tuples, so values are stored exactly as the ORM stores them.

NOTE: plain INSERT and UPDATE, never INSERT ... ON CONFLICT DO UPDATE: an upsert's conflict
policy overrides the INSERT OR IGNORE inside the client search triggers, which then fail.
"""

# ruff: noqa: S608 - statements are built from the model's table and column names only

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnDefault, Connection, Dialect, Table

from medspa_desktop.store.models import Base

Processor = Callable[[Any], Any] | None


def insert_rows(
    conn: Connection,
    table: Table,
    columns: tuple[str, ...],
    rows: Sequence[Mapping[str, Any]],
    *,
    stored: bool = False,
) -> None:
    """Insert ``rows`` (each holding every name in ``columns``) into ``table``; other columns
    take their model defaults, as an ORM insert would give them. ``stored``: the rows' values
    are already in stored form (``values.stored_row``)."""
    given = len(columns)
    defaults = [(n, d) for n, d in _defaults(table.name).items() if n not in columns]
    if defaults:
        columns = (*columns, *(name for name, _ in defaults))
        rows = [{**row, **{n: _default_value(d) for n, d in defaults}} for row in rows]
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
    _execute_many(conn, sql, table.name, columns, rows, given if stored else 0)


def update_rows(
    conn: Connection,
    table: Table,
    columns: tuple[str, ...],
    rows: Sequence[Mapping[str, Any]],
    *,
    stored: bool = False,
) -> None:
    """Set ``columns`` of the rows of ``table`` with the ids of ``rows``; ``stored`` as for
    ``insert_rows``."""
    if not columns:
        return
    assignments = ", ".join(f'"{c}" = ?' for c in columns)
    sql = f'UPDATE "{table.name}" SET {assignments} WHERE "id" = ?'
    columns = (*columns, "id")
    _execute_many(conn, sql, table.name, columns, rows, len(columns) if stored else 0)


def _execute_many(
    conn: Connection,
    sql: str,
    table_name: str,
    columns: tuple[str, ...],
    rows: Sequence[Mapping[str, Any]],
    stored: int,
) -> None:
    """``stored``: how many of the leading ``columns`` hold stored-form values already."""
    processors = _processors(conn.dialect, table_name, columns)[stored:]
    # Plain values taken in one itemgetter call, then only the columns that need it
    # processed: a generator over every column of every row was a fifth of applying a page.
    take = operator.itemgetter(*columns)
    convert = [(i, process) for i, process in enumerate(processors, stored) if process is not None]
    single = len(columns) == 1
    params: list[tuple[Any, ...]] = []
    for row in rows:
        values = [take(row)] if single else list(take(row))
        for i, process in convert:
            values[i] = process(values[i])
        params.append(tuple(values))
    conn.exec_driver_sql(sql, params)


@lru_cache(maxsize=128)
def _defaults(table_name: str) -> dict[str, ColumnDefault]:
    columns = Base.metadata.tables[table_name].columns
    return {c.name: c.default for c in columns if isinstance(c.default, ColumnDefault)}


def _default_value(default: ColumnDefault) -> Any:
    # SQLAlchemy wraps a callable default to take the execution context; none is needed by
    # these models' defaults (utcnow, new_id, dict, list).
    return default.arg(None) if default.is_callable else default.arg


@lru_cache(maxsize=1024)
def _processors(dialect: Dialect, table_name: str, columns: tuple[str, ...]) -> list[Processor]:
    table = Base.metadata.tables[table_name]
    return [table.c[name].type.bind_processor(dialect) for name in columns]
