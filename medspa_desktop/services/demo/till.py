"""Demo tickets, lines and payments, kept balanced: payments always add up to the total."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from medspa_desktop.services.demo.clients import Profile
from medspa_desktop.services.demo.clinic import Place
from medspa_desktop.services.demo.rows import Row, RowWriter
from medspa_desktop.store import models as m

OPENING_FLOAT_MINOR = 20000


def tax_on(amount_minor: int, rate_bp: int) -> int:
    """Tax in minor units, rounded half up."""
    return (amount_minor * rate_bp + 5000) // 10000


class Till:
    """Opens, fills, closes and pays tickets; numbers them per location at the end."""

    def __init__(self, writer: RowWriter, rng: random.Random) -> None:
        self._writer = writer
        self._rng = rng
        self._tickets: list[tuple[Place, Row]] = []
        self._place_of: dict[str, Place] = {}
        self._last_card: dict[str, Row] = {}
        self._cash: dict[tuple[str, dt.date], int] = defaultdict(int)

    def open(
        self,
        place: Place,
        client: Profile,
        at: dt.datetime,
        *,
        appointment_id: str | None = None,
        opened_by: str | None = None,
    ) -> Row:
        ticket = self._writer.add(
            m.Ticket,
            at,
            location_id=place.id,
            client_id=client.id,
            appointment_id=appointment_id,
            number="",
            status="closed",
            opened_at=at,
            closed_at=at,
            opened_by=opened_by,
            subtotal_minor=0,
            discount_minor=0,
            tax_minor=0,
            tip_minor=0,
            total_minor=0,
            currency="USD",
            void_reason="",
        )
        self._tickets.append((place, ticket))
        self._place_of[ticket["id"]] = place
        return ticket

    def line(
        self,
        ticket: Row,
        kind: str,
        item_id: str,
        description: str,
        unit_minor: int,
        *,
        quantity: int = 1,
        discount: tuple[int, str] = (0, ""),
        tax_bp: int = 0,
        staff_id: str | None = None,
        appointment_id: str | None = None,
    ) -> Row:
        gross = unit_minor * quantity
        tax = tax_on(gross - discount[0], tax_bp)
        ticket["subtotal_minor"] += gross
        ticket["discount_minor"] += discount[0]
        ticket["tax_minor"] += tax
        ticket["total_minor"] += gross - discount[0] + tax
        return self._writer.add(
            m.TicketLine,
            ticket["opened_at"],
            ticket_id=ticket["id"],
            kind=kind,
            item_id=item_id,
            appointment_id=appointment_id,
            description=description,
            quantity=quantity,
            unit_price_minor=unit_minor,
            discount_minor=discount[0],
            discount_reason=discount[1],
            tax_rate_bp=tax_bp,
            tax_minor=tax,
            total_minor=gross - discount[0] + tax,
            staff_id=staff_id,
        )

    def close(self, ticket: Row, at: dt.datetime, *, tip_minor: int = 0) -> None:
        ticket["closed_at"] = at
        ticket["tip_minor"] = tip_minor
        ticket["total_minor"] += tip_minor

    def pay(
        self,
        ticket: Row,
        client: Profile,
        tender: str,
        amount_minor: int,
        *,
        tip_minor: int = 0,
        gift_card_id: str | None = None,
        staff_id: str | None = None,
    ) -> Row:
        """Record one payment at the ticket's closing time (``amount_minor`` includes tip)."""
        at = ticket["closed_at"]
        card = tender == "card"
        payment = self._writer.add(
            m.Payment,
            at,
            ticket_id=ticket["id"],
            client_id=client.id,
            tender=tender,
            amount_minor=amount_minor,
            tip_minor=tip_minor,
            currency="USD",
            stripe_payment_intent_id=f"pi_demo{self._rng.getrandbits(64):016x}" if card else None,
            card_brand=client.card_brand if card else "",
            card_last4=client.card_last4 if card else "",
            gift_card_id=gift_card_id,
            received_at=at,
            staff_id=staff_id,
        )
        if card:
            self._last_card[ticket["id"]] = payment
        if tender == "cash":
            place = self._place_of[ticket["id"]]
            self._cash[place.id, at.astimezone(place.tz).date()] += amount_minor
        return payment

    def last_card_payment(self, ticket: Row) -> Row | None:
        return self._last_card.get(ticket["id"])

    def settle_rest(
        self, ticket: Row, client: Profile, due_minor: int, *, staff_id: str | None
    ) -> None:
        """Pay what is left (tip included) by card, or now and then in cash."""
        if due_minor <= 0:
            return
        tender = "cash" if self._rng.random() < 0.13 else "card"
        self.pay(
            ticket, client, tender, due_minor, tip_minor=ticket["tip_minor"], staff_id=staff_id
        )

    def number_tickets(self) -> None:
        """Receipt numbers run in time order per location (``MIA-000001`` ...)."""
        counters: dict[str, int] = defaultdict(int)
        for place, ticket in sorted(self._tickets, key=lambda pt: pt[1]["opened_at"]):
            counters[place.id] += 1
            ticket["number"] = f"{place.spec.code}-{counters[place.id]:06d}"

    def write_cash_drawer(self) -> None:
        """Float in the morning; count and bank drop at night on days that took cash."""
        places = {place.id: place for place, _ in self._tickets}
        for (place_id, day), cash in sorted(self._cash.items(), key=lambda kv: kv[0][1]):
            place = places[place_id]
            for kind, amount, hour, minute, note in (
                ("open_float", OPENING_FLOAT_MINOR, 8, 30, "Opening float"),
                ("count", OPENING_FLOAT_MINOR + cash, 18, 15, "End-of-day count"),
                ("drop", -cash, 18, 20, "Bank drop"),
            ):
                when = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=place.tz)
                self._writer.add(
                    m.CashDrawerEvent,
                    when,
                    location_id=place.id,
                    kind=kind,
                    amount_minor=amount,
                    note=note,
                    at=when,
                    staff_id=None,
                )
