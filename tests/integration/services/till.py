"""Money at the till for the refund, cash drawer and receipt tests: lines and desk payments
through the real services, a card payment recorded as the card service records one, and a
payment intent paid on a reader of the fake Stripe (the real SDK over HTTP)."""

from __future__ import annotations

from typing import Any

from medspa_desktop.services.checkout import TakePayment, take_payment
from medspa_desktop.services.payments_ledger import record_payment
from medspa_desktop.services.tickets import AddLine, add_line
from medspa_desktop.store.models import Ticket

from .checkout_clinic import Shop

APPROVING = "4242424242424242"


def add(shop: Shop, ticket_id: str, kind: str, item_id: str | None, quantity: int = 1):
    with shop.uow() as uow:
        return add_line(AddLine(ticket_id, kind, item_id, quantity), uow=uow, actor=shop.b.desk)


def pay(shop: Shop, ticket_id: str, tender: str, amount: int, code: str = ""):
    with shop.uow() as uow:
        cmd = TakePayment(ticket_id, tender, amount, gift_card_code=code)
        return take_payment(cmd, uow=uow, actor=shop.b.desk)


def record_card(
    shop: Shop, ticket_id: str, amount: int, *, intent_id: str, brand="visa", last4="4242"
) -> str:
    """A card ``Payment`` as the card service writes it: Stripe's id, brand and last four."""
    with shop.uow() as uow:
        ticket = uow.session.get(Ticket, ticket_id)
        assert ticket is not None
        payment = record_payment(
            uow,
            shop.b.desk,
            ticket,
            "card",
            amount,
            stripe_payment_intent_id=intent_id,
            card_brand=brand,
            card_last4=last4,
        )
        uow.commit()
        return payment.id


def paid_intent(stripe_fake, amount: int) -> str:
    """A payment intent the client paid by tapping the approving test card on a reader."""
    sdk = stripe_fake.client(max_network_retries=0)
    place: Any = {"display_name": "Downtown", "address": {"country": "US"}}
    location = sdk.v1.terminal.locations.create(place)
    reader = sdk.v1.terminal.readers.create(
        {"registration_code": "simulated-wpe", "label": "Desk", "location": location.id}
    )
    intent = sdk.v1.payment_intents.create(
        {
            "amount": amount,
            "currency": "usd",
            "payment_method_types": ["card_present"],
            "capture_method": "automatic",
        }
    )
    sdk.v1.terminal.readers.process_payment_intent(reader.id, {"payment_intent": intent.id})
    tap: Any = {"card_present": {"number": APPROVING}, "type": "card_present"}
    sdk.v1.test_helpers.terminal.readers.present_payment_method(reader.id, tap)
    assert sdk.v1.payment_intents.retrieve(intent.id).status == "succeeded"
    return intent.id
