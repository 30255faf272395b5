"""New synced rows written by the server itself, complete as a device would send them.

A device's ``create_<entity>`` mutation carries every column of the row, defaults included
(``sync/outbox.py``), so every device that pulls it stores the same values; rows made here
are filled from the device schema's defaults the same way, and checked against it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.sql.schema import CallableColumnDefault, ScalarElementColumnDefault

from medspa_desktop.store.models import Base
from medspa_desktop.sync.values import to_json
from medspa_server.sync.fields import SERVER_MANAGED, field_problem
from medspa_server.sync.writer import OrgWriter, Row


def full_row(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """Every column of ``entity`` except the sync stamps: ``values`` (as JSON) over the
    schema's defaults; raises ``KeyError`` for a required column with neither."""
    data: dict[str, Any] = {}
    for column in Base.metadata.tables[entity].columns:
        name = column.name
        if name in SERVER_MANAGED:
            continue
        default = column.default
        if name in values:
            data[name] = to_json(values[name])
        elif isinstance(default, ScalarElementColumnDefault):
            data[name] = default.arg
        elif isinstance(default, CallableColumnDefault):
            data[name] = to_json(default.arg(None))  # type: ignore[arg-type]  # no context needed
        elif column.nullable:
            data[name] = None
        else:
            raise KeyError(f"a new {entity} needs a value for {name!r}")
    return data


def insert_new(writer: OrgWriter, entity: str, entity_id: str, values: dict[str, Any]) -> Row:
    """Add a complete new row of ``entity`` under the next sequence number, stamped with a
    fresh server HLC, so every device of the organisation pulls it. Writer's thread."""
    data = full_row(entity, {**values, "org_id": writer.org_id})
    problem = field_problem(entity, entity_id, data)
    if problem:
        raise ValueError(f"the online booking made an unstorable {entity}: {problem}")
    stamp = writer.server_hlc()
    return writer.insert(entity, entity_id, data, dict.fromkeys(data, stamp))
