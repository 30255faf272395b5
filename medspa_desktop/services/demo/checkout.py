"""Check out every completed demo visit: ticket, lines, stock used, payments, refunds."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from medspa_desktop.services.demo.appointments import Outcome
from medspa_desktop.services.demo.clinic import Clinic, Place
from medspa_desktop.services.demo.ledgers import Ledgers
from medspa_desktop.services.demo.rows import Row, RowWriter
from medspa_desktop.services.demo.stock import Stock
from medspa_desktop.services.demo.till import Till
from medspa_desktop.store import models as m

TIPPED = frozenset({"hydrafacial", "chemical_peel", "microneedling", "laser_hair_removal", "ipl"})


class Checkout:
    """Turns completed visits into balanced, closed tickets. Visits must come in time order
    per client, so gift-card and credit balances never go negative."""

    def __init__(
        self,
        writer: RowWriter,
        rng: random.Random,
        clinic: Clinic,
        parts: tuple[Till, Ledgers, Stock],
    ) -> None:
        self._writer, self._rng, self._clinic = writer, rng, clinic
        self._till, self._ledgers, self._stock = parts
        self._retail = [sku for sku, (_, p) in clinic.products.items() if p.kind == "retail"]

    def run(self, outcomes: list[Outcome], anchor: dt.datetime) -> None:
        completed = (o for o in outcomes if o.status == "completed")
        for _, visit in itertools.groupby(completed, key=lambda o: o.booking.visit):
            self._visit(list(visit), anchor)

    def _visit(self, visit: list[Outcome], anchor: dt.datetime) -> None:
        first, last = visit[0].booking, visit[-1].booking
        client, place = first.client, first.place
        desk = next(c[2] for c in visit[0].changes if c[0] == "checked_in")
        arrived = next(c[1] for c in visit[0].changes if c[0] == "checked_in")
        ticket = self._till.open(place, client, arrived, appointment_id=visit[0].id, opened_by=desk)
        tippable = 0
        for outcome in visit:
            tippable += self._service_line(ticket, outcome)
        if self._rng.random() < 0.12:
            self._retail_line(ticket, place, first.person.id)
        closed = last.ends_at + dt.timedelta(minutes=self._rng.uniform(3, 12))
        self._till.close(ticket, closed, tip_minor=self._tip(tippable))
        self._settle(ticket, visit[0], desk)
        if self._rng.random() < 0.004:
            self._refund(ticket, anchor, desk)

    def _service_line(self, ticket: Row, outcome: Outcome) -> int:
        """Add the treatment; returns its price when it is the kind clients tip for."""
        booking = outcome.booking
        treatment, price = booking.treatment, booking.treatment.price_minor
        plan = self._ledgers.active_plan(booking.client, booking.starts_at)
        if plan:
            discount = (price * plan.discount_bp // 10000, f"Member discount ({plan.name})")
        elif self._rng.random() < 0.04:
            discount = (price // 10, "Seasonal offer")
        else:
            discount = (0, "")
        line = self._till.line(
            ticket,
            "service",
            treatment.id,
            treatment.spec.name,
            price,
            discount=discount,
            tax_bp=booking.place.tax_rates["service"],
            staff_id=booking.person.id,
            appointment_id=outcome.id,
        )
        if treatment.spec.sku:
            self._stock.use(
                booking.place,
                treatment.spec.sku,
                treatment.spec.quantity,
                booking.ends_at,
                kind="treatment",
                staff_id=booking.person.id,
                ticket_line_id=line["id"],
            )
        return price if treatment.spec.category in TIPPED else 0

    def _tip(self, tippable_minor: int) -> int:
        """Clients tip for facials and lasers now and then: 15-20 %, in whole dollars."""
        if not tippable_minor or self._rng.random() > 0.45:
            return 0
        return tippable_minor * self._rng.choice((15, 18, 20)) // 10000 * 100

    def _retail_line(self, ticket: Row, place: Place, staff_id: str) -> None:
        product_id, spec = self._clinic.products[self._rng.choice(self._retail)]
        quantity = 2 if self._rng.random() < 0.1 else 1
        line = self._till.line(
            ticket,
            "product",
            product_id,
            f"{spec.brand} {spec.name}",
            spec.price * 100,
            quantity=quantity,
            tax_bp=place.tax_rates["retail"],
            staff_id=staff_id,
        )
        self._stock.use(
            place,
            spec.sku,
            quantity,
            ticket["opened_at"],
            kind="sale",
            staff_id=staff_id,
            ticket_line_id=line["id"],
        )

    def _settle(self, ticket: Row, outcome: Outcome, staff_id: str | None) -> None:
        """Membership credit first, then a gift card, then card or cash for the rest and tip."""
        client = outcome.booking.client
        due = ticket["total_minor"] - ticket["tip_minor"]
        due = self._ledgers.pay_from_credit(ticket, client, due, staff_id)
        due = self._ledgers.pay_from_gift_card(ticket, client, due, staff_id)
        self._till.settle_rest(ticket, client, due + ticket["tip_minor"], staff_id=staff_id)

    def _refund(self, ticket: Row, anchor: dt.datetime, staff_id: str | None) -> None:
        payment = self._till.last_card_payment(ticket)
        if payment is None:
            return
        at = min(ticket["closed_at"] + dt.timedelta(days=self._rng.uniform(1, 10)), anchor)
        self._writer.add(
            m.Refund,
            at,
            payment_id=payment["id"],
            amount_minor=payment["amount_minor"] // 2,
            reason="Goodwill refund: client unhappy with the result",
            stripe_refund_id=f"re_demo{self._rng.getrandbits(64):016x}",
            restock=False,
            at=at,
            staff_id=staff_id,
        )
