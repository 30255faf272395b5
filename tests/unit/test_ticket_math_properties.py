"""Properties of ticket arithmetic on random tickets: every cent is accounted for.

The oracles are exact rationals (``Fraction``) and plain sums, never the code under test.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from medspa_desktop.domain.ticket_math import (
    LINE_KINDS,
    TENDER_KINDS,
    Discount,
    LineInput,
    Tender,
    TicketMathError,
    Tip,
    can_close,
    check_refund,
    price_ticket,
    take_tender,
)

# deadline=None: a slow or busy machine must not fail a property; no timing is asserted here.
# 60 examples a property keeps the whole file near two seconds.
QUICK = settings(max_examples=60, deadline=None)
STAFF = ("dr-a", "nurse-b", "aesthetician-c", None)


@st.composite
def discounts(draw: st.DrawFn, base: int) -> Discount | None:
    """No discount, a percent (0–100 %), or an amount no more than ``base``."""
    kind = draw(st.sampled_from(("none", "percent", "amount")))
    if kind == "percent":
        return Discount("percent", draw(st.integers(0, 10_000)))
    if kind == "amount":
        return Discount("amount", draw(st.integers(0, base)))
    return None


@st.composite
def lines(draw: st.DrawFn) -> LineInput:
    quantity = draw(st.integers(1, 5))
    price = draw(st.one_of(st.integers(0, 200), st.integers(0, 250_000)))
    return LineInput(
        kind=draw(st.sampled_from(LINE_KINDS)),
        quantity=quantity,
        unit_price_minor=price,
        tax_rate_bp=draw(st.one_of(st.sampled_from((0, 625, 825, 1000)), st.integers(0, 10_000))),
        discount=draw(discounts(quantity * price)),
        staff_id=draw(st.sampled_from(STAFF)),
        taxable=draw(st.booleans()),
    )


@st.composite
def tickets(draw: st.DrawFn) -> tuple[list[LineInput], Discount | None, Tip | None]:
    """Lines, a ticket discount no more than what the lines leave, and maybe a tip."""
    rung_up = draw(st.lists(lines(), max_size=6))
    undiscounted = price_ticket(rung_up)
    ticket_discount = draw(discounts(undiscounted.subtotal - undiscounted.discount))
    tip = draw(
        st.one_of(
            st.none(),
            st.builds(Tip, st.just("percent"), st.sampled_from((1500, 1800, 2000, 2200))),
            st.builds(Tip, st.just("amount"), st.integers(0, 50_000)),
        )
    )
    return rung_up, ticket_discount, tip


def _ticket_discount_due(rung_up: list[LineInput], discount: Discount | None) -> int:
    """What the ticket discount comes to, from first principles."""
    base = price_ticket(rung_up)
    if discount is None:
        return 0
    return discount.off(base.subtotal - base.discount)


@QUICK
@given(tickets())
def test_totals_balance_to_the_minor_unit(ticket):
    totals = price_ticket(*ticket)
    assert totals.total == totals.subtotal - totals.discount + totals.tax + totals.tip
    assert totals.total == sum(line.total for line in totals.lines) + totals.tip
    for line in totals.lines:
        assert line.total == line.amount - line.line_discount - line.allocated_ticket_discount + (
            line.tax
        )
    assert totals.subtotal == sum(line.amount_minor for line in ticket[0])


@QUICK
@given(tickets())
def test_the_ticket_discount_is_shared_exactly_and_never_takes_a_line_below_zero(ticket):
    rung_up, discount, _ = ticket
    totals = price_ticket(*ticket)
    shares = [line.allocated_ticket_discount for line in totals.lines]
    assert sum(shares) == _ticket_discount_due(rung_up, discount)
    after_own = [line.amount - line.line_discount for line in totals.lines]
    base = sum(after_own)
    for share, weight in zip(shares, after_own, strict=True):
        assert 0 <= share <= weight
        if base:
            assert abs(share - Fraction(sum(shares) * weight, base)) < 1


@QUICK
@given(tickets())
def test_line_tax_is_within_half_a_minor_unit_of_the_exact_tax(ticket):
    totals = price_ticket(*ticket)
    for given_line, line in zip(ticket[0], totals.lines, strict=True):
        exact = Fraction(line.taxable_amount * given_line.tax_rate_bp, 10_000)
        if not given_line.taxable:
            assert line.tax == 0
            continue
        assert abs(line.tax - exact) <= Fraction(1, 2)
        if exact - int(exact) == Fraction(1, 2):
            assert line.tax > exact  # exactly half goes up


@QUICK
@given(st.integers(0, 100_000), st.sampled_from((125, 625, 1000, 1250, 2500, 5000)))
def test_exactly_half_a_minor_unit_of_tax_always_goes_up(whole, rate_bp):
    # (2·whole + 1) · 5000 / rate at this rate is exactly whole + ½ minor units of tax.
    amount = (2 * whole + 1) * (5000 // rate_bp)
    assert price_ticket([LineInput("product", 1, amount, rate_bp)]).tax == whole + 1


@QUICK
@given(tickets())
def test_the_tip_split_adds_up_to_the_tip_and_goes_to_practitioners(ticket):
    totals = price_ticket(*ticket)
    assert sum(minor for _, minor in totals.tip_split) == totals.tip
    assert all(minor >= 0 for _, minor in totals.tip_split)
    practitioners = {line.staff_id for line in ticket[0] if line.kind == "service"} - {None}
    names = [staff for staff, _ in totals.tip_split]
    assert len(names) == len(set(names))
    if totals.tip and practitioners:
        assert set(names) == practitioners
    elif totals.tip:
        assert names == [None]


@QUICK
@given(tickets(), st.data())
def test_any_split_of_the_total_closes_the_ticket_and_no_other_sum_does(ticket, data):
    total = price_ticket(*ticket).total
    cuts = sorted(data.draw(st.sets(st.integers(1, max(total - 1, 1)), max_size=4)))
    cuts = [cut for cut in cuts if 0 < cut < total]
    bounds = [0, *cuts, total]
    parts = [high - low for low, high in pairwise(bounds) if high > low]
    kinds = data.draw(st.lists(st.sampled_from(TENDER_KINDS), min_size=len(parts)))
    tenders = [Tender(kind, part) for kind, part in zip(kinds, parts, strict=False)]
    assert can_close(total, tenders)
    extra = data.draw(st.integers(1, 10_000))
    assert not can_close(total, [*tenders, Tender("cash", extra)])
    if tenders:
        assert not can_close(total, tenders[1:])


@QUICK
@given(tickets(), st.lists(st.tuples(st.sampled_from(TENDER_KINDS), st.integers(1, 300_000))))
def test_taking_tenders_never_overpays_and_cash_change_is_the_excess(ticket, offers):
    total = price_ticket(*ticket).total
    taken: list[Tender] = []
    for kind, offered in offers:
        owed = total - sum(tender.amount_minor for tender in taken)
        try:
            result = take_tender(total, taken, kind, offered)
        except TicketMathError:
            assert owed == 0 or (kind != "cash" and offered > owed)
            continue
        taken.append(result.tender)
        assert result.tender.amount_minor + result.change_minor == offered
        assert result.change_minor == (max(0, offered - owed) if kind == "cash" else 0)
        assert sum(tender.amount_minor for tender in taken) <= total
        if kind == "cash" and offered >= owed:
            assert can_close(total, taken)  # enough cash always settles the ticket


@QUICK
@given(st.integers(0, 500_000), st.lists(st.integers(-1_000, 300_000), max_size=12))
def test_accepted_refunds_never_add_up_to_more_than_was_paid(paid, requests):
    refunded = 0
    for amount in requests:
        try:
            check_refund(paid, refunded, amount)
        except TicketMathError:
            assert amount <= 0 or refunded + amount > paid
            continue
        refunded += amount
        assert refunded <= paid
    assert 0 <= refunded <= paid
