"""Receipts: what a ticket's receipt says, as data for the PDF and as plain text for e-mail.

Public API (off the GUI thread; results are frozen):

- ``receipt_data(ticket_id, *, uow, actor) -> ReceiptData``: the clinic (organisation and
  location), the ticket's number and local date, lines, totals, tenders (a card by brand
  and last four digits only), refunds and balance. ``reports.receipt.receipt_pdf`` prints it.
- ``receipt_text(receipt) -> str``: the same receipt as plain text, 44 characters wide.
- ``email_receipt(ticket_id, to_address, *, uow, actor) -> ReceiptQueued``: queues an e-mail
  ``Message`` (kind ``receipt``); the server sends it once, after the row syncs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.money import Money
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.common import now
from medspa_desktop.services.contact import normalise_email
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.tickets_read import TicketView, ticket_row, ticket_view
from medspa_desktop.services.writes import save_new
from medspa_desktop.store.models import Location, Message, Organisation, Payment, Refund
from medspa_desktop.store.uow import UnitOfWork

WIDTH = 44
BRANDS = {"amex": "AMEX", "mastercard": "Mastercard", "discover": "Discover", "visa": "VISA"}
TENDERS = {"cash": "Cash", "gift_card": "Gift card", "pay_later": "On account"}
REFUNDED_AS = {"cash": "Cash", "gift_card": "To gift card", "pay_later": "On account"}


@dataclass(frozen=True)
class ReceiptLine:
    description: str
    quantity: int
    unit_price_minor: int
    discount_minor: int
    tax_minor: int
    total_minor: int


@dataclass(frozen=True)
class ReceiptMoney:
    """A tender or a refund: how (``VISA •••• 4242``, ``Cash``), how much, when (local)."""

    label: str
    amount_minor: int
    at: dt.datetime


@dataclass(frozen=True)
class ReceiptData:
    clinic_name: str
    location_name: str
    address: str
    phone: str
    email: str
    ticket_number: str
    status: str
    issued_at: dt.datetime
    """When the ticket closed (or opened, while open), in the location's time zone."""
    client_name: str
    currency: str
    lines: tuple[ReceiptLine, ...]
    subtotal_minor: int
    discount_minor: int
    tax_minor: int
    tip_minor: int
    total_minor: int
    tenders: tuple[ReceiptMoney, ...]
    refunds: tuple[ReceiptMoney, ...]
    paid_minor: int
    """Paid less refunded."""
    balance_minor: int
    footer: str

    def money(self, minor: int) -> str:
        return Money(minor, self.currency).format()


@dataclass(frozen=True)
class ReceiptQueued:
    message_id: str
    to_address: str
    subject: str


def receipt_data(ticket_id: str, *, uow: UnitOfWork, actor: Actor) -> ReceiptData:
    authorize(uow, actor, Action.RECEIPT_SEND, entity="ticket", entity_id=ticket_id)
    view = ticket_view(ticket_id, uow=uow, actor=actor)
    location = uow.session.get(Location, view.location_id)
    organisation = uow.session.get(Organisation, actor.org_id)
    assert location is not None and organisation is not None  # a ticket has both
    zone = ZoneInfo(location.time_zone)
    return ReceiptData(
        clinic_name=organisation.name,
        location_name=location.name,
        address=location.address,
        phone=location.phone,
        email=location.email,
        ticket_number=view.number,
        status=view.status,
        issued_at=(view.closed_at or view.opened_at).astimezone(zone),
        client_name=view.client_name,
        currency=view.currency,
        lines=tuple(_line(line) for line in view.lines),
        subtotal_minor=view.subtotal_minor,
        discount_minor=view.discount_minor,
        tax_minor=view.tax_minor,
        tip_minor=view.tip_minor,
        total_minor=view.total_minor,
        tenders=_tenders(view, zone),
        refunds=_refunds(uow, view, zone),
        paid_minor=view.paid_minor,
        balance_minor=view.balance_minor,
        footer=_footer(organisation.name, location),
    )


def tender_label(tender: str, card_brand: str, card_last4: str) -> str:
    """``VISA •••• 4242`` for a card (never more of it); ``Cash``, ``Gift card`` ..."""
    if tender != "card":
        return TENDERS.get(tender, tender.replace("_", " ").capitalize())
    brand = BRANDS.get(card_brand.lower(), card_brand.upper() or "Card")
    return f"{brand} •••• {card_last4}" if card_last4 else brand


