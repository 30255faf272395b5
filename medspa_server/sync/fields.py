"""Checks a mutation's fields against the device schema of its entity.

The server stores rows generically, but a field the device schema does not have, or a value
of the wrong kind, would break every device that pulls the row; so it is refused up front.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Integer, String, Text
from sqlalchemy.types import TypeDecorator, TypeEngine

from medspa_desktop.domain.sync_policy import ENTITIES
from medspa_desktop.store.models import Base

SERVER_MANAGED = frozenset({"id", "updated_hlc", "updated_by"})
"""Sync columns the server fills from the mutation itself; a device that sends them (say,
uploading whole rows) has them ignored."""


def _is_datetime(value: Any) -> bool:
    return isinstance(value, str) and _parses(dt.datetime.fromisoformat, value)


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and _parses(dt.date.fromisoformat, value)


def _parses(parse: Callable[[str], object], text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


_CHECKS: tuple[tuple[type[TypeEngine[Any]], str, type | None, Callable[[Any], bool]], ...] = (
    # (column type, what it takes in words, the JSON type always fine, the full check)
    (Boolean, "true or false", bool, lambda v: isinstance(v, bool)),
    (Integer, "a whole number", int, lambda v: isinstance(v, int) and not isinstance(v, bool)),
    (DateTime, "a date and time (ISO-8601)", None, _is_datetime),
    (Date, "a date (ISO-8601)", None, _is_date),
    (JSON, "JSON", object, lambda v: True),
    (String, "text", str, lambda v: isinstance(v, str)),
    (Text, "text", str, lambda v: isinstance(v, str)),
)


class FieldRule:
    """What one column of the device schema accepts."""

    __slots__ = ("accepts", "expected", "nullable", "plain")

    def __init__(self, column: Column[Any]) -> None:
        sql_type = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
        kind = next(c for c in _CHECKS if isinstance(sql_type, c[0]))
        self.expected = kind[1]
        self.plain = kind[2]
        """Values of exactly this type pass without the full check (None: always check)."""
        self.accepts = kind[3]
        self.nullable = bool(column.nullable)

    def problem(self, name: str, value: Any) -> str | None:
        if value is None:
            return None if self.nullable else f"'{name}' can't be empty"
        if self.plain is object or type(value) is self.plain:
            return None
        return None if self.accepts(value) else f"'{name}' must be {self.expected}"


SCHEMA: dict[str, dict[str, FieldRule]] = {
    entity: {column.name: FieldRule(column) for column in Base.metadata.tables[entity].columns}
    for entity in ENTITIES
}


def storable(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` without the sync columns the server sets itself."""
    return {name: value for name, value in fields.items() if name not in SERVER_MANAGED}


def field_problem(entity: str, entity_id: str, fields: Mapping[str, Any]) -> str | None:
    """Why ``fields`` can't be stored as ``entity`` (a sentence for people), or None."""
    if fields.get("id", entity_id) != entity_id:
        return "its 'id' field names a different record than the change itself"
    rules = SCHEMA[entity]
    # NOTE: every field of every pushed row comes through here: the plain cases are
    # decided inline, the rest by the rule.
    for name, value in fields.items():
        rule = rules.get(name)
        if rule is None:
            if name in SERVER_MANAGED:
                continue
            return f"a {entity.replace('_', ' ')} record has no field '{name}'"
        if value is not None and (rule.plain is object or type(value) is rule.plain):
            continue
        if name not in SERVER_MANAGED:
            problem = rule.problem(name, value)
            if problem:
                return problem
    return None
