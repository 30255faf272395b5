"""Checkout at the desk: tickets from appointments and walk-ins, tax, discounts with their
limits, tips, split tenders that close the ticket only when exact, stock first expiring
first, gift cards sold and spent, and voids."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from medspa_desktop.services.appointment_life import ChangeStatus, change_status
from medspa_desktop.services.checkout import TakePayment, VoidTicket, take_payment, void_ticket
from medspa_desktop.services.errors import (
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from medspa_desktop.services.gift_cards import SellGiftCard, gift_card_balance, sell_gift_card
from medspa_desktop.services.ticket_discounts import (
    DiscountLine,
    DiscountTicket,
    SetTip,
    discount_line,
    discount_ticket,
    set_tip,
)
from medspa_desktop.services.tickets import AddLine, RemoveLine, add_line, remove_line
from medspa_desktop.store.models import (
    ClientPackage,
    InventoryMovement,
    Location,
    Payment,
    Ticket,
)

from .checkout_clinic import Shop, set_up_shop
from .helpers import audit_entries, mutations


@pytest.fixture
def shop(clinic) -> Shop:
    return set_up_shop(clinic)


def _add(shop: Shop, ticket_id: str, kind: str, item_id: str | None, quantity=1, actor=None):
    with shop.uow() as uow:
        cmd = AddLine(ticket_id, kind, item_id, quantity)
        return add_line(cmd, uow=uow, actor=actor or shop.b.desk)


def _pay(shop: Shop, ticket_id: str, tender: str, amount: int, code: str = "", actor=None):
    with shop.uow() as uow:
        cmd = TakePayment(ticket_id, tender, amount, gift_card_code=code)
        return take_payment(cmd, uow=uow, actor=actor or shop.b.desk)


def test_a_ticket_from_an_appointment_has_its_service_and_practitioner_and_opens_once(shop):
    appointment = shop.book_botox()
    ticket = shop.open_for(appointment)
    (line,) = ticket.lines
    assert (line.kind, line.description, line.unit_price_minor) == ("service", "Botox", 30000)
    assert line.staff_id == shop.b.lee.staff_id and line.appointment_id == appointment
    assert (ticket.total_minor, ticket.balance_minor, ticket.client_name) == (
        30000,
        30000,
        "Ada Lovelace",
    )
    assert shop.open_for(appointment).id == ticket.id
    names = {m.name for m in mutations(shop.store) if m.entity in ("ticket", "ticket_line")}
    assert {"create_ticket", "create_ticket_line"} <= names
    assert audit_entries(shop.store, entity="ticket", entity_id=ticket.id)


def test_retail_is_taxed_per_line_at_the_locations_rate(shop):
    ticket = shop.open_for()
    view = _add(shop, ticket.id, "product", shop.serum, quantity=3)
    assert (view.subtotal_minor, view.tax_minor, view.total_minor) == (14400, 1188, 15588)
    assert view.lines[0].tax_rate_bp == 825 and view.client_name == "Walk-in"


def test_split_tender_closes_only_when_exact_and_stock_leaves_first_expiring_first(shop):
    ticket = shop.open_for(shop.book_botox())
    _add(shop, ticket.id, "product", shop.serum, quantity=3)  # 300.00 + 144.00 + 11.88 tax
    first = _pay(shop, ticket.id, "cash", 10000)
    assert (first.change_minor, first.ticket.status, first.ticket.balance_minor) == (
        0,
        "open",
        35588,
    )
    assert shop.on_hand(shop.soon_lot) == 2  # nothing leaves stock before the sale completes
    last = _pay(shop, ticket.id, "cash", 40000)  # the client hands over 400.00
    assert (last.amount_minor, last.change_minor) == (35588, 4412)
    assert (last.ticket.status, last.ticket.balance_minor, last.ticket.paid_minor) == (
        "closed",
        0,
        45588,
    )
    assert (shop.on_hand(shop.soon_lot), shop.on_hand(shop.later_lot)) == (0, 9)
    with pytest.raises(RuleViolation, match="closed"):
        _add(shop, ticket.id, "product", shop.serum)


def test_a_gift_card_sold_is_usable_once_paid_and_its_balance_is_a_ledger(shop):
    sale = shop.open_for()
    with shop.uow() as uow:
        view = sell_gift_card(SellGiftCard(sale.id, 5000), uow=uow, actor=shop.b.desk)
    code = view.lines[0].description.removeprefix("Gift card ")
    assert view.tax_minor == 0 and view.total_minor == 5000
    ticket = shop.open_for(shop.book_botox())
    with pytest.raises(RuleViolation, match="not paid for yet"):
        _pay(shop, ticket.id, "gift_card", 1000, code)
    _pay(shop, sale.id, "cash", 5000)
    with pytest.raises(RuleViolation, match=r"has USD 50\.00 left"):
        _pay(shop, ticket.id, "gift_card", 6000, code)
    _pay(shop, ticket.id, "gift_card", 5000, code.lower().replace("-", " "))
    done = _pay(shop, ticket.id, "cash", 25000)
    assert done.ticket.status == "closed"
    with shop.uow() as uow:
        card = gift_card_balance(code, uow=uow, actor=shop.b.desk)
    assert card.balance_minor == 0 and [m.kind for m in card.history] == ["issue", "redeem"]
    with pytest.raises(RuleViolation, match="nothing left"):
        _pay(shop, shop.open_for(shop.book_botox(12)).id, "gift_card", 100, code)


def test_a_non_cash_tender_over_the_balance_is_refused_and_card_goes_to_the_reader(shop):
    ticket = shop.open_for(shop.book_botox())
    with pytest.raises(RuleViolation, match=r"more than the USD 300\.00 still owed"):
        _pay(shop, ticket.id, "pay_later", 30001)
    with pytest.raises(ValidationError):
        _pay(shop, ticket.id, "card", 30000)
    walk_in = shop.open_for()
    _add(shop, walk_in.id, "product", shop.serum)
    with pytest.raises(RuleViolation, match="choose the client"):
        _pay(shop, walk_in.id, "pay_later", 100)
    later = _pay(shop, ticket.id, "pay_later", 30000)
    assert later.ticket.status == "closed"


def test_discounts_need_a_reason_then_a_manager_above_the_locations_limits(shop):
    ticket = shop.open_for(shop.book_botox())
    line = ticket.lines[0].id
    with shop.uow() as uow:
        small = discount_line(DiscountLine(line, "percent", 500), uow=uow, actor=shop.b.desk)
    assert small.total_minor == 28500
    with pytest.raises(ValidationError, match="needs a reason"), shop.uow() as uow:
        discount_line(DiscountLine(line, "percent", 1500), uow=uow, actor=shop.b.desk)
    with pytest.raises(PermissionDenied, match="manager or owner"), shop.uow() as uow:
        cmd = DiscountLine(line, "amount", 9000, "Loyal client")
        discount_line(cmd, uow=uow, actor=shop.b.desk)
    with shop.uow() as uow:
        cmd = DiscountLine(line, "amount", 9000, "Loyal client")
        approved = discount_line(cmd, uow=uow, actor=shop.b.manager)
    assert approved.total_minor == 21000 and approved.lines[0].discount_reason == "Loyal client"
    with shop.store.session_factory() as session:
        row = session.scalar(select(Ticket).where(Ticket.id == ticket.id))
        assert row is not None and row.discount_minor == 9000


def test_a_ticket_discount_is_shared_across_lines_before_tax(shop):
    ticket = shop.open_for(shop.book_botox())
    _add(shop, ticket.id, "product", shop.serum)
    with shop.uow() as uow:
        cmd = DiscountTicket(ticket.id, "percent", 1000)
        view = discount_ticket(cmd, uow=uow, actor=shop.b.desk)
    # 10 % of 348.00 = 34.80: 30.00 off the Botox, 4.80 off the serum (taxed on 43.20)
    assert [line.discount_minor for line in view.lines] == [3000, 480]
    assert (view.tax_minor, view.total_minor) == (356, 31676)


def test_a_preset_tip_goes_to_the_practitioner_and_follows_the_lines(shop):
    ticket = shop.open_for(shop.book_botox())
    with shop.uow() as uow:
        view = set_tip(SetTip(ticket.id, percent_bp=2000), uow=uow, actor=shop.b.desk)
    assert (view.tip_minor, view.tip_split) == (6000, ((shop.b.lee.staff_id, 6000),))
    assert view.tip_presets_bp == (1800, 2000, 2200)
    view = _add(shop, ticket.id, "product", shop.serum)
    assert view.tip_minor == 6960 and view.total_minor == 30000 + 4800 + 396 + 6960


def test_a_no_show_is_checked_out_as_its_fee_only(shop):
    appointment = shop.book_botox()
    with shop.uow() as uow:
        location = uow.session.get(Location, shop.b.clinic.location_id)
        assert location is not None
        location.no_show_fee_minor = 5000
        uow.commit()
    with shop.uow() as uow:
        change_status(ChangeStatus(appointment, "no_show"), uow=uow, actor=shop.b.desk)
    ticket = shop.open_for(appointment)
    assert [(line.description, line.total_minor) for line in ticket.lines] == [
        ("No-show fee", 5000)
    ]


def test_a_package_is_sold_to_a_client_and_becomes_theirs_when_paid(shop):
    walk_in = shop.open_for()
    with pytest.raises(RuleViolation, match="belongs to a client"):
        _add(shop, walk_in.id, "package", shop.package)
    ticket = shop.open_for(client_id=shop.b.client)
    _add(shop, ticket.id, "package", shop.package)
    _pay(shop, ticket.id, "cash", 100000)
    with shop.store.session_factory() as session:
        (package,) = session.scalars(select(ClientPackage)).all()
    assert (package.client_id, package.sessions_total, package.ticket_id) == (
        shop.b.client,
        6,
        ticket.id,
    )
    assert package.expires_at is not None


def test_only_a_manager_voids_and_only_a_ticket_with_nothing_paid(shop):
    ticket = shop.open_for(shop.book_botox())
    with pytest.raises(PermissionDenied), shop.uow() as uow:
        void_ticket(VoidTicket(ticket.id, "Client left"), uow=uow, actor=shop.b.desk)
    _pay(shop, ticket.id, "cash", 1000)
    with pytest.raises(RuleViolation, match="refund it"), shop.uow() as uow:
        void_ticket(VoidTicket(ticket.id, "Client left"), uow=uow, actor=shop.b.manager)
    other = shop.open_for(shop.book_botox(12))
    with shop.uow() as uow:
        voided = void_ticket(VoidTicket(other.id, "Booked twice"), uow=uow, actor=shop.b.manager)
    assert voided.status == "voided"


def test_removing_a_line_works_the_ticket_out_again(shop):
    ticket = shop.open_for(shop.book_botox())
    view = _add(shop, ticket.id, "product", shop.serum)
    with shop.uow() as uow:
        view = remove_line(RemoveLine(view.lines[1].id), uow=uow, actor=shop.b.desk)
    assert (len(view.lines), view.total_minor, view.tax_minor) == (1, 30000, 0)


def test_payments_are_a_ledger_with_nothing_of_a_card_but_what_may_be_kept(shop):
    ticket = shop.open_for(shop.book_botox())
    _pay(shop, ticket.id, "cash", 30000)
    with shop.store.session_factory() as session:
        (payment,) = session.scalars(select(Payment)).all()
        sold = session.scalars(select(InventoryMovement).where(InventoryMovement.kind == "sale"))
        assert list(sold) == []
    assert (payment.tender, payment.amount_minor, payment.staff_id) == (
        "cash",
        30000,
        shop.b.desk.staff_id,
    )
    assert [m.name for m in mutations(shop.store, "create_payment")] == ["create_payment"]


def test_a_sale_beyond_the_stock_count_still_closes_and_says_the_count_was_short(shop):
    ticket = shop.open_for()
    view = _add(shop, ticket.id, "product", shop.serum, quantity=15)  # 12 in date on the shelf
    _pay(shop, ticket.id, "cash", view.total_minor)
    assert (shop.on_hand(shop.soon_lot), shop.on_hand(shop.later_lot)) == (0, -3)
    with shop.store.session_factory() as session:
        reasons = session.scalars(
            select(InventoryMovement.reason).where(InventoryMovement.kind == "sale")
        ).all()
    assert sorted(reasons) == ["", "", "sold with the stock count short"]
