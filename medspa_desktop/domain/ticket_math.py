"""Exact ticket arithmetic in integer minor units (cents): discounts, tax, tips and totals.

THE RULE — how a ticket is priced. Receipts, reports and the server must all agree with it.

1. A line's amount is quantity × unit price, in minor units. No floats anywhere: every
   division is done on an exact ``Fraction`` and rounded once, as stated below.
2. Discounts come before tax. A line discount comes off its own line first; a percent line
   discount is that percent of the line's amount, rounded half-up to the minor unit.
3. A ticket discount is a percent of, or an amount off, the lines' total after their own
   discounts (a percent is rounded half-up once, on that total). It is shared across the
   lines in proportion to each line's amount after its line discount, by the
   largest-remainder method: each line takes the whole minor units of its exact share and
   the units left over go one at a time to the largest fractions, the earlier line first on
   a tie. The shares add up exactly to the ticket discount and never take a line below zero.
4. Tax is worked out per line, never on the ticket total: (line amount − line discount −
   shared ticket discount) × the line's rate, computed exactly and rounded half-up to the
   minor unit, so exactly half a cent goes up. The ticket's tax is the sum of its lines'
   taxes. A line marked not taxable (e.g. a gift card sale) pays no tax.
5. Tips are never taxed and never discounted. A percent tip (the 18 / 20 / 22 % presets) is
   that percent of the pre-tax, post-discount subtotal (subtotal − all discounts), rounded
   half-up to the minor unit.
6. The tip is split among the practitioners on the ticket — the distinct staff on service
   lines, in the order they first appear — in proportion to their service lines' amounts
   after discounts, by largest remainder; evenly if those amounts are all zero. With no
   practitioner on the ticket the tip is unassigned (staff ``None``).
7. A line's total is amount − discount (its own plus its share of the ticket's) + tax. The
   ticket's total is subtotal − discount + tax + tip, which is also the sum of the line
   totals plus the tip, to the minor unit.

"Half-up" is ``ROUND_HALF_UP``: a half goes away from zero; amounts here are never negative.
Payments and refunds (:mod:`~medspa_desktop.domain.ticket_tender`) and discount approval
(:mod:`~medspa_desktop.domain.ticket_approval`) live beside this module and are re-exported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from medspa_desktop.domain.ticket_approval import Approval, discount_approval
from medspa_desktop.domain.ticket_rounding import (
    BASIS_POINTS,
    TicketMathError,
    largest_remainder,
    money_text,
    percent_text,
    rate_of,
    require_whole,
)
from medspa_desktop.domain.ticket_tender import (
    TENDER_KINDS,
    TakenTender,
    Tender,
    TenderKind,
    balance_due,
    can_close,
    cash_change,
    check_refund,
    refundable,
    take_tender,
    tendered,
)

__all__ = [
    "LINE_KINDS",
    "TENDER_KINDS",
    "Approval",
    "Discount",
    "LineInput",
    "LineTotals",
    "TakenTender",
    "Tender",
    "TenderKind",
    "TicketMathError",
    "TicketTotals",
    "Tip",
    "balance_due",
    "can_close",
    "cash_change",
    "check_refund",
    "discount_approval",
    "price_ticket",
    "refundable",
    "split_tip",
    "take_tender",
    "tendered",
]

LINE_KINDS = ("service", "product", "package", "gift_card", "membership")


def _check_share(what: str, kind: str, value: int) -> None:
    """Validate a percent-or-amount value shared by discounts and tips."""
    if kind not in ("percent", "amount"):
        raise TicketMathError(f"A {what} is either a percent or an amount, not {kind!r}")
    require_whole(f"A {what}'s value", value)
    if value < 0:
        raise TicketMathError(f"A {what} cannot be negative")
    if kind == "percent" and value > BASIS_POINTS:
        raise TicketMathError(f"A {what} cannot be more than 100 % (asked {percent_text(value)})")


@dataclass(frozen=True)
class Discount:
    """Money off: ``percent`` in basis points (1000 = 10 %) or ``amount`` in minor units."""

    kind: Literal["percent", "amount"]
    value: int
    reason: str = ""

    def __post_init__(self) -> None:
        _check_share("discount", self.kind, self.value)

    def off(self, base_minor: int) -> int:
        """The discount on ``base_minor``; a percent is rounded half-up to the minor unit."""
        return rate_of(base_minor, self.value) if self.kind == "percent" else self.value


@dataclass(frozen=True)
class Tip:
    """A tip: ``percent`` of the pre-tax, post-discount subtotal, or an ``amount``."""

    kind: Literal["percent", "amount"]
    value: int

    def __post_init__(self) -> None:
        _check_share("tip", self.kind, self.value)

    def on(self, base_minor: int) -> int:
        """The tip on ``base_minor``; a percent is rounded half-up to the minor unit."""
        return rate_of(base_minor, self.value) if self.kind == "percent" else self.value


@dataclass(frozen=True)
class LineInput:
    """One line as rung up: what was sold, how many, at what price, rate and discount."""

    kind: str
    quantity: int
    unit_price_minor: int
    tax_rate_bp: int
    discount: Discount | None = None
    staff_id: str | None = None
    taxable: bool = True

    def __post_init__(self) -> None:
        for what in ("quantity", "unit_price_minor", "tax_rate_bp"):
            require_whole(f"A line's {what}", getattr(self, what))
        if self.kind not in LINE_KINDS:
            raise TicketMathError(f"A line sells one of {', '.join(LINE_KINDS)}; not {self.kind!r}")
        if self.quantity < 1:
            raise TicketMathError(f"A line's quantity must be 1 or more (it is {self.quantity})")
        if self.unit_price_minor < 0:
            raise TicketMathError("A price cannot be negative; use a discount or a refund")
        if not 0 <= self.tax_rate_bp <= BASIS_POINTS:
            raise TicketMathError("A tax rate must be between 0 % and 100 %")

    @property
    def amount_minor(self) -> int:
        """Quantity × unit price, before any discount or tax."""
        return self.quantity * self.unit_price_minor


@dataclass(frozen=True)
class LineTotals:
    """A priced line. ``total = amount − line_discount − allocated_ticket_discount + tax``."""

    amount: int
    line_discount: int
    allocated_ticket_discount: int
    tax: int
    total: int

    @property
    def discount(self) -> int:
        """All money off this line: its own discount plus its share of the ticket's."""
        return self.line_discount + self.allocated_ticket_discount

    @property
    def taxable_amount(self) -> int:
        """What the tax is worked out on: the amount after every discount."""
        return self.amount - self.discount