def receipt_text(receipt: ReceiptData) -> str:
    head = [receipt.clinic_name, receipt.location_name, *receipt.address.splitlines()]
    head += [f"Phone {receipt.phone}"] if receipt.phone else []
    head += ["", f"Receipt {receipt.ticket_number}", f"{receipt.issued_at:%d %b %Y, %H:%M}"]
    head += [f"Client: {receipt.client_name}", ""]
    body: list[str] = []
    for line in receipt.lines:
        body += [_row(line.description, receipt.money(line.total_minor))]
        if line.quantity != 1:
            body += [f"  {line.quantity} x {receipt.money(line.unit_price_minor)}"]
        if line.discount_minor:
            body += [_row("  Discount", receipt.money(-line.discount_minor))]
    return "\n".join([*head, *body, "-" * WIDTH, *_totals_text(receipt)]) + "\n"


def _totals_text(receipt: ReceiptData) -> list[str]:
    rows = [_row(label, receipt.money(minor)) for label, minor in totals(receipt)]
    rows += ["", "Paid"] + [_row(t.label, receipt.money(t.amount_minor)) for t in receipt.tenders]
    if receipt.refunds:
        rows += ["Refunded"]
        rows += [_row(r.label, receipt.money(-r.amount_minor)) for r in receipt.refunds]
    rows += [_row("Balance", receipt.money(receipt.balance_minor)), "", receipt.footer]
    return rows


def totals(receipt: ReceiptData) -> list[tuple[str, int]]:
    """The ticket's sums as labelled rows; discount and tip only when there are any."""
    rows = [("Subtotal", receipt.subtotal_minor)]
    rows += [("Discounts", -receipt.discount_minor)] if receipt.discount_minor else []
    rows += [("Tax", receipt.tax_minor)]
    rows += [("Tip", receipt.tip_minor)] if receipt.tip_minor else []
    return [*rows, ("Total", receipt.total_minor)]


def email_receipt(
    ticket_id: str, to_address: str, *, uow: UnitOfWork, actor: Actor
) -> ReceiptQueued:
    authorize(uow, actor, Action.RECEIPT_SEND, entity="ticket", entity_id=ticket_id)
    checked = normalise_email(to_address)
    if checked.problem or not checked.value:
        raise ValidationError({"to_address": checked.problem or "Enter the e-mail address."})
    receipt = receipt_data(ticket_id, uow=uow, actor=actor)
    subject = f"Your receipt from {receipt.clinic_name}"
    values = {
        "client_id": ticket_row(uow, actor, ticket_id).client_id,
        "channel": "email",
        "to_address": checked.value,
        "subject": subject[:200],
        "body": receipt_text(receipt),
        "kind": "receipt",
        "status": "queued",
        "queued_at": now(),
        "related_entity": "ticket",
        "related_id": ticket_id,
    }
    message = Message(org_id=actor.org_id, **values)
    save_new(uow, actor, message, values, entity="message", action=Action.RECEIPT_SEND)
    return ReceiptQueued(message.id, checked.value, subject)


def _line(line: object) -> ReceiptLine:
    return ReceiptLine(**{name: getattr(line, name) for name in ReceiptLine.__dataclass_fields__})


def _tenders(view: TicketView, zone: ZoneInfo) -> tuple[ReceiptMoney, ...]:
    return tuple(
        ReceiptMoney(
            tender_label(p.tender, p.card_brand, p.card_last4),
            p.amount_minor,
            p.received_at.astimezone(zone),
        )
        for p in view.payments
    )


def _refunds(uow: UnitOfWork, view: TicketView, zone: ZoneInfo) -> tuple[ReceiptMoney, ...]:
    rows = uow.session.execute(
        select(Refund, Payment)
        .join(Payment, Payment.id == Refund.payment_id)
        .where(Payment.ticket_id == view.id, Refund.deleted.is_(False))
        .order_by(Refund.at, Refund.id)
    )
    return tuple(
        ReceiptMoney(_refund_label(p), r.amount_minor, r.at.astimezone(zone)) for r, p in rows
    )


def _refund_label(payment: Payment) -> str:
    """``Cash``, ``On account``, ``To gift card``, ``To VISA •••• 4242``."""
    if payment.tender in REFUNDED_AS:
        return REFUNDED_AS[payment.tender]
    return f"To {tender_label(payment.tender, payment.card_brand, payment.card_last4)}"


def _footer(clinic: str, location: Location) -> str:
    contact = f" Questions? {location.email}" if location.email else ""
    return f"Thank you for visiting {clinic}.{contact}"


def _row(label: str, amount: str) -> str:
    room = WIDTH - len(amount) - 1
    text = label if len(label) <= room else label[: room - 1] + "…"
    return f"{text:<{room}} {amount}"
