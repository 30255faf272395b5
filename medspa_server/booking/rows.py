"""Reading synced rows for the online-booking page: every query names the organisation, and
only live rows (not tombstoned) come back, as plain dicts with their ``id``.

Filters on a row's fields run in SQL over its JSON (``->>`` on PostgreSQL, ``json_extract``
on SQLite), so a chain's thousands of rows of other locations are not parsed here.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from medspa_server.models import ServerOrg, SyncRow

Data = dict[str, Any]


def field(name: str) -> ColumnElement[str]:
    """A text field of the stored row, for ``where`` clauses."""
    return SyncRow.data[name].as_string()


def rows_of(
    session: Session, org_id: str, entity: str, *where: ColumnElement[bool], **equal: str
) -> list[Data]:
    """The organisation's live rows of ``entity`` matching ``where`` and ``field == value``
    for each of ``equal``, in creation order. Any thread that owns ``session``."""
    clauses = [*where, *(field(name) == value for name, value in equal.items())]
    query = (
        select(SyncRow.entity_id, SyncRow.data)
        .where(
            SyncRow.org_id == org_id,
            SyncRow.entity == entity,
            SyncRow.deleted.is_(False),
            *clauses,
        )
        .order_by(SyncRow.created_seq)
    )
    return [_live(entity_id, data) for entity_id, data in session.execute(query)]


def rows_by_id(session: Session, org_id: str, entity: str, ids: Collection[str]) -> dict[str, Data]:
    """The organisation's live rows of ``entity`` with these ids (missing ones left out)."""
    if not ids:
        return {}
    query = select(SyncRow.entity_id, SyncRow.data).where(
        SyncRow.entity == entity,
        SyncRow.entity_id.in_(sorted(ids)),
        SyncRow.org_id == org_id,
        SyncRow.deleted.is_(False),
    )
    return {entity_id: _live(entity_id, data) for entity_id, data in session.execute(query)}


def row_by_id(session: Session, org_id: str, entity: str, entity_id: str) -> Data | None:
    """One live row of the organisation, or None."""
    return rows_by_id(session, org_id, entity, [entity_id]).get(entity_id)


def location_anywhere(session: Session, location_id: str) -> tuple[str, Data] | None:
    """``(org_id, row)`` of the live location with this id, whichever organisation has it.

    NOTE: ids are made on devices, so a device of another organisation could push a location
    under an id it saw in a public booking link; the organisation that has been on this
    server longest keeps the link (the one whose device made the id).
    """
    query = (
        select(SyncRow.org_id, SyncRow.data)
        .join(ServerOrg, ServerOrg.id == SyncRow.org_id)
        .where(
            SyncRow.entity == "location",
            SyncRow.entity_id == location_id,
            SyncRow.deleted.is_(False),
        )
        .order_by(ServerOrg.created_at, ServerOrg.id)
        .limit(1)
    )
    found = session.execute(query).first()
    if found is None:
        return None
    return found.org_id, _live(location_id, found.data)


def _live(entity_id: str, data: Data) -> Data:
    return {**data, "id": entity_id}
