"""Checkout: tickets and their lines, the payment and refund ledgers, cash drawer, readers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from medspa_desktop.store.models.base import Base, Id, Synced, Timestamped, utcnow


class Ticket(Synced, Timestamped, Base):
    """A bill. ``status``: ``open``, ``closed`` (fully paid), ``voided``.

    Totals are kept on the ticket so reports need not re-add lines:
    ``total = subtotal - discount + tax + tip``.
    """

    __tablename__ = "ticket"
    __table_args__ = (Index(None, "location_id", "opened_at"),)

    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"))
    client_id: Mapped[str | None] = mapped_column(ForeignKey("client.id"), default=None, index=True)
    appointment_id: Mapped[str | None] = mapped_column(
        ForeignKey("appointment.id"), default=None, index=True
    )
    number: Mapped[str] = mapped_column(String(32), index=True)
    """Receipt number shown to the client; prefixed per device so offline devices never clash."""
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    opened_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    subtotal_minor: Mapped[int] = mapped_column(Integer, default=0)
    discount_minor: Mapped[int] = mapped_column(Integer, default=0)
    tax_minor: Mapped[int] = mapped_column(Integer, default=0)
    tip_minor: Mapped[int] = mapped_column(Integer, default=0)
    total_minor: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    void_reason: Mapped[str] = mapped_column(String(200), default="")
    ticket_discount_kind: Mapped[str] = mapped_column(String(8), default="")
    """The discount on the whole ticket as chosen: ``percent``, ``amount`` or ``""`` (none);
    ``discount_minor`` holds what it and the lines' own discounts come to."""
    ticket_discount_value: Mapped[int] = mapped_column(Integer, default=0)
    """Basis points for ``percent``, minor units for ``amount``."""
    ticket_discount_reason: Mapped[str] = mapped_column(String(200), default="")
    discount_approved_by: Mapped[str] = mapped_column(String(36), default="")
    """The manager or owner who approved a ticket discount over the location's limit."""
    tip_percent_bp: Mapped[int] = mapped_column(Integer, default=0)
    """A tip chosen as a percent (re-worked when lines change); 0 when typed as an amount."""


class TicketLine(Synced, Base):
    """One line of a ticket. ``kind``: ``service``, ``product``, ``package``, ``gift_card``,
    ``membership``; ``item_id`` names the service, product, plan or gift card sold.

    ``total = quantity * unit_price - discount + tax``.
    """

    __tablename__ = "ticket_line"

    ticket_id: Mapped[str] = mapped_column(ForeignKey("ticket.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[str | None] = mapped_column(Id, default=None, index=True)
    appointment_id: Mapped[str | None] = mapped_column(ForeignKey("appointment.id"), default=None)
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price_minor: Mapped[int] = mapped_column(Integer)
    discount_minor: Mapped[int] = mapped_column(Integer, default=0)
    discount_reason: Mapped[str] = mapped_column(String(200), default="")
    discount_kind: Mapped[str] = mapped_column(String(8), default="")
    """The line's own discount as chosen: ``percent``, ``amount`` or ``""``; ``discount_minor``
    holds it worked out plus the line's share of the ticket's discount."""
    discount_value: Mapped[int] = mapped_column(Integer, default=0)
    discount_approved_by: Mapped[str] = mapped_column(String(36), default="")
    tax_rate_bp: Mapped[int] = mapped_column(Integer, default=0)
    """Tax rate in basis points (825 = 8.25 %)."""
    tax_minor: Mapped[int] = mapped_column(Integer, default=0)
    total_minor: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    """Who performed or sold it (commission reports)."""


class PaymentAttempt(Base):
    """Device-local state of one card payment on a reader; never synced.

    ``id`` is also the Stripe idempotency key, so a retry after a crash cannot charge twice.
    ``status``: ``created``, ``processing``, ``succeeded``, ``failed``, ``cancelled``;
    a success writes a ``Payment`` row and sets ``payment_id``.
    """

    __tablename__ = "payment_attempt"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    org_id: Mapped[str] = mapped_column(Id)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("ticket.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(Integer)
    tip_minor: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    status: Mapped[str] = mapped_column(String(16), default="created", index=True)
    stripe_payment_intent_id: Mapped[str | None] = mapped_column(String(64), default=None)
    reader_id: Mapped[str | None] = mapped_column(String(64), default=None)
    payment_id: Mapped[str | None] = mapped_column(Id, default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")
    """Stripe's decline or error message, safe to show; never card data."""
    kind: Mapped[str] = mapped_column(String(8), default="payment")
    """``payment`` (a charge on a reader) or ``refund`` (money back to the card)."""
    refund_of: Mapped[str] = mapped_column(String(36), default="")
    """For a refund: the ``Payment`` it gives money back on."""
    detail: Mapped[str] = mapped_column(Text, default="{}")
    """JSON of what the attempt needs when it completes (a refund's reason and restocking)."""
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Payment(Synced, Base):
    """Ledger of money received; a correction is a ``Refund``, never an update.

    ``tender``: ``card``, ``cash``, ``gift_card``, ``account`` (membership credit).
    ``amount_minor`` includes ``tip_minor``.
    """

    __tablename__ = "payment"
    __table_args__ = (Index(None, "received_at"),)

    ticket_id: Mapped[str] = mapped_column(ForeignKey("ticket.id"), index=True)
    client_id: Mapped[str | None] = mapped_column(ForeignKey("client.id"), default=None, index=True)
    tender: Mapped[str] = mapped_column(String(16))
    amount_minor: Mapped[int] = mapped_column(Integer)
    tip_minor: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    stripe_payment_intent_id: Mapped[str | None] = mapped_column(String(64), default=None)
    card_brand: Mapped[str] = mapped_column(String(20), default="")
    card_last4: Mapped[str] = mapped_column(String(4), default="")
    gift_card_id: Mapped[str | None] = mapped_column(ForeignKey("gift_card.id"), default=None)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)


class Refund(Synced, Base):
    """Ledger of money given back against one payment."""

    __tablename__ = "refund"

    payment_id: Mapped[str] = mapped_column(ForeignKey("payment.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200), default="")
    stripe_refund_id: Mapped[str | None] = mapped_column(String(64), default=None)
    restock: Mapped[bool] = mapped_column(Boolean, default=False)
    """Whether refunded products went back on the shelf (an inventory movement records it)."""
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)


class CashDrawerEvent(Synced, Base):
    """Cash drawer ledger. ``kind``: ``open_float``, ``payout``, ``drop``, ``count``.

    ``amount_minor`` is positive money into the drawer and negative out; a ``count`` holds
    the counted total instead.
    """

    __tablename__ = "cash_drawer_event"
    __table_args__ = (Index(None, "location_id", "at"),)

    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"))
    kind: Mapped[str] = mapped_column(String(16))
    amount_minor: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)


class CardReader(Synced, Base):
    """A Stripe Terminal reader registered to a location."""

    __tablename__ = "card_reader"

    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"), index=True)
    stripe_reader_id: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