@dataclass(frozen=True)
class TicketTotals:
    """A priced ticket. ``total = subtotal − discount + tax + tip``, exactly."""

    lines: tuple[LineTotals, ...]
    subtotal: int
    discount: int
    tax: int
    tip: int
    tip_split: tuple[tuple[str | None, int], ...]
    total: int


def price_ticket(
    lines: Iterable[LineInput],
    ticket_discount: Discount | None = None,
    tip: Tip | None = None,
    *,
    currency: str = "USD",
) -> TicketTotals:
    """Price a ticket by THE RULE in this module's docstring; ``currency`` words the errors."""
    given = tuple(lines)
    own = tuple(_line_discount(line, currency) for line in given)
    after_own = [line.amount_minor - off for line, off in zip(given, own, strict=True)]
    shared = _share_ticket_discount(ticket_discount, after_own, currency)
    priced = tuple(
        _price_line(line, off, share) for line, off, share in zip(given, own, shared, strict=True)
    )
    subtotal = sum(line.amount for line in priced)
    discount = sum(line.discount for line in priced)
    tax = sum(line.tax for line in priced)
    tip_minor = tip.on(subtotal - discount) if tip else 0
    return TicketTotals(
        lines=priced,
        subtotal=subtotal,
        discount=discount,
        tax=tax,
        tip=tip_minor,
        tip_split=split_tip(tip_minor, given, priced),
        total=subtotal - discount + tax + tip_minor,
    )


def _line_discount(line: LineInput, currency: str) -> int:
    """The line's own discount, refused when it is more than the line's price."""
    if line.discount is None:
        return 0
    off = line.discount.off(line.amount_minor)
    if off > line.amount_minor:
        price = money_text(line.amount_minor, currency)
        raise TicketMathError(f"A discount cannot be more than the line's price ({price})")
    return off


def _share_ticket_discount(
    discount: Discount | None, after_own: Sequence[int], currency: str
) -> tuple[int, ...]:
    """Share the ticket discount across lines by largest remainder (THE RULE, point 3)."""
    if discount is None:
        return (0,) * len(after_own)
    base = sum(after_own)
    off = discount.off(base)
    if off > base:
        left = money_text(base, currency)
        raise TicketMathError(
            f"A ticket discount cannot be more than the ticket's amount after line discounts"
            f" ({left})"
        )
    return largest_remainder(off, after_own) if after_own else ()


def _price_line(line: LineInput, own_discount: int, ticket_share: int) -> LineTotals:
    """Tax one line on its amount after all discounts, rounded half-up (THE RULE, point 4)."""
    taxable = line.amount_minor - own_discount - ticket_share
    tax = rate_of(taxable, line.tax_rate_bp) if line.taxable else 0
    return LineTotals(
        amount=line.amount_minor,
        line_discount=own_discount,
        allocated_ticket_discount=ticket_share,
        tax=tax,
        total=taxable + tax,
    )


def split_tip(
    tip_minor: int, lines: Sequence[LineInput], priced: Sequence[LineTotals]
) -> tuple[tuple[str | None, int], ...]:
    """Who gets the tip (THE RULE, point 6); empty when there is no tip.

    Practitioners are weighted by their service lines' amounts after discounts, in the order
    they first appear on the ticket, so the same ticket always splits the same way.
    """
    if tip_minor == 0:
        return ()
    earned: dict[str, int] = {}
    for line, totals in zip(lines, priced, strict=True):
        if line.kind == "service" and line.staff_id is not None:
            earned[line.staff_id] = earned.get(line.staff_id, 0) + totals.taxable_amount
    if not earned:
        return ((None, tip_minor),)
    shares = largest_remainder(tip_minor, list(earned.values()))
    return tuple(zip(earned, shares, strict=True))
