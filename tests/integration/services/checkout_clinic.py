"""A clinic ready for checkout: the booking clinic of ``scheduling.py`` plus 8.25 % tax on
retail, a serum in stock in two lots (the sooner-expiring one smaller), a six-session
package plan, and helpers to book and open tickets through the real services.

Products, lots and stock deliveries have no service yet (inventory comes with its own
issue), so they are written here as an inventory screen would: rows plus a ``receive``
movement each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from medspa_desktop.services.booking import BookVisit, VisitLeg, book_visit
from medspa_desktop.services.tickets import OpenTicket, open_ticket
from medspa_desktop.services.tickets_read import TicketView
from medspa_desktop.store.models import (
    InventoryLot,
    InventoryMovement,
    Location,
    PackagePlan,
    Product,
)
from medspa_desktop.store.uow import UnitOfWork

from .scheduling import Booked, set_up_schedule

RETAIL_TAX_BP = 825


@dataclass
class Shop:
    b: Booked
    serum: str
    soon_lot: str
    later_lot: str
    package: str

    @property
    def store(self):
        return self.b.clinic.store

    def uow(self) -> UnitOfWork:
        return self.store.uow()

    def book_botox(self, hour: int = 10, *, client: str | None = None) -> str:
        with self.uow() as uow:
            cmd = BookVisit(
                client or self.b.client,
                self.b.clinic.location_id,
                self.b.at(hour),
                (VisitLeg(self.b.botox, self.b.lee.staff_id),),
            )
            return book_visit(cmd, uow=uow, actor=self.b.desk).appointments[0].id

    def open_for(self, appointment_id: str | None = None, actor=None, **extra) -> TicketView:
        with self.uow() as uow:
            cmd = OpenTicket(self.b.clinic.location_id, appointment_id=appointment_id, **extra)
            return open_ticket(cmd, uow=uow, actor=actor or self.b.desk)

    def on_hand(self, lot_id: str) -> int:
        with self.store.session_factory() as session:
            rows = session.scalars(
                select(InventoryMovement.quantity).where(InventoryMovement.lot_id == lot_id)
            )
            return sum(rows)


def set_up_shop(clinic) -> Shop:
    b = set_up_schedule(clinic)
    today = dt.date.today()
    with clinic.store.uow() as uow:
        location = uow.session.get(Location, clinic.location_id)
        assert location is not None
        location.tax_rates = {"service": 0, "retail": RETAIL_TAX_BP}
        serum = _row(uow, Product(sku="SER-1", name="Hydrating serum", price_minor=4800), clinic)
        soon = _lot(uow, clinic, serum, "LOT-SOON", today + dt.timedelta(days=30), 2)
        later = _lot(uow, clinic, serum, "LOT-LATER", today + dt.timedelta(days=300), 10)
        _lot(uow, clinic, serum, "LOT-EXPIRED", today - dt.timedelta(days=1), 5)
        plan = PackagePlan(name="Six laser sessions", service_id=b.laser, sessions=6)
        plan.price_minor, plan.valid_months = 100000, 12
        package = _row(uow, plan, clinic)
        uow.commit()
    return Shop(b, serum, soon, later, package)


def _row(uow: UnitOfWork, row, clinic) -> str:
    row.org_id = clinic.org_id
    row.updated_hlc = uow.clock.now()
    row.updated_by = uow.device_id
    uow.session.add(row)
    uow.session.flush()
    return row.id


def _lot(uow: UnitOfWork, clinic, product: str, number: str, expires: dt.date, count: int) -> str:
    lot = InventoryLot(
        product_id=product,
        location_id=clinic.location_id,
        lot_number=number,
        expires_on=expires,
        quantity_received=count,
    )
    lot_id = _row(uow, lot, clinic)
    _row(uow, InventoryMovement(lot_id=lot_id, quantity=count, kind="receive"), clinic)
    return lot_id
