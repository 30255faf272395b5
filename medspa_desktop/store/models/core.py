"""Organisation, locations, devices, staff, and the device-local tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from medspa_desktop.store.models.base import Base, Id, Synced, Timestamped, utcnow


class Organisation(Synced, Timestamped, Base):
    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    default_country: Mapped[str] = mapped_column(String(2), default="US")
    """ISO 3166 region used to read phone numbers typed without a country code."""


class Location(Synced, Timestamped, Base):
    __tablename__ = "location"

    name: Mapped[str] = mapped_column(String(200))
    time_zone: Mapped[str] = mapped_column(String(64))
    """IANA name, e.g. ``America/New_York``."""
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    tax_rates: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    """Tax rate per item category in basis points (``{"service": 0, "retail": 825}``)."""
    idle_lock_minutes: Mapped[int] = mapped_column(Integer, default=10)
    grid_minutes: Mapped[int] = mapped_column(Integer, default=15)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    min_notice_minutes: Mapped[int] = mapped_column(Integer, default=120)
    """Online bookings must start at least this long from now (the front desk may book now)."""
    booking_horizon_days: Mapped[int] = mapped_column(Integer, default=90)
    """How far ahead online bookings may be made."""
    late_cancel_hours: Mapped[int] = mapped_column(Integer, default=24)
    """A cancellation less than this long before the start is a late cancellation."""
    late_cancel_fee_minor: Mapped[int] = mapped_column(Integer, default=0)
    no_show_fee_minor: Mapped[int] = mapped_column(Integer, default=0)
    """Flagged for checkout when a client does not come (a manager may waive it)."""
    online_booking: Mapped[str] = mapped_column(String(16), default="off")
    """``off``; ``requested`` (the front desk accepts each booking); ``booked`` (straight in)."""
    cancellation_policy: Mapped[str] = mapped_column(Text, default="")
    """Shown to online bookers, who agree to it."""
    discount_reason_limit_bp: Mapped[int] = mapped_column(Integer, default=1000)
    """A discount above this share of the price (basis points) needs a reason."""
    discount_approval_limit_bp: Mapped[int] = mapped_column(Integer, default=2500)
    """A discount above this share needs a manager's or owner's approval."""
    tip_presets_bp: Mapped[str] = mapped_column(String(64), default="1800,2000,2200")
    """The tip buttons at checkout, in basis points of the pre-tax total, comma-separated."""


class Device(Synced, Timestamped, Base):
    __tablename__ = "device"

    location_id: Mapped[str | None] = mapped_column(ForeignKey("location.id"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="desktop")
    """``desktop`` or ``tablet``."""
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Staff(Synced, Timestamped, Base):
    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("org_id", "username"),)

    username: Mapped[str] = mapped_column(String(64))
    """Login name, stored lower-case."""
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    role: Mapped[str] = mapped_column(String(20))
    """One of ``domain.permissions.Role``."""
    qualifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Service-category codes this person may perform (``neuromodulator``, ``laser`` ...)."""
    title: Mapped[str] = mapped_column(String(100), default="")
    """Credential shown on charts, e.g. ``RN``, ``NP``, ``MD``."""
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    pin_hash: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sessions_revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    """Sessions that started before this moment end (set on disable or role change)."""
    calendar_colour: Mapped[str] = mapped_column(String(9), default="#5b7db1")


class StaffLocation(Synced, Base):
    __tablename__ = "staff_location"
    __table_args__ = (UniqueConstraint("staff_id", "location_id"),)

    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"), index=True)


class AuditEntry(Base):
    """Append-only, hash-chained; triggers refuse UPDATE and DELETE.

    Chained per device by ``seq``; ``entry_hash`` = HMAC(audit key, prev_hash + canonical
    fields). ``detail`` never holds a secret, a card number or clinical text.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (UniqueConstraint("device_id", "seq"),)

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    org_id: Mapped[str] = mapped_column(Id, default="", index=True)
    device_id: Mapped[str] = mapped_column(Id)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[str | None] = mapped_column(Id, default=None, index=True)
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64), default="")
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    outcome: Mapped[str] = mapped_column(String(16))
    """``ok``, ``denied`` or ``failed``."""
    detail: Mapped[str] = mapped_column(String(500), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class OutboxMutation(Base):
    """A named mutation waiting to be pushed; written in the same transaction as the change."""

    __tablename__ = "sync_outbox"

    mutation_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    """Per-device number that grows by one."""
    id: Mapped[str] = mapped_column(Id, unique=True)
    name: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(Id)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    schema_version: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    """``pending``, ``applied``, ``merged``, ``conflict`` or ``rejected``."""
    result: Mapped[str] = mapped_column(Text, default="")


class SyncState(Base):
    """Device-local sync bookkeeping (cursor, persisted HLC, last success, last error)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LocalSetting(Base):
    """Device-local settings: this device's id, its organisation and location, UI state."""

    __tablename__ = "local_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LoginAttempt(Base):
    """Device-local record of failed log-ins, for throttling; never holds what was typed."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean)
