"""Memberships with their credit ledger, and prepaid treatment packages."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from medspa_desktop.store.models.base import Base, Synced, Timestamped, utcnow


class MembershipPlan(Synced, Base):
    """A recurring plan: billed every ``interval_months``, granting credit and a discount."""

    __tablename__ = "membership_plan"

    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    price_minor: Mapped[int] = mapped_column(Integer)
    interval_months: Mapped[int] = mapped_column(Integer, default=1)
    monthly_credit_minor: Mapped[int] = mapped_column(Integer, default=0)
    discount_bp: Mapped[int] = mapped_column(Integer, default=0)
    """Member discount on services in basis points (1000 = 10 %)."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Membership(Synced, Timestamped, Base):
    """A client's membership. ``status``: ``active``, ``paused``, ``past_due``, ``cancelled``.

    Billing runs on the server; ``next_billing_at`` is when it charges next.
    """

    __tablename__ = "membership"

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("membership_plan.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    next_billing_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class CreditLedger(Synced, Base):
    """Membership credit movements; a client's credit is the sum.

    ``kind``: ``grant`` (+, each billing period), ``redeem`` (-, at checkout), ``expire`` (-),
    ``adjust`` (either sign, by a manager).
    """

    __tablename__ = "credit_ledger"

    membership_id: Mapped[str | None] = mapped_column(
        ForeignKey("membership.id"), default=None, index=True
    )
    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ticket_id: Mapped[str | None] = mapped_column(ForeignKey("ticket.id"), default=None)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)


class PackagePlan(Synced, Base):
    """A prepaid bundle of sessions of one service (e.g. six laser sessions)."""

    __tablename__ = "package_plan"

    name: Mapped[str] = mapped_column(String(100))
    service_id: Mapped[str] = mapped_column(ForeignKey("service_item.id"), index=True)
    sessions: Mapped[int] = mapped_column(Integer)
    price_minor: Mapped[int] = mapped_column(Integer)
    valid_months: Mapped[int | None] = mapped_column(Integer, default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ClientPackage(Synced, Base):
    """A package a client bought; sessions left = ``sessions_total`` - redemptions."""

    __tablename__ = "client_package"

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"), index=True)
    package_plan_id: Mapped[str] = mapped_column(ForeignKey("package_plan.id"))
    sessions_total: Mapped[int] = mapped_column(Integer)
    purchased_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ticket_id: Mapped[str | None] = mapped_column(ForeignKey("ticket.id"), default=None)
    expires_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class PackageRedemption(Synced, Base):
    """Ledger: one session of a package used, normally by an appointment."""

    __tablename__ = "package_redemption"

    client_package_id: Mapped[str] = mapped_column(ForeignKey("client_package.id"), index=True)
    appointment_id: Mapped[str | None] = mapped_column(
        ForeignKey("appointment.id"), default=None, index=True
    )
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
