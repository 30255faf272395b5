"""Row values to and from the wire's JSON (times as ISO-8601 UTC text, dates as ISO text).

Public API: ``table_of(entity)``, ``to_json(value)``, ``row_from_json(table, data)``,
``stored_row(table, data)``. Pure functions over the SQLAlchemy metadata; any thread.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import orjson
from sqlalchemy import JSON, Boolean, Column, Date, Integer, Table

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
    row, converters = _known(table, data, stored=False)
    for name, convert in converters:
        value = row.get(name)
        if value is not None:
            row[name] = convert(value)
    return row


def stored_row(table: Table, data: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of ``table`` found in ``data`` in the form the store keeps them, for
    plain DB-API statements (rowsql.py with ``stored=True``): the values the ORM's bind
    processing gives for ``row_from_json(table, data)`` (times as ``YYYY-MM-DD
    HH:MM:SS.ffffff`` UTC text, dates as ISO text, booleans as 0/1), JSON as compact text
    (the same JSON; the ORM's text has spaces after separators).

    Pulling spends its time here: a wire time in the usual ``...T...+00:00`` form is checked
    and then re-cut as text, never turned into a datetime and formatted back. Raises
    ``ValueError`` or ``TypeError`` for a value of the wrong kind, as the ORM would.
    """
    row, converters = _known(table, data, stored=True)
    for name, convert in converters:
        if name in row:
            row[name] = convert(row[name])
    return row


def _known(
    table: Table, data: Mapping[str, Any], *, stored: bool
) -> tuple[dict[str, Any], tuple[tuple[str, Converter], ...]]:
    """The items of ``data`` that are columns of ``table`` (a copy), and the converters."""
    names, converters = _columns(table.name, stored=stored)
    row = dict(data) if data.keys() <= names else {k: v for k, v in data.items() if k in names}
    return row, converters


@cache
def _columns(
    table_name: str, *, stored: bool
) -> tuple[frozenset[str], tuple[tuple[str, Converter], ...]]:
    """The table's column names, and a converter for each column whose JSON form differs:
    to the Python value, or with ``stored`` to the form the store keeps."""
    columns = Base.metadata.tables[table_name].columns
    pick = _to_stored if stored else _converter
    converters = ((c.name, pick(c)) for c in columns)
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


def _to_stored(column: Column[Any]) -> Converter | None:
    kind = column.type
    if isinstance(kind, JSON):
        return _stored_json  # None too: SQLAlchemy keeps a JSON None as the text null
    convert: Converter
    if isinstance(kind, UtcDateTime):
        convert = _stored_utc
    elif isinstance(kind, Date):
        convert = _stored_date
    elif isinstance(kind, Boolean):
        convert = _stored_bool
    elif isinstance(kind, Integer):
        convert = int
    else:
        return None
    return _none_or(convert)


def _none_or(convert: Converter) -> Converter:
    return lambda value: None if value is None else convert(value)


_UTC_SUFFIX = "+00:00"
_WITH_MICROSECONDS = len("2026-01-31T09:30:00.000000+00:00")
_WHOLE_SECONDS = len("2026-01-31T09:30:00+00:00")


def _stored_utc(text: Any) -> str:
    if type(text) is str and text.endswith(_UTC_SUFFIX) and text[10:11] == "T":
        if len(text) == _WITH_MICROSECONDS:
            dt.datetime.fromisoformat(text)  # raises ValueError for a malformed time
            return f"{text[:10]} {text[11:26]}"
        if len(text) == _WHOLE_SECONDS:
            dt.datetime.fromisoformat(text)
            return f"{text[:10]} {text[11:19]}.000000"
    return _utc_datetime(text).strftime("%Y-%m-%d %H:%M:%S.%f")


def _stored_date(text: Any) -> str:
    return dt.date.fromisoformat(text).isoformat()


def _stored_bool(value: Any) -> int:
    if not isinstance(value, bool | int) or value not in (0, 1):
        raise TypeError(f"Not a boolean value: {value!r}")
    return int(value)


def _stored_json(value: Any) -> str:
    """JSON text (``null`` for None, as SQLAlchemy's JSON type stores it), compact."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # an integer beyond 64 bits, which orjson refuses
        return json.dumps(value)
