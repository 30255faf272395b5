"""Many rows into one table, fast, inside the session's transaction.

- PostgreSQL: ``COPY ... FROM STDIN`` on the session's own connection, one stream for all
  the rows. (A multi-row INSERT would be one huge statement that psycopg re-parses each
  time: its statement cache stops at 4 KB.)
- SQLite: the INSERT executed with the list of rows goes out as multi-row ``VALUES``
  statements (the engine enables SQLAlchemy's "insertmanyvalues" without RETURNING, see
  ``db.py``), compiled once and cached.

Values are bound exactly as SQLAlchemy binds them: each column type's own bind processing,
JSON serialised with the engine's own ``wire.json_text``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

import psycopg
from psycopg import sql
from sqlalchemy import JSON, Table, insert
from sqlalchemy.orm import Session

from medspa_server.wire import json_text


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT ``rows`` (dicts with the same keys) into ``table``."""
    if not rows:
        return
    raw = psycopg_connection(session)
    if raw is None:
        session.execute(insert(table), list(rows))
        return
    dialect = session.get_bind().dialect
    names = list(rows[0])
    converters = [_converter(table, name, dialect) for name in names]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    pairs = list(zip(names, converters, strict=True))
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([convert(row[name]) for name, convert in pairs])


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
