"""Row values to and from the wire's JSON (times as ISO-8601 UTC text, dates as ISO text).

Public API: ``table_of(entity)``, ``to_json(value)``, ``row_from_json(table, data)``.
Pure functions over the SQLAlchemy metadata; any thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer, Table

from medspa_desktop.domain.sync_policy import ENTITIES
from medspa_desktop.store.models import Base, UtcDateTime

Converter = Callable[[Any], Any]


class UnknownEntity(LookupError):
    """The server named a table this version of the app does not sync."""


def table_of(entity: str) -> Table:
    """The local table of a synced entity; raises ``UnknownEntity`` for any other name."""
    if entity not in ENTITIES:
        raise UnknownEntity(entity)
    return Base.metadata.tables[entity]


def to_json(value: Any) -> Any:
    """A column value as JSON: aware datetimes and dates as ISO text, the rest unchanged."""
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def row_from_json(table: Table, data: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of ``table`` found in ``data``, converted to their Python types.

    Keys the table lacks are left out: a newer server may send columns this version does not
    have yet, and a row must still be kept.
    """
    names, converters = _columns(table.name)
    row = dict(data) if data.keys() <= names else {k: v for k, v in data.items() if k in names}
    for name, convert in converters:
        value = row.get(name)
        if value is not None:
            row[name] = convert(value)
    return row


@cache
def _columns(table_name: str) -> tuple[frozenset[str], tuple[tuple[str, Converter], ...]]:
    """The table's column names, and a converter for each column whose JSON form differs."""
    columns = Base.metadata.tables[table_name].columns
    converters = ((c.name, _converter(c)) for c in columns)
    return frozenset(c.name for c in columns), tuple((n, f) for n, f in converters if f)


def _converter(column: Column[Any]) -> Converter | None:
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return _utc_datetime
    if isinstance(kind, Date):
        return dt.date.fromisoformat
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, Integer):
        return int
    return None


def _utc_datetime(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
