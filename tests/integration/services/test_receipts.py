"""Receipts: the PDF and the e-mailed text say who the clinic is, the ticket's number and
every line, tax, tip and total, each tender (a card by brand and last four digits only) and
refunds; an e-mailed receipt is a queued message that syncs to the server to be sent."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from medspa_desktop.reports.receipt import receipt_pdf
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.receipts import email_receipt, receipt_data, receipt_text
from medspa_desktop.services.refunds import RefundPayment, refund_payment
from medspa_desktop.services.ticket_discounts import SetTip, set_tip
from medspa_desktop.store.models import Message

from .checkout_clinic import Shop, set_up_shop
from .helpers import mutations
from .till import add, pay, record_card

CARD = "VISA •••• 4242"


@pytest.fixture
def shop(clinic) -> Shop:
    return set_up_shop(clinic)


def pdf_text(pdf: bytes) -> str:
    """The PDF's words, one space apart (table cells come out one per line)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # NOTE: ReportLab writes "•" as WinAnsi code 127, which the PDF standard maps to the
    # bullet (pdftotext and viewers show it); pypdf reads it as DEL.
    return " ".join(text.replace("\x7f", "•").split())


def paid_ticket(shop: Shop) -> str:
    """Botox 300.00 + serum 48.00 (3.96 tax) + 60.00 tip = 411.96: 200.00 by card, the rest
    in cash, then 10.00 of the cash refunded."""
    ticket = shop.open_for(shop.book_botox())
    add(shop, ticket.id, "product", shop.serum)
    with shop.uow() as uow:
        set_tip(SetTip(ticket.id, amount_minor=6000), uow=uow, actor=shop.b.desk)
    record_card(shop, ticket.id, 20000, intent_id="pi_receipt_test")
    cash = pay(shop, ticket.id, "cash", 30000)
    with shop.uow() as uow:
        cmd = RefundPayment(cash.payment_id, 1000, "Price match")
        refund_payment(cmd, uow=uow, actor=shop.b.manager)
    return ticket.id


def test_the_pdf_receipt_has_the_clinic_lines_totals_and_the_card_by_last_four(shop):
    ticket_id = paid_ticket(shop)
    with shop.uow() as uow:
        receipt = receipt_data(ticket_id, uow=uow, actor=shop.b.desk)
    text = pdf_text(receipt_pdf(receipt))
    for expected in (
        "Lumen Aesthetics",
        "Downtown",
        f"Receipt {receipt.ticket_number}",
        "Client: Ada Lovelace",
        "Botox",
        "Hydrating serum",
        "Tax USD 3.96",
        "Tip USD 60.00",
        "Total USD 411.96",
        f"{CARD} USD 200.00",
        "Cash USD 211.96",
        "Cash -USD 10.00",
        "Thank you for visiting Lumen Aesthetics.",
    ):
        assert expected in text, f"{expected!r} not on the receipt:\n{text}"
    assert receipt.issued_at.tzinfo is not None and receipt.issued_at.utcoffset() is not None
    assert str(receipt.issued_at.tzinfo) == "America/New_York"


def test_the_text_receipt_lines_up_and_shows_only_the_last_four_digits(shop):
    ticket_id = paid_ticket(shop)
    with shop.uow() as uow:
        text = receipt_text(receipt_data(ticket_id, uow=uow, actor=shop.b.desk))
    lines = text.splitlines()
    assert lines[0] == "Lumen Aesthetics"
    assert "Total".ljust(34) + "USD 411.96" in lines  # amounts flush right at 44
    assert f"{CARD:<34}USD 200.00" in lines and "Cash".ljust(34) + "-USD 10.00" in lines
    assert all(len(line) <= 44 for line in lines)


def test_an_emailed_receipt_is_a_queued_message_in_the_outbox(shop):
    ticket_id = paid_ticket(shop)
    with pytest.raises(ValidationError, match="Check the e-mail address"), shop.uow() as uow:
        email_receipt(ticket_id, "ada@", uow=uow, actor=shop.b.desk)
    with shop.uow() as uow:
        queued = email_receipt(ticket_id, " Ada@Example.com ", uow=uow, actor=shop.b.desk)
    assert queued.subject == "Your receipt from Lumen Aesthetics"
    with shop.store.session_factory() as session:
        (message,) = session.scalars(select(Message))
    assert (message.channel, message.kind, message.status) == ("email", "receipt", "queued")
    assert (message.related_entity, message.related_id) == ("ticket", ticket_id)
    assert message.client_id == shop.b.client and message.to_address == "Ada@example.com"
    assert CARD in message.body and "USD 411.96" in message.body
    (mutation,) = mutations(shop.store, "create_message")
    assert mutation.entity_id == queued.message_id and mutation.fields["kind"] == "receipt"
