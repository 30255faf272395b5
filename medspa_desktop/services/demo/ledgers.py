"""Demo memberships (monthly billing and credit) and gift cards (sale and redemption)."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field

from medspa_desktop.services.demo.clients import Profile
from medspa_desktop.services.demo.clinic import Clinic, Plan
from medspa_desktop.services.demo.rows import Row, RowWriter
from medspa_desktop.services.demo.till import Till
from medspa_desktop.store import models as m

GIFT_AMOUNTS = (50, 100, 100, 150, 200, 250, 500)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass
class Member:
    plan: Plan
    id: str
    started: dt.datetime
    cancelled: dt.datetime | None
    grants: list[dt.datetime] = field(default_factory=list)
    redeemed_minor: int = 0

    def active(self, at: dt.datetime) -> bool:
        return self.started <= at and (self.cancelled is None or at < self.cancelled)

    def credit(self, at: dt.datetime) -> int:
        return self.plan.credit_minor * bisect.bisect_right(self.grants, at) - self.redeemed_minor


@dataclass
class Card:
    row: Row
    balance_minor: int


class Ledgers:
    """Membership credit and gift-card balances, followed in time order during checkout."""

    def __init__(self, writer: RowWriter, rng: random.Random, till: Till, clinic: Clinic):
        self._writer, self._rng, self._till, self._clinic = writer, rng, till, clinic
        self._plans: dict[int, Plan] = {}
        self._members: dict[int, Member] = {}
        self._cards: dict[int, list[Card]] = {}

    def choose_members(self, profiles: list[Profile]) -> None:
        """Regular clients join a plan now and then; call before client rows are written."""
        for profile in profiles:
            if profile.visits >= 4 and self._rng.random() < 0.3:
                self._plans[profile.index] = self._rng.choice(self._clinic.plans)
                profile.tags.append("member")

    def write_memberships(self, profiles: list[Profile], anchor: dt.datetime) -> None:
        for index, plan in self._plans.items():
            profile = profiles[index]
            assert profile.created_at is not None
            earliest = max(profile.created_at, anchor - dt.timedelta(days=700))
            started = earliest + (anchor - earliest) * self._rng.random() * 0.9
            months = self._rng.randint(2, 20)
            cancelled = _add_months(started, months) if self._rng.random() < 0.25 else None
            member = Member(
                plan, "", started, cancelled if cancelled and cancelled < anchor else None
            )
            member.grants = list(_monthly(started, member.cancelled or anchor))
            self._membership_rows(profile, member)
            self._members[index] = member

    def active_plan(self, profile: Profile, at: dt.datetime) -> Plan | None:
        member = self._members.get(profile.index)
        return member.plan if member and member.active(at) else None

    def pay_from_credit(self, ticket: Row, profile: Profile, due: int, staff_id: str | None) -> int:
        """Use membership credit towards ``due``; returns what is still owed."""
        member = self._members.get(profile.index)
        at = ticket["closed_at"]
        credit = member.credit(at) if member else 0
        if not member or credit <= 0 or due <= 0 or self._rng.random() > 0.85:
            return due
        used = min(credit, due)
        member.redeemed_minor += used
        self._till.pay(ticket, profile, "account", used, staff_id=staff_id)
        self._writer.add(
            m.CreditLedger,
            at,
            membership_id=member.id,
            client_id=profile.id,
            amount_minor=-used,
            kind="redeem",
            at=at,
            ticket_id=ticket["id"],
            staff_id=staff_id,
        )
        return due - used

    def pay_from_gift_card(
        self, ticket: Row, profile: Profile, due: int, staff_id: str | None
    ) -> int:
        """Use a gift card the client holds towards ``due``; returns what is still owed."""
        at = ticket["closed_at"]
        cards = [
            c
            for c in self._cards.get(profile.index, ())
            if c.balance_minor and c.row["issued_at"] < at
        ]
        if not cards or due <= 0 or self._rng.random() > 0.8:
            return due
        card = cards[0]
        used = min(card.balance_minor, due)
        card.balance_minor -= used
        if card.balance_minor == 0:
            card.row["status"] = "redeemed"
        payment = self._till.pay(
            ticket, profile, "gift_card", used, gift_card_id=card.row["id"], staff_id=staff_id
        )
        self._writer.add(
            m.GiftCardLedger,
            at,
            gift_card_id=card.row["id"],
            amount_minor=-used,
            kind="redeem",
            payment_id=payment["id"],
            at=at,
            staff_id=staff_id,
        )
        return due - used

    def sell_gift_cards(self, profiles: list[Profile], count: int, anchor: dt.datetime) -> None:
        codes: set[str] = set()
        for _ in range(count):
            buyer, holder = self._rng.choice(profiles), self._rng.choice(profiles)
            assert buyer.created_at is not None and holder.created_at is not None
            earliest = max(buyer.created_at, holder.created_at)
            if earliest >= anchor:
                continue
            at = earliest + (anchor - earliest) * self._rng.random()
            amount = self._rng.choice(GIFT_AMOUNTS) * 100
            code = _code(self._rng, codes)
            card = self._writer.add(
                m.GiftCard,
                at,
                code=code,
                initial_minor=amount,
                currency="USD",
                issued_at=at,
                expires_at=None,
                client_id=holder.id,
                status="active",
            )
            self._writer.add(
                m.GiftCardLedger,
                at,
                gift_card_id=card["id"],
                amount_minor=amount,
                kind="issue",
                payment_id=None,
                at=at,
                staff_id=None,
            )
            self._cards.setdefault(holder.index, []).append(Card(card, amount))
            self._sale(buyer, at, "gift_card", card["id"], f"Gift card {code}", amount)

    def _membership_rows(self, profile: Profile, member: Member) -> None:
        last = member.grants[-1]
        row = self._writer.add(
            m.Membership,
            member.started,
            client_id=profile.id,
            plan_id=member.plan.id,
            status="cancelled" if member.cancelled else "active",
            started_at=member.started,
            next_billing_at=None if member.cancelled else _add_months(last, 1),
            cancelled_at=member.cancelled,
        )
        member.id = row["id"]
        plan = member.plan
        for at in member.grants:
            text = f"{plan.name} membership"
            ticket = self._sale(profile, at, "membership", plan.id, text, plan.price_minor)
            self._writer.add(
                m.CreditLedger,
                at,
                membership_id=member.id,
                client_id=profile.id,
                amount_minor=plan.credit_minor,
                kind="grant",
                at=at,
                ticket_id=ticket["id"],
                staff_id=None,
            )

    def _sale(
        self, profile: Profile, at: dt.datetime, kind: str, item: str, text: str, price: int
    ) -> Row:
        """A ticket with one line, paid in full by card (billing runs without staff)."""
        ticket = self._till.open(self._clinic.places[profile.home], profile, at)
        self._till.line(ticket, kind, item, text, price)
        self._till.close(ticket, at)
        self._till.pay(ticket, profile, "card", price)
        return ticket


def _add_months(at: dt.datetime, months: int) -> dt.datetime:
    month = at.month - 1 + months
    return at.replace(year=at.year + month // 12, month=month % 12 + 1, day=min(at.day, 28))


def _monthly(start: dt.datetime, until: dt.datetime) -> list[dt.datetime]:
    grants, n = [start], 1
    while (at := _add_months(start, n)) < until:
        grants.append(at)
        n += 1
    return grants


def _code(rng: random.Random, taken: set[str]) -> str:
    while True:
        text = "".join(rng.choice(CODE_ALPHABET) for _ in range(8))
        code = f"LUM-{text[:4]}-{text[4:]}"
        if code not in taken:
            taken.add(code)
            return code
