"""What checkout offers and picks up again: the location's sellable items with stock in
date, its open tickets; a paid appointment gets its receipt, never a second bill; a gift
card taken off a ticket is void; the Stripe key is an owner's to set, audited without it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from medspa_desktop.services.checkout import TakePayment, take_payment
from medspa_desktop.services.errors import PermissionDenied, ValidationError
from medspa_desktop.services.gift_cards import SellGiftCard, gift_card_balance, sell_gift_card
from medspa_desktop.services.payment_settings import SetStripeKey, set_stripe_key
from medspa_desktop.services.sale_lists import open_tickets, sellable_items
from medspa_desktop.services.tickets import RemoveLine, remove_line
from medspa_desktop.store.models import AuditEntry
from medspa_desktop.store.payment_keys import stripe_key

from .checkout_clinic import Shop, set_up_shop


@pytest.fixture
def shop(clinic) -> Shop:
    return set_up_shop(clinic)


def test_sellable_items_have_prices_tax_and_stock_in_date(shop):
    with shop.uow() as uow:
        items = sellable_items(shop.b.clinic.location_id, uow=uow, actor=shop.b.desk)
    found = {(i.kind, i.name): i for i in items}
    serum = found["product", "Hydrating serum"]
    assert (serum.price_minor, serum.tax_rate_bp, serum.on_hand) == (4800, 825, 12)  # not 17
    package = found["package", "Six laser sessions"]
    assert (package.price_minor, package.on_hand) == (100000, None)


def test_open_tickets_are_listed_until_paid_and_a_paid_visit_gets_its_receipt(shop):
    appointment = shop.book_botox()
    ticket = shop.open_for(appointment)
    walk_in = shop.open_for()
    with shop.uow() as uow:
        listed = open_tickets(shop.b.clinic.location_id, uow=uow, actor=shop.b.desk)
    assert [(t.id, t.client_name) for t in listed] == [
        (ticket.id, "Ada Lovelace"),
        (walk_in.id, "Walk-in"),
    ]
    with shop.uow() as uow:
        take_payment(TakePayment(ticket.id, "cash", 30000), uow=uow, actor=shop.b.desk)
    again = shop.open_for(appointment)
    assert (again.id, again.status, again.balance_minor) == (ticket.id, "closed", 0)
    with shop.uow() as uow:
        assert [
            t.id for t in open_tickets(shop.b.clinic.location_id, uow=uow, actor=shop.b.desk)
        ] == [walk_in.id]


def test_a_gift_card_taken_off_the_ticket_can_never_be_spent(shop):
    sale = shop.open_for()
    with shop.uow() as uow:
        view = sell_gift_card(SellGiftCard(sale.id, 5000), uow=uow, actor=shop.b.desk)
    code = view.lines[0].description.removeprefix("Gift card ")
    with shop.uow() as uow:
        remove_line(RemoveLine(view.lines[0].id), uow=uow, actor=shop.b.desk)
    with shop.uow() as uow:
        assert gift_card_balance(code, uow=uow, actor=shop.b.desk).status == "void"


def test_only_an_owner_sets_the_stripe_key_and_the_audit_never_holds_it(shop, memory_keyring):
    data_dir = shop.store.data_dir
    key = "rk_test_" + "x" * 24
    with pytest.raises(PermissionDenied), shop.uow() as uow:
        set_stripe_key(SetStripeKey(key), uow=uow, actor=shop.b.manager, data_dir=data_dir)
    with pytest.raises(ValidationError, match="restricted key"), shop.uow() as uow:
        set_stripe_key(
            SetStripeKey("4242 4242"), uow=uow, actor=shop.b.clinic.owner, data_dir=data_dir
        )
    with shop.uow() as uow:
        set_stripe_key(
            SetStripeKey(f"  {key} "), uow=uow, actor=shop.b.clinic.owner, data_dir=data_dir
        )
    assert stripe_key(data_dir) == key
    with shop.store.session_factory() as session:
        details = list(session.scalars(select(AuditEntry.detail)))
    assert "Stripe test key set" in details and not any("xxxx" in d for d in details)
