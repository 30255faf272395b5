"""Typed SQLAlchemy models of the whole domain. Importing this registers every table."""

from medspa_desktop.store.models.base import Base, Synced, Timestamped, UtcDateTime, utcnow
from medspa_desktop.store.models.clients import Client, MarketingConsent
from medspa_desktop.store.models.core import (
    AuditEntry,
    Device,
    LocalSetting,
    Location,
    LoginAttempt,
    Organisation,
    OutboxMutation,
    Staff,
    StaffLocation,
    SyncState,
)

__all__ = [
    "AuditEntry",
    "Base",
    "Client",
    "Device",
    "LocalSetting",
    "Location",
    "LoginAttempt",
    "MarketingConsent",
    "Organisation",
    "OutboxMutation",
    "Staff",
    "StaffLocation",
    "SyncState",
    "Synced",
    "Timestamped",
    "UtcDateTime",
    "utcnow",
]
