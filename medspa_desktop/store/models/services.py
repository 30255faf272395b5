"""The service menu and the resources a treatment needs: rooms and machines."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from medspa_desktop.store.models.base import Base, Synced, Timestamped


class ServiceCategory(Synced, Base):
    """A group on the menu; ``code`` is also the qualification a practitioner needs.

    Codes: ``neuromodulator``, ``filler``, ``laser_hair_removal``, ``ipl``, ``hydrafacial``,
    ``chemical_peel``, ``microneedling`` (more may be added by a clinic).
    """

    __tablename__ = "service_category"
    __table_args__ = (UniqueConstraint("org_id", "code"),)

    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    clinical: Mapped[bool] = mapped_column(Boolean, default=True)
    """Treatments in a clinical category are charted and need a qualified practitioner."""


class ServiceItem(Synced, Timestamped, Base):
    """One bookable treatment with its price, duration and what it needs."""

    __tablename__ = "service_item"

    category_id: Mapped[str] = mapped_column(ForeignKey("service_category.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    duration_minutes: Mapped[int] = mapped_column(Integer)
    buffer_before_minutes: Mapped[int] = mapped_column(Integer, default=0)
    """Set-up time the room or machine is blocked before the client's slot."""
    buffer_after_minutes: Mapped[int] = mapped_column(Integer, default=0)
    """Clean-down time after the slot."""
    price_minor: Mapped[int] = mapped_column(Integer)
    tax_category: Mapped[str] = mapped_column(String(32), default="service")
    """Key into ``Location.tax_rates``."""
    required_room_kind: Mapped[str | None] = mapped_column(String(32), default=None)
    required_machine_kind: Mapped[str | None] = mapped_column(String(32), default=None)
    required_consent_template_id: Mapped[str | None] = mapped_column(
        ForeignKey("consent_template.id"), default=None
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    online_bookable: Mapped[bool] = mapped_column(Boolean, default=True)
    colour: Mapped[str] = mapped_column(String(9), default="#8fa9c9")
    """Calendar colour as ``#rrggbb``."""
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ServiceQualifiedStaff(Synced, Base):
    """Which staff may perform a service (on top of the category qualification)."""

    __tablename__ = "service_qualified_staff"
    __table_args__ = (UniqueConstraint("service_id", "staff_id"),)

    service_id: Mapped[str] = mapped_column(ForeignKey("service_item.id"), index=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)


class Room(Synced, Base):
    """A treatment room; ``kind`` is matched against ``ServiceItem.required_room_kind``.

    Kinds: ``treatment``, ``laser``, ``facial``, ``consult``.
    """

    __tablename__ = "room"

    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32), default="treatment")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Machine(Synced, Base):
    """A device a treatment books alongside the practitioner and room.

    Kinds: ``laser``, ``ipl``, ``hydrafacial``, ``microneedling``.
    """

    __tablename__ = "machine"

    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(100), default="")
    serial: Mapped[str] = mapped_column(String(64), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
