"""Products, lots (lot number and expiry, which injectables must be traced by) and movements."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from medspa_desktop.store.models.base import Base, Synced, utcnow


class Product(Synced, Base):
    """Something stocked. ``kind``: ``retail``, ``injectable``, ``consumable``.

    ``unit`` is what quantities count: ``unit`` (neuromodulator units), ``syringe``,
    ``vial``, ``bottle``, ``each``.
    """

    __tablename__ = "product"
    __table_args__ = (UniqueConstraint("org_id", "sku"),)

    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(16), default="retail")
    unit: Mapped[str] = mapped_column(String(16), default="each")
    price_minor: Mapped[int] = mapped_column(Integer, default=0)
    """Retail price per unit; 0 for stock only used in treatments."""
    cost_minor: Mapped[int] = mapped_column(Integer, default=0)
    tax_category: Mapped[str] = mapped_column(String(32), default="retail")
    reorder_level: Mapped[int] = mapped_column(Integer, default=0)
    """Stock at or below this (per location) shows as low."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class InventoryLot(Synced, Base):
    """One delivery of a product to a location; stock on hand is the sum of its movements."""

    __tablename__ = "inventory_lot"

    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"), index=True)
    lot_number: Mapped[str] = mapped_column(String(64))
    expires_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    quantity_received: Mapped[int] = mapped_column(Integer)


class InventoryMovement(Synced, Base):
    """Stock ledger. ``quantity`` is signed (in the product's unit).

    ``kind``: ``receive`` (+), ``sale`` (-), ``treatment`` (-, used in a charted
    treatment), ``adjust`` (either sign, with a reason), ``return`` (+).
    """

    __tablename__ = "inventory_movement"

    lot_id: Mapped[str] = mapped_column(ForeignKey("inventory_lot.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    ticket_line_id: Mapped[str | None] = mapped_column(ForeignKey("ticket_line.id"), default=None)
    chart_id: Mapped[str | None] = mapped_column(ForeignKey("chart.id"), default=None)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    reason: Mapped[str] = mapped_column(String(200), default="")
