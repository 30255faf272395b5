"""One organisation's write transaction: its locked sequence counter and the rows it changes.

The counter row is locked first (``UPDATE ... RETURNING``: a row lock on PostgreSQL, the
write lock on SQLite) and written back at the end, so writers of one organisation run one
after the other, commit in sequence order, and a reader paging by ``seq`` never skips a row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from medspa_server.models import OrgCounter, SyncRow
from medspa_server.sync.clock import later, server_hlc

_PREFETCH = 500


class OrgWriter:
    """Hands out sequence numbers and caches the organisation's rows for one transaction.
    Use from the thread that owns ``session``."""

    def __init__(self, session: Session, org_id: str, device_id: str) -> None:
        self.session = session
        self.org_id = org_id
        self.device_id = device_id
        value, max_hlc = session.execute(
            update(OrgCounter)
            .where(OrgCounter.org_id == org_id)
            .values(value=OrgCounter.value)
            .returning(OrgCounter.value, OrgCounter.max_hlc)
        ).one()
        self.counter: int = value
        self.max_hlc: str = max_hlc
        self._rows: dict[tuple[str, str], SyncRow | None] = {}

    def prefetch(self, keys: Iterable[tuple[str, str]]) -> None:
        """Load the rows these (entity, id) pairs name in a few queries instead of one each."""
        by_entity: dict[str, list[str]] = {}
        for entity, entity_id in keys:
            if (entity, entity_id) not in self._rows:
                by_entity.setdefault(entity, []).append(entity_id)
                self._rows[(entity, entity_id)] = None
        for entity, ids in by_entity.items():
            for start in range(0, len(ids), _PREFETCH):
                chunk = ids[start : start + _PREFETCH]
                query = select(SyncRow).where(
                    SyncRow.org_id == self.org_id,
                    SyncRow.entity == entity,
                    SyncRow.entity_id.in_(chunk),
                )
                for row in self.session.scalars(query):
                    self._rows[(entity, row.entity_id)] = row

    def row(self, entity: str, entity_id: str) -> SyncRow | None:
        if (entity, entity_id) not in self._rows:
            self.prefetch([(entity, entity_id)])
        return self._rows[(entity, entity_id)]

    def observe(self, hlc: str) -> None:
        self.max_hlc = later(self.max_hlc, hlc)

    def server_hlc(self) -> str:
        """A fresh server HLC, later than every HLC this organisation has stored."""
        self.max_hlc = server_hlc(self.max_hlc)
        return self.max_hlc

    def insert(
        self, entity: str, entity_id: str, data: dict[str, Any], field_hlcs: dict[str, str]
    ) -> SyncRow:
        seq = self._next_seq()
        row = SyncRow(
            org_id=self.org_id,
            entity=entity,
            entity_id=entity_id,
            data=data,
            field_hlcs=field_hlcs,
            seq=seq,
            created_seq=seq,
            hlc=max(field_hlcs.values(), default=""),
            deleted=bool(data.get("deleted", False)),
            updated_by=self.device_id,
        )
        self.session.add(row)
        self._rows[(entity, entity_id)] = row
        return row

    def replace(self, row: SyncRow, data: dict[str, Any], field_hlcs: dict[str, str]) -> None:
        """Store a row's new state under the next sequence number."""
        row.data = data
        row.field_hlcs = field_hlcs
        row.hlc = max(field_hlcs.values(), default=row.hlc)
        row.deleted = bool(data.get("deleted", False))
        row.updated_by = self.device_id
        row.seq = self._next_seq()

    def finish(self) -> None:
        """Write the counter back; call last, just before the commit."""
        self.session.flush()
        self.session.execute(
            update(OrgCounter)
            .where(OrgCounter.org_id == self.org_id)
            .values(value=self.counter, max_hlc=self.max_hlc)
        )

    def _next_seq(self) -> int:
        self.counter += 1
        return self.counter
