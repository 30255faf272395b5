"""The server's own schema (typed SQLAlchemy 2.0). Synced clinic rows are stored generically
in ``sync_row``: one latest-state row per (organisation, entity, id) with per-field HLCs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Id = String(64)
Hlc = String(80)
Seq = BigInteger().with_variant(Integer, "sqlite")


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC times: ``timestamptz`` on PostgreSQL, naive UTC text on SQLite (which then
    compares correctly as text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Times are stored in UTC: pass a timezone-aware datetime")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UtcDateTime()}


class ServerOrg(Base):
    __tablename__ = "server_org"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]


class Device(Base):
    """An enrolled computer. Only the SHA-256 of its token is kept."""

    __tablename__ = "device"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("server_org.id"), index=True)
    location_id: Mapped[str | None] = mapped_column(Id)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    last_mutation_no: Mapped[int] = mapped_column(Seq, default=0)
    last_seen_at: Mapped[dt.datetime | None]


class EnrolCode(Base):
    """A one-time code: ``owner_setup`` (printed by create-org) or ``device``."""

    __tablename__ = "enrol_code"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("server_org.id"), index=True)
    location_id: Mapped[str | None] = mapped_column(Id)
    purpose: Mapped[str] = mapped_column(String(20))
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    used_by: Mapped[str | None] = mapped_column(Id)


class OrgCounter(Base):
    """The organisation's change sequence; its row lock orders concurrent writers."""

    __tablename__ = "org_counter"

    org_id: Mapped[str] = mapped_column(ForeignKey("server_org.id"), primary_key=True)
    value: Mapped[int] = mapped_column(Seq, default=0)
    max_hlc: Mapped[str] = mapped_column(Hlc, default="")


class SyncRow(Base):
    """The latest state of one synced row of any entity in ``sync_policy.ENTITIES``."""

    __tablename__ = "sync_row"
    __table_args__ = (
        # entity and id lead the key so "does this id exist in another organisation" (the
        # tenant-isolation check) is an index lookup too.
        PrimaryKeyConstraint("entity", "entity_id", "org_id"),
        UniqueConstraint("org_id", "seq"),
        Index(None, "org_id", "entity", "seq"),
        Index(None, "org_id", "entity", "created_seq"),
    )

    org_id: Mapped[str] = mapped_column(Id)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(Id)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    field_hlcs: Mapped[dict[str, str]] = mapped_column(JSON)
    seq: Mapped[int] = mapped_column(Seq)
    created_seq: Mapped[int] = mapped_column(Seq)
    hlc: Mapped[str] = mapped_column(Hlc)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[str] = mapped_column(Id)


class MutationLog(Base):
    """What the server answered for each processed mutation, to repeat it for a re-push."""

    __tablename__ = "mutation_log"
    __table_args__ = (PrimaryKeyConstraint("device_id", "mutation_no"),)

    device_id: Mapped[str] = mapped_column(Id)
    mutation_no: Mapped[int] = mapped_column(Seq)
    org_id: Mapped[str] = mapped_column(Id)
    mutation_id: Mapped[str] = mapped_column(Id)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    conflict_with: Mapped[str | None] = mapped_column(Id)
    applied_at: Mapped[dt.datetime]


class AppointmentSlot(Base):
    """A resource held by an active, non-conflicting appointment, for overlap checks.

    On PostgreSQL an exclusion constraint (migration 0001) refuses two overlapping slots of
    one resource, backing up the check the push makes under the organisation's lock.
    """

    __tablename__ = "appointment_slot"
    __table_args__ = (
        PrimaryKeyConstraint("org_id", "appointment_id", "resource_kind"),
        Index(None, "org_id", "resource_kind", "resource_id", "starts_at"),
        Index(None, "org_id", "resource_kind", "resource_id", "ends_at"),
    )

    org_id: Mapped[str] = mapped_column(Id)
    appointment_id: Mapped[str] = mapped_column(Id)
    resource_kind: Mapped[str] = mapped_column(String(20))
    resource_id: Mapped[str] = mapped_column(Id)
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]


class AccessLog(Base):
    """Refused requests and attempts to reach another organisation's data."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(Seq, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    device_id: Mapped[str | None] = mapped_column(Id)
    org_id: Mapped[str | None] = mapped_column(Id, index=True)
    path: Mapped[str] = mapped_column(String(300))
    outcome: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")


class Blob(Base):
    """A file of an organisation (photo, signature, PDF), addressed by its SHA-256."""

    __tablename__ = "blob"
    __table_args__ = (PrimaryKeyConstraint("org_id", "sha256"),)

    org_id: Mapped[str] = mapped_column(Id)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Seq)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime]


class BlobChunk(Base):
    """One chunk of a blob, encrypted with the server's blob key (AES-GCM)."""

    __tablename__ = "blob_chunk"
    __table_args__ = (PrimaryKeyConstraint("org_id", "sha256", "chunk_index"),)

    org_id: Mapped[str] = mapped_column(Id)
    sha256: Mapped[str] = mapped_column(String(64))
    chunk_index: Mapped[int] = mapped_column(Integer)
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class BookingRate(Base):
    """Online-booking requests from one visitor address in one fixed time window, shared by
    every server process. ``address_hash`` is a keyed hash (HMAC) of the address, never the
    address itself; ``kind`` is ``view`` (pages) or ``book`` (booking submissions)."""

    __tablename__ = "booking_rate"
    __table_args__ = (PrimaryKeyConstraint("address_hash", "kind", "window_start"),)

    address_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))
    window_start: Mapped[dt.datetime] = mapped_column(index=True)
    hits: Mapped[int] = mapped_column(Integer)
