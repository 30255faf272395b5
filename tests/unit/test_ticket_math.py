"""Worked tickets a clinic relies on, with every expected cent worked out by hand below."""

from __future__ import annotations

import pytest

from medspa_desktop.domain.ticket_math import (
    Discount,
    LineInput,
    Tender,
    TicketMathError,
    Tip,
    balance_due,
    can_close,
    cash_change,
    check_refund,
    discount_approval,
    price_ticket,
    refundable,
    take_tender,
)

TEXAS = 825  # 8.25 % in basis points


def service(price: int, staff: str | None = None, *, rate: int = 0, qty: int = 1) -> LineInput:
    return LineInput("service", qty, price, rate, None, staff_id=staff)


def product(price: int, *, rate: int = TEXAS, qty: int = 1, off: Discount | None = None):
    return LineInput("product", qty, price, rate, off)


def test_two_lines_at_8_25_percent_with_a_10_percent_ticket_discount():
    # Botox 120.00 and a serum 45.99, both taxed 8.25 %; 10 % off the ticket.
    # Subtotal 165.99; 10 % of it is 16.599 -> 16.60 (half-up).
    # Shares of 1660: Botox 1660*12000/16599 = 1200.07 -> 1200; serum 1660*4599/16599 = 459.93
    # -> 459, and the one cent left over goes to the larger fraction (the serum): 460.
    # Tax: Botox (12000-1200)*8.25 % = 891.00 -> 891; serum (4599-460)*8.25 % = 341.4675 -> 341.
    # Total = 16599 - 1660 + 1232 = 16171.
    lines = [service(12000, "dr-a", rate=TEXAS), product(4599)]
    totals = price_ticket(lines, Discount("percent", 1000))
    assert [line.allocated_ticket_discount for line in totals.lines] == [1200, 460]
    assert [line.tax for line in totals.lines] == [891, 341]
    assert [line.total for line in totals.lines] == [11691, 4480]
    assert (totals.subtotal, totals.discount, totals.tax, totals.tip) == (16599, 1660, 1232, 0)
    assert totals.total == 16171


def test_exactly_half_a_cent_of_tax_goes_up():
    # 2.00 at 8.25 % is 16.5 cents of tax: 17, not 16 (no banker's rounding, no float error).
    totals = price_ticket([product(200)])
    assert totals.tax == 17
    assert totals.total == 217


def test_a_percent_line_discount_rounds_half_up_and_comes_off_before_tax():
    # 15 % off 0.10 is 1.5 cents -> 2; tax on 0.08 at 8.25 % is 0.66 cents -> 1.
    totals = price_ticket([product(10, off=Discount("percent", 1500))])
    line = totals.lines[0]
    assert (line.line_discount, line.tax, line.total) == (2, 1, 9)


def test_an_untaxable_line_pays_no_tax():
    gift = LineInput("gift_card", 1, 10000, TEXAS, None, taxable=False)
    assert price_ticket([gift]).tax == 0


def test_tip_18_percent_on_250_split_between_two_practitioners():
    # Dr A did 150.00 of the services and nurse B 100.00; 18 % of 250.00 = 45.00,
    # shared 150:100 -> 27.00 and 18.00. Services here are untaxed.
    lines = [service(15000, "dr-a"), service(10000, "nurse-b")]
    totals = price_ticket(lines, tip=Tip("percent", 1800))
    assert totals.tip == 4500
    assert totals.tip_split == (("dr-a", 2700), ("nurse-b", 1800))
    assert totals.total == 25000 + 4500


def test_tip_percent_is_of_the_subtotal_after_discounts_and_before_tax():
    # 100.00 product, 20.00 off, 8.25 % tax on 80.00 = 6.60; a 20 % tip is of 80.00 = 16.00.
    totals = price_ticket([product(10000)], Discount("amount", 2000), Tip("percent", 2000))
    assert (totals.tax, totals.tip) == (660, 1600)
    assert totals.tip_split == ((None, 1600),)  # no practitioner on the ticket
    assert totals.total == 10000 - 2000 + 660 + 1600


