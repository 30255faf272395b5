"""Declarative base, column types and the sync columns every synced row carries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, DateTime, Dialect, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from medspa_desktop.domain.ids import new_id

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime; refuses naive values so local time never sneaks in."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Times are stored in UTC: pass a timezone-aware datetime")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


Id = String(36)
"""UUIDv7 in canonical text form."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UtcDateTime()}


class Synced:
    """Columns every synced row carries (ARCHITECTURE.md, Data).

    ``org_id`` is deliberately not a foreign key: rows of an organisation can arrive by
    sync before the organisation row itself.
    """

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    org_id: Mapped[str] = mapped_column(Id, index=True)
    updated_hlc: Mapped[str] = mapped_column(String(40), default="")
    updated_by: Mapped[str] = mapped_column(Id, default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
