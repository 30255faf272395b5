"""Working hours, time off, appointments with their status history, and the waitlist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from medspa_desktop.store.models.base import Base, Id, Synced, Timestamped, utcnow


class WorkingHours(Synced, Base):
    """A staff member's regular shift at a location on one weekday.

    ``weekday`` is 0 (Monday) to 6 (Sunday); minutes count from local midnight in the
    location's time zone, so a shift stays 9:00-17:00 across daylight-saving changes.
    """

    __tablename__ = "working_hours"
    __table_args__ = (Index(None, "staff_id", "weekday"),)

    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    start_minute: Mapped[int] = mapped_column(Integer)
    end_minute: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date, default=None)
    """Last day the shift applies; ``None`` means until further notice."""


class TimeOff(Synced, Base):
    """A block when a person, room, machine or whole location is unavailable.

    Exactly one of ``staff_id``, ``room_id``, ``machine_id``, ``location_id`` is set.
    """

    __tablename__ = "time_off"

    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None, index=True)
    room_id: Mapped[str | None] = mapped_column(ForeignKey("room.id"), default=None, index=True)
    machine_id: Mapped[str | None] = mapped_column(
        ForeignKey("machine.id"), default=None, index=True
    )
    location_id: Mapped[str | None] = mapped_column(
        ForeignKey("location.id"), default=None, index=True
    )
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(String(200), default="")


class Appointment(Synced, Timestamped, Base):
    """One service for one client with one practitioner, in a room and on a machine if needed.

    ``status``: ``requested`` (online request awaiting the front desk), ``booked``,
    ``confirmed``, ``checked_in``, ``in_treatment``, ``completed``, ``cancelled``,
    ``no_show``, or ``conflict`` (overlapped another booking during sync; the front desk
    resolves it). Services booked together for one visit share ``visit_id``; repeats made
    as a series share ``series_id``.
    """

    __tablename__ = "appointment"
    __table_args__ = (
        Index(None, "staff_id", "starts_at"),
        Index(None, "location_id", "starts_at"),
        Index(None, "client_id", "starts_at"),
        Index(None, "room_id", "starts_at"),
        Index(None, "machine_id", "starts_at"),
    )

    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"))
    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    service_id: Mapped[str] = mapped_column(ForeignKey("service_item.id"), index=True)
    room_id: Mapped[str | None] = mapped_column(ForeignKey("room.id"), default=None)
    machine_id: Mapped[str | None] = mapped_column(ForeignKey("machine.id"), default=None)
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    """End of the client's slot; service buffers extend the resource booking around it."""
    status: Mapped[str] = mapped_column(String(16), default="booked", index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    """Booking notes for the front desk, never clinical notes (those live in charts)."""
    deposit_required_minor: Mapped[int] = mapped_column(Integer, default=0)
    visit_id: Mapped[str] = mapped_column(Id, index=True)
    series_id: Mapped[str | None] = mapped_column(Id, default=None, index=True)
    booked_via: Mapped[str] = mapped_column(String(16), default="desktop")
    """``desktop`` or ``online``."""
    booked_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    cancellation_reason: Mapped[str] = mapped_column(String(200), default="")
    late_cancellation: Mapped[bool] = mapped_column(Boolean, default=False)
    no_show_fee_minor: Mapped[int] = mapped_column(Integer, default=0)
    """The location's no-show fee, flagged for checkout when the client did not come."""
    late_cancel_fee_minor: Mapped[int] = mapped_column(Integer, default=0)
    """The location's late-cancellation fee, flagged for checkout."""
    fee_waived_reason: Mapped[str] = mapped_column(String(200), default="")
    """Set when a manager waived the no-show or late-cancellation fee."""


class AppointmentStatusChange(Synced, Base):
    """Append-only history of an appointment's status; the first row has ``from_status`` ''."""

    __tablename__ = "appointment_status_change"

    appointment_id: Mapped[str] = mapped_column(ForeignKey("appointment.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(16), default="")
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    """Who made the change; ``None`` for online booking and automation."""
    reason: Mapped[str] = mapped_column(String(200), default="")


class WaitlistEntry(Synced, Timestamped, Base):
    """A client waiting for an earlier or any slot for a service.

    ``preferred_times`` is a list of ``{"weekday": 0-6, "start_minute": m, "end_minute": m}``
    in the location's local time; empty means any time. ``status``: ``waiting``,
    ``offered``, ``booked``, ``cancelled``, ``expired``. While ``offered``, the
    ``offered_*`` columns say which freed time the desk offered the client, and when.
    """

    __tablename__ = "waitlist_entry"

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"), index=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("service_item.id"))
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    earliest_date: Mapped[dt.date] = mapped_column(Date)
    latest_date: Mapped[dt.date] = mapped_column(Date)
    preferred_times: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="waiting", index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    appointment_id: Mapped[str | None] = mapped_column(ForeignKey("appointment.id"), default=None)
    """The booking that filled this entry, once ``booked``."""
    offered_starts_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    """The start of the freed time last offered to the client."""
    offered_staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    """The practitioner of the freed time last offered."""
    offered_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    """When the desk offered it (the client was phoned)."""


class CalendarFeed(Synced, Base):
    """A practitioner's private iCalendar feed, served by the central server at
    ``/feeds/{id}/{secret}.ics``. Only the SHA-256 of the secret is kept anywhere; the
    secret is shown once, when the feed is made. ``revoked_at`` ends it everywhere."""

    __tablename__ = "calendar_feed"

    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)