def test_a_tip_shares_its_odd_cent_by_line_order_and_evenly_on_free_services():
    three = [service(5000, "a"), service(5000, "b"), service(5000, "c")]
    assert price_ticket(three, tip=Tip("amount", 1000)).tip_split == (
        ("a", 334),
        ("b", 333),
        ("c", 333),
    )
    free = [service(0, "a"), service(0, "b")]
    assert price_ticket(free, tip=Tip("amount", 501)).tip_split == (("a", 251), ("b", 250))


def test_one_practitioner_on_two_lines_is_counted_once():
    lines = [service(10000, "a"), service(5000, "b"), service(5000, "a")]
    assert price_ticket(lines, tip=Tip("amount", 2000)).tip_split == (("a", 1500), ("b", 500))


def test_a_discount_over_the_line_price_is_refused_with_the_price():
    with pytest.raises(TicketMathError, match=r"more than the line's price \(USD 120\.00\)"):
        price_ticket([LineInput("service", 1, 12000, 0, Discount("amount", 12001))])


def test_a_ticket_discount_over_the_ticket_is_refused():
    with pytest.raises(TicketMathError, match=r"USD 50\.00"):
        price_ticket([product(5000)], Discount("amount", 5001))


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: LineInput("service", 0, 100, 0, None), "quantity must be 1 or more"),
        (lambda: LineInput("service", 1, -1, 0, None), "price cannot be negative"),
        (lambda: LineInput("facial", 1, 100, 0, None), "A line sells one of"),
        (lambda: Discount("percent", 10001), "cannot be more than 100 %"),
        (lambda: Discount("amount", -5), "cannot be negative"),
        (lambda: Tender("card", 0), "more than zero"),
        (lambda: Tender("cash", -100), "more than zero"),
    ],
)
def test_bad_input_is_refused_in_front_desk_words(make, words):
    with pytest.raises(TicketMathError, match=words):
        make()


def test_split_tender_card_cash_gift_card_closes_only_when_exact():
    total = 16171
    paid = [Tender("card", 10000), Tender("cash", 5000), Tender("gift_card", 1171)]
    assert can_close(total, paid)
    assert balance_due(total, paid) == 0
    short = [Tender("card", 10000), Tender("cash", 5000), Tender("gift_card", 1170)]
    assert not can_close(total, short)
    assert balance_due(total, short) == 1
    assert balance_due(total, paid, refunds=500) == 500


def test_cash_over_the_balance_gives_change_and_records_the_amount_due():
    # 161.71 due, 100.00 on card, then 70.00 cash for the 61.71 left: 8.29 change.
    taken = take_tender(16171, [Tender("card", 10000)], "cash", 7000)
    assert taken.tender == Tender("cash", 6171)
    assert taken.change_minor == 829
    assert cash_change(6171, 7000) == 829
    assert cash_change(6171, 5000) == 0  # part-paid in cash: no change


def test_a_card_over_the_balance_is_refused_with_what_would_be_accepted():
    with pytest.raises(TicketMathError, match=r"USD 61\.71 still owed"):
        take_tender(16171, [Tender("card", 10000)], "card", 7000)
    with pytest.raises(TicketMathError, match="already paid in full"):
        take_tender(100, [Tender("card", 100)], "cash", 100)


def test_a_refund_over_what_was_paid_is_refused():
    assert refundable(10000, 2500) == 7500
    check_refund(10000, 2500, 7500)  # exactly the rest is fine
    with pytest.raises(TicketMathError, match=r"USD 75\.01 is more than the USD 75\.00 left"):
        check_refund(10000, 2500, 7501)
    with pytest.raises(TicketMathError, match="more than zero"):
        check_refund(10000, 0, 0)


def test_discount_approval_levels():
    # The location asks for a reason above 10 % and a manager above 20 % of 200.00.
    assert discount_approval(0, 20000, 1000, 2000) == "none"
    assert discount_approval(2000, 20000, 1000, 2000) == "none"  # exactly 10 %: within
    assert discount_approval(2001, 20000, 1000, 2000) == "reason"
    assert discount_approval(4000, 20000, 1000, 2000) == "reason"  # exactly 20 %
    assert discount_approval(4001, 20000, 1000, 2000) == "manager"
    with pytest.raises(TicketMathError):
        discount_approval(100, 20000, 2000, 1000)
