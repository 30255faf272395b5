"""Seeded ids and a buffered bulk writer for the demo clinic's rows."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from medspa_desktop.domain.hlc import Timestamp
from medspa_desktop.store.models import Base, Timestamped

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
BATCH = 4000

Row = dict[str, Any]


def millis(when: dt.datetime) -> int:
    return (when - EPOCH) // dt.timedelta(milliseconds=1)


class SeededIds:
    """UUIDv7-format ids whose time part is the row's creation time and whose random part
    comes from a seeded generator, so the same seed gives the same ids and ids still sort
    by creation time as real ones do."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"demo-ids:{seed}")

    def at(self, when: dt.datetime) -> str:
        rand_a = self._rng.getrandbits(12)
        rand_b = self._rng.getrandbits(62)
        ms = millis(when) & 0xFFFF_FFFF_FFFF
        value = ms << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
        return str(uuid.UUID(int=value))


class RowWriter:
    """Collects rows per model and bulk-inserts them in foreign-key order.

    Every row gets the sync columns of a fixed seed node: its HLC is the start of the demo
    history, so any later edit on a real device wins over the seed. Main thread only.
    """

    def __init__(self, session: Session, *, ids: SeededIds, org_id: str, start: dt.datetime):
        self.session = session
        self.ids = ids
        self.org_id = org_id
        self.node = ids.at(start)
        self.hlc = Timestamp(millis(start), 0, self.node).encode()
        self._rows: dict[type[Base], list[Row]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)

    def add(self, model: type[Base], when: dt.datetime, /, **values: Any) -> Row:
        """Queue one row created at ``when``; returns its (still mutable) values."""
        row: Row = {
            "id": values.pop("id", None) or self.ids.at(when),
            "org_id": self.org_id,
            "updated_hlc": self.hlc,
            "updated_by": self.node,
            "deleted": False,
            **values,
        }
        if issubclass(model, Timestamped):
            row.setdefault("created_at", when)
        self._rows[model].append(row)
        return row

    def pending(self) -> int:
        return sum(len(rows) for rows in self._rows.values())

    def flush(self, progress: Callable[[int], None] = lambda done: None) -> None:
        """Insert everything queued, parents before children; ``progress`` gets rows done."""
        order = {table.name: i for i, table in enumerate(Base.metadata.sorted_tables)}
        done = 0
        for model in sorted(self._rows, key=lambda m: order[m.__tablename__]):
            rows = self._rows[model]
            # NOTE: a Core insert of the table skips the ORM's per-row bookkeeping; it is about
            # twice as fast as insert(model) here and the column types still convert values.
            table = Base.metadata.tables[model.__tablename__]
            for first in range(0, len(rows), BATCH):
                batch = rows[first : first + BATCH]
                self.session.execute(insert(table), batch)
                done += len(batch)
                progress(done)
            self.counts[model.__tablename__] += len(rows)
        self._rows.clear()
