"""Clients: contact details, medical flags, marketing consent with its history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from medspa_desktop.store.models.base import Base, Synced, Timestamped, utcnow


class Client(Synced, Timestamped, Base):
    __tablename__ = "client"

    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date, default=None)
    phone: Mapped[str] = mapped_column(String(32), default="", index=True)
    """E.164 (``+15551234567``) or empty."""
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    """Normalised by email-validator, or empty."""
    address: Mapped[str] = mapped_column(Text, default="")
    pronouns: Mapped[str] = mapped_column(String(40), default="")
    allergies: Mapped[str] = mapped_column(Text, default="")
    medical_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Short flags shown prominently: ``pregnant``, ``anticoagulants``, ``keloid history`` ..."""
    medications: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    home_location_id: Mapped[str | None] = mapped_column(ForeignKey("location.id"), default=None)
    referral_source: Mapped[str] = mapped_column(String(100), default="")
    erased_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    """Set by the privacy-erasure path, which blanks personal fields and leaves a tombstone."""


class MarketingConsent(Synced, Base):
    """Append-only history of a client's marketing consent per channel; latest wins."""

    __tablename__ = "marketing_consent"

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    """``email``, ``sms`` or ``post``."""
    granted: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(64))
    """Where it was given or withdrawn: ``front_desk``, ``online_booking``, ``unsubscribe`` ..."""
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str | None] = mapped_column(String(36), default=None)
