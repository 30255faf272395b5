"""Many rows into one table, fast, inside the session's transaction.

- PostgreSQL: ``COPY ... FROM STDIN`` on the session's own connection, one stream for all
  the rows. (A multi-row INSERT would be one huge statement that psycopg re-parses each
  time: its statement cache stops at 4 KB.)
- SQLite: one plain INSERT run for every row by the driver's ``executemany`` (SQLAlchemy
  built a parameter dictionary and multi-row statement per batch: a tenth of a push).

Values are bound exactly as SQLAlchemy binds them: each column type's own bind processing,
JSON serialised with the engine's own ``wire.json_text``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

import psycopg
from psycopg import sql
from sqlalchemy import JSON, Table
from sqlalchemy.orm import Session

from medspa_server.wire import json_text


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT ``rows`` (dicts with the same keys) into ``table``."""
    if not rows:
        return
    dialect = session.get_bind().dialect
    names = list(rows[0])
    pairs = [(name, _converter(table, name, dialect)) for name in names]
    values = ([convert(row[name]) for name, convert in pairs] for row in rows)
    raw = psycopg_connection(session)
    if raw is None:
        columns = ", ".join(f'"{name}"' for name in names)
        marks = ", ".join("?" for _ in names)
        statement = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'  # noqa: S608
        session.connection().exec_driver_sql(statement, [tuple(each) for each in values])
        return
    copy_statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    with raw.cursor() as cursor, cursor.copy(copy_statement) as copy:
        for each in values:
            copy.write_row(each)


def psycopg_connection(session: Session) -> psycopg.Connection[Any] | None:
    """The psycopg connection under the session's transaction on PostgreSQL, else None."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return None
    return cast("psycopg.Connection[Any]", connection.connection.dbapi_connection)


def _converter(table: Table, name: str, dialect: Any) -> Callable[[Any], Any]:
    column_type = table.c[name].type
    if isinstance(column_type, JSON):
        return lambda value: None if value is None else json_text(value)
    process = column_type.bind_processor(dialect)
    if process is None:
        return lambda value: value
    return process
