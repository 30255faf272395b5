"""No card number is ever kept: after cash and card payments, a card refund through Stripe,
a printed and an e-mailed receipt, nothing in the decrypted database (every value of every
table), the data directory's files (logs) or the receipt's text looks like a card number:
13 to 19 digits, spaces or hyphens allowed between them, passing the Luhn check."""

from __future__ import annotations

import io
import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from pypdf import PdfReader

from medspa_desktop.payments.stripe_terminal import StripeTerminal
from medspa_desktop.reports.receipt import receipt_pdf
from medspa_desktop.services.receipts import email_receipt, receipt_data
from medspa_desktop.services.refunds import RefundPayment, refund_payment

from .checkout_clinic import set_up_shop
from .till import add, paid_intent, pay, record_card

CANDIDATE = re.compile(r"(?<!\w)(?<!\w-)\d(?:[ -]?\d){12,18}(?!\w)(?!-\w)", re.ASCII)
"""13-19 digits with single spaces or hyphens between them, not part of a longer token: a
hyphen joining letters and digits (a UUID, a receipt number) or a letter next to the digits
(a hash, a Stripe id) makes it something else."""
CARD_INDUSTRIES = "23456"
"""First digits issued to payment cards (Mastercard 2/5, Amex/Diners/JCB 3, Visa 4,
Discover/UnionPay/Maestro 6). Leaving the rest out keeps the clock's 13-digit millisecond
times (``updated_hlc``, starting with 1) from passing as card numbers one time in ten."""


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def card_numbers_in(text: str) -> list[str]:
    found = []
    for match in CANDIDATE.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if digits[0] in CARD_INDUSTRIES and luhn_ok(digits):
            found.append(digits)
    return found


def test_the_scanner_finds_card_numbers_and_nothing_else():
    assert card_numbers_in("paid with 4242 4242 4242 4242 today") == ["4242424242424242"]
    assert card_numbers_in('{"pan": "4000-0000-0000-0002"}') == ["4000000000000002"]
    assert card_numbers_in("amex 378282246310005.") == ["378282246310005"]
    assert card_numbers_in("4242 4242 4242 4241") == []  # fails the Luhn check
    assert card_numbers_in("VISA •••• 4242, USD 411.96, ABCD-00001") == []
    assert card_numbers_in("01234567-4242-4242-4242-424242424242") == []  # a UUID's shape
    assert card_numbers_in("1715000000000:00001:device") == []  # a clock reading


@pytest.fixture
def logged(clinic):
    """The app's log file in the data directory (as ``ui.app.configure_logging`` sets it)."""
    folder = clinic.store.data_dir / "logs"
    folder.mkdir(exist_ok=True)
    handler = RotatingFileHandler(folder / "medspa-desktop.log", maxBytes=2_000_000)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield folder
    root.removeHandler(handler)
    root.setLevel(level)
    handler.close()


def test_no_card_number_in_the_database_the_logs_or_the_receipt(clinic, stripe_fake, logged):
    shop = set_up_shop(clinic)
    intent = paid_intent(stripe_fake, 20000)  # the client taps 4242 4242 4242 4242
    ticket = shop.open_for(shop.book_botox())
    add(shop, ticket.id, "product", shop.serum)
    pay(shop, ticket.id, "cash", 15196)
    card = record_card(shop, ticket.id, 20000, intent_id=intent)
    terminal = StripeTerminal(stripe_fake.api_key, stripe_fake.url)
    with shop.uow() as uow:
        cmd = RefundPayment(card, 5000, "Client changed their mind")
        assert refund_payment(cmd, uow=uow, actor=shop.b.manager, terminal=terminal).refund_id
    with shop.uow() as uow:
        pdf = receipt_pdf(receipt_data(ticket.id, uow=uow, actor=shop.b.desk))
        email_receipt(ticket.id, "ada@example.com", uow=uow, actor=shop.b.desk)
    receipt = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    values = _database_values(shop.store)
    files = _files(shop.store.data_dir)
    assert any(text == "4242" for text in values)  # what may be kept was scanned
    assert any(path.parent == logged for path in files)
    assert card_numbers_in(receipt) == []
    assert [text for text in values if card_numbers_in(text)] == []
    assert [path for path, text in files.items() if card_numbers_in(text)] == []


def _database_values(store) -> list[str]:
    """Every value of every table, as text, read straight from the decrypted database."""
    values: list[str] = []
    with store.engine.connect() as connection:
        tables = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
        for (table,) in tables.fetchall():
            rows = connection.exec_driver_sql(f'SELECT * FROM "{table}"')
            for row in rows:
                values += [_text(value) for value in row if value is not None]
    return values


def _text(value: object) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _files(folder: Path) -> dict[Path, str]:
    return {
        path: path.read_bytes().decode("latin-1") for path in folder.rglob("*") if path.is_file()
    }
