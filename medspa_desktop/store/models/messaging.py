"""Messages to clients (sent once, by the server) and marketing campaigns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from medspa_desktop.store.models.base import Base, Id, Synced, utcnow


class Message(Synced, Base):
    """An e-mail or SMS to send; composed anywhere, sent exactly once by the server.

    ``channel``: ``email`` or ``sms``. ``kind``: ``receipt``, ``reminder``,
    ``consent_copy``, ``campaign``, ``confirmation``. ``status``: ``queued``, ``sent``,
    ``failed``, ``delivered``. ``related_entity``/``related_id`` name what it is about
    (e.g. ``ticket`` and its id).
    """

    __tablename__ = "message"
    __table_args__ = (Index(None, "status", "queued_at"),)

    client_id: Mapped[str | None] = mapped_column(ForeignKey("client.id"), default=None, index=True)
    channel: Mapped[str] = mapped_column(String(8))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    queued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    error: Mapped[str] = mapped_column(String(500), default="")
    related_entity: Mapped[str] = mapped_column(String(40), default="")
    related_id: Mapped[str | None] = mapped_column(Id, default=None)
    campaign_id: Mapped[str | None] = mapped_column(ForeignKey("campaign.id"), default=None)


class Campaign(Synced, Base):
    """A marketing send to an audience of clients who consented on that channel.

    ``audience`` is a filter such as ``{"tags": ["vip"], "last_visit_before": "2025-01-01"}``;
    ``template`` is the body with ``{first_name}``-style placeholders. ``status``:
    ``draft``, ``scheduled``, ``sent``.
    """

    __tablename__ = "campaign"

    name: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(8))
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    subject: Mapped[str] = mapped_column(String(200), default="")
    template: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
