"""Gift cards and their append-only balance ledger."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from medspa_desktop.store.models.base import Base, Synced, utcnow


class GiftCard(Synced, Base):
    """A gift card; its balance is the sum of its ledger.

    ``status``: ``active``, ``redeemed`` (balance zero), ``expired``, ``void``.
    """

    __tablename__ = "gift_card"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    """What is printed on the card and typed at checkout."""
    initial_minor: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    client_id: Mapped[str | None] = mapped_column(ForeignKey("client.id"), default=None, index=True)
    """The recipient when known."""
    status: Mapped[str] = mapped_column(String(16), default="active")


class GiftCardLedger(Synced, Base):
    """Balance movement. ``kind``: ``issue`` (+), ``redeem`` (-), ``refund`` (+), ``adjust``."""

    __tablename__ = "gift_card_ledger"

    gift_card_id: Mapped[str] = mapped_column(ForeignKey("gift_card.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    payment_id: Mapped[str | None] = mapped_column(ForeignKey("payment.id"), default=None)
    """The redeeming payment, for ``redeem`` and ``refund``."""
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
