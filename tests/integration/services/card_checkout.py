"""A checkout clinic with a Stripe Terminal reader on the local fake Stripe (the real
``stripe`` SDK over HTTP), and steps to take a card payment through the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from medspa_desktop.payments.stripe_terminal import StripeTerminal
from medspa_desktop.services.card_payments import (
    StartCardPayment,
    check_card_payment,
    send_to_reader,
    start_card_payment,
)
from medspa_desktop.services.card_readers import RegisterCardReader, register_card_reader

from .checkout_clinic import Shop

APPROVING = "4242424242424242"
DECLINING = "4000000000000002"
ADDRESS = {"line1": "1 Main St", "city": "New York", "postal_code": "10001", "country": "US"}


@dataclass
class CardDesk:
    shop: Shop
    fake: Any
    terminal: StripeTerminal
    reader_id: str
    """Our CardReader row."""
    stripe_reader_id: str

    def start(self, ticket_id: str, amount: int, actor=None):
        with self.shop.uow() as uow:
            cmd = StartCardPayment(ticket_id, amount, self.reader_id)
            return start_card_payment(
                cmd, uow=uow, actor=actor or self.shop.b.desk, terminal=self.terminal
            )

    def send(self, attempt_id: str):
        return send_to_reader(attempt_id, uows=self.shop.uow, terminal=self.terminal)

    def check(self, attempt_id: str):
        return check_card_payment(attempt_id, uows=self.shop.uow, terminal=self.terminal)

    def tap(self, number: str = APPROVING) -> None:
        """The client taps a card on the reader (Stripe's test helper)."""
        params: Any = {"card_present": {"number": number}, "type": "card_present"}
        self.fake.client(
            max_network_retries=0
        ).v1.test_helpers.terminal.readers.present_payment_method(self.stripe_reader_id, params)


def set_up_card_desk(shop: Shop, stripe_fake) -> CardDesk:
    terminal = StripeTerminal(stripe_fake.api_key, stripe_fake.url)
    sdk = stripe_fake.client(max_network_retries=0)
    params: Any = {"display_name": "Downtown", "address": ADDRESS}
    location = sdk.v1.terminal.locations.create(params)
    with shop.uow() as uow:
        cmd = RegisterCardReader(
            shop.b.clinic.location_id, "simulated-wpe", "Front desk", location.id
        )
        reader = register_card_reader(cmd, uow=uow, actor=shop.b.manager, terminal=terminal)
    return CardDesk(shop, stripe_fake, terminal, reader.id, reader.stripe_reader_id)
