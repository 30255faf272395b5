"""Demo inventory: lots arrive when stock runs low and are used first in, first out."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from medspa_desktop.services.demo.clinic import Clinic, Place
from medspa_desktop.services.demo.rows import RowWriter
from medspa_desktop.store import models as m


@dataclass(slots=True)
class _Lot:
    id: str
    remaining: int
    expires_on: dt.date


class Stock:
    """Lots on hand per location and product; every change is a movement row."""

    def __init__(self, writer: RowWriter, rng: random.Random, clinic: Clinic) -> None:
        self._writer = writer
        self._rng = rng
        self._clinic = clinic
        self._lots: dict[tuple[str, str], list[_Lot]] = {}

    def open_shelves(self, at: dt.datetime) -> None:
        """The first delivery of every product to every location."""
        for place in self._clinic.places:
            for sku in self._clinic.products:
                self._receive(place, sku, at)

    def use(
        self,
        place: Place,
        sku: str,
        quantity: int,
        at: dt.datetime,
        *,
        kind: str,
        staff_id: str | None,
        ticket_line_id: str | None,
    ) -> None:
        """Take ``quantity`` out for a ``sale`` or ``treatment``, oldest usable lot first."""
        while quantity:
            lot = self._usable(place, sku, at)
            taken = min(lot.remaining, quantity)
            lot.remaining -= taken
            quantity -= taken
            self._move(lot.id, -taken, kind, at, staff_id=staff_id, ticket_line_id=ticket_line_id)

    def top_up(self, at: dt.datetime) -> None:
        """Receive fresh lots where stock is at or below the re-order level."""
        for place in self._clinic.places:
            for sku, (_, spec) in self._clinic.products.items():
                lots = self._lots[place.id, sku]
                if sum(lot.remaining for lot in lots if lot.expires_on > at.date()) <= spec.reorder:
                    self._receive(place, sku, at)

    def _usable(self, place: Place, sku: str, at: dt.datetime) -> _Lot:
        lots = self._lots[place.id, sku]
        while lots and (lots[0].remaining == 0 or lots[0].expires_on <= at.date()):
            expired = lots.pop(0)
            if expired.remaining:
                when = dt.datetime.combine(expired.expires_on, dt.time(9), tzinfo=dt.UTC)
                self._move(
                    expired.id, -expired.remaining, "adjust", when, reason="Expired, discarded"
                )
        if not lots:
            self._receive(place, sku, at - dt.timedelta(days=1))
        return lots[0]

    def _receive(self, place: Place, sku: str, at: dt.datetime) -> None:
        product_id, spec = self._clinic.products[sku]
        expires = at.date() + dt.timedelta(days=30 * spec.shelf_months)
        lot = self._writer.add(
            m.InventoryLot,
            at,
            product_id=product_id,
            location_id=place.id,
            lot_number=f"{sku[:3]}{self._rng.randrange(10**5):05d}{self._rng.choice('ABCDEFGH')}",
            expires_on=expires,
            received_at=at,
            quantity_received=spec.lot_size,
        )
        self._lots.setdefault((place.id, sku), []).append(_Lot(lot["id"], spec.lot_size, expires))
        self._move(lot["id"], spec.lot_size, "receive", at)

    def _move(
        self,
        lot_id: str,
        quantity: int,
        kind: str,
        at: dt.datetime,
        *,
        staff_id: str | None = None,
        ticket_line_id: str | None = None,
        reason: str = "",
    ) -> None:
        self._writer.add(
            m.InventoryMovement,
            at,
            lot_id=lot_id,
            quantity=quantity,
            kind=kind,
            ticket_line_id=ticket_line_id,
            chart_id=None,
            at=at,
            staff_id=staff_id,
            reason=reason,
        )
