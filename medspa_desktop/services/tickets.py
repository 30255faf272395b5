"""Tickets: the bill at checkout, opened from an appointment or for a walk-in.

Public API (off the GUI thread; each returns the ticket as a frozen ``TicketView``):

- ``OpenTicket(location_id, client_id=None, appointment_id=None)`` -> ``open_ticket``: from
  an appointment, its client and a service line (with its practitioner) for it and every
  other appointment of the same visit, plus a late-cancellation or no-show fee that was not
  waived; an appointment already on an open ticket gets that ticket back, and one already
  paid for gets the paid ticket (its receipt), never a second bill.
- ``AddLine(ticket_id, kind, item_id=None, quantity=1, ...)`` -> ``add_line``: a service,
  retail product, package, gift card sale or membership sign-up at the catalogue price
  unless a price is given; the line's tax rate is the location's for its category.
- ``RemoveLine(line_id)`` / ``SetQuantity(line_id, quantity)``.
- Discounts and tips: ``services/ticket_discounts.py``.

Every change works the ticket out again (``ticket_pricing.reprice``) in the same
transaction; only an open ticket changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.ticket_math import LINE_KINDS
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.common import now, set_device_setting
from medspa_desktop.services.errors import NotFound, RuleViolation, ValidationError
from medspa_desktop.services.ticket_catalogue import CatalogueItem, catalogue_item, fee_lines
from medspa_desktop.services.ticket_close import stock_by_lot
from medspa_desktop.services.ticket_pricing import reprice
from medspa_desktop.services.tickets_read import TicketView, open_ticket_row, ticket_view
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.models import (
    Appointment,
    GiftCard,
    LocalSetting,
    Location,
    Organisation,
    Ticket,
    TicketLine,
)
from medspa_desktop.store.uow import UnitOfWork

NUMBER_SETTING = "ticket_number"
NOT_PERFORMED = ("cancelled", "no_show", "requested", "conflict")
"""Appointments whose service is not charged (a fee for them may be)."""


@dataclass(frozen=True)
class OpenTicket:
    location_id: str
    client_id: str | None = None
    appointment_id: str | None = None


@dataclass(frozen=True)
class AddLine:
    ticket_id: str
    kind: str
    item_id: str | None = None
    quantity: int = 1
    unit_price_minor: int | None = None
    """None: the catalogue price. A gift card sale or an open-priced item needs one."""
    staff_id: str | None = None
    description: str = ""


@dataclass(frozen=True)
class RemoveLine:
    line_id: str


@dataclass(frozen=True)
class SetQuantity:
    line_id: str
    quantity: int


def open_ticket(cmd: OpenTicket, *, uow: UnitOfWork, actor: Actor) -> TicketView:
    authorize(uow, actor, Action.TICKET_OPEN, entity="ticket")
    location = uow.session.get(Location, cmd.location_id)
    if location is None or location.deleted or location.org_id != actor.org_id:
        raise NotFound("That location no longer exists. Choose another location.")
    visit = _visit(uow, actor, cmd.appointment_id)
    if visit:
        existing = _ticket_for(uow, [a.id for a in visit])
        if existing is not None:  # open: carry on; paid: its receipt, never a second bill
            return ticket_view(existing.id, uow=uow, actor=actor)
    client_id = visit[0].client_id if visit else cmd.client_id
    ticket = _new_ticket(uow, actor, location, client_id, visit[0].id if visit else None)
    for appointment in visit:
        if appointment.status in NOT_PERFORMED:
            continue
        item = catalogue_item(uow, location, "service", appointment.service_id)
        _add(uow, actor, ticket, item, 1, appointment.staff_id, appointment.id)
    for item in fee_lines(visit):
        _add(uow, actor, ticket, item, 1, None, item.appointment_id)
    reprice(uow, actor, ticket)
    uow.commit()
    return ticket_view(ticket.id, uow=uow, actor=actor)


def add_line(cmd: AddLine, *, uow: UnitOfWork, actor: Actor) -> TicketView:
    authorize(uow, actor, Action.TICKET_EDIT, entity="ticket", entity_id=cmd.ticket_id)
    ticket = open_ticket_row(uow, actor, cmd.ticket_id)
    if cmd.kind not in LINE_KINDS:
        raise ValidationError({"kind": f"Unknown kind of line {cmd.kind!r}."})
    if cmd.quantity < 1:
        raise ValidationError({"quantity": "The quantity must be 1 or more."})
    location = uow.session.get(Location, ticket.location_id)
    assert location is not None
    if cmd.kind == "gift_card":
        raise ValidationError({"kind": "Sell gift cards with sell_gift_card (it makes the card)."})
    item = catalogue_item(uow, location, cmd.kind, cmd.item_id, cmd.unit_price_minor)
    _check_can_sell(uow, ticket, item)
    if cmd.description:
        item = item.named(cmd.description)
    _add(uow, actor, ticket, item, cmd.quantity, cmd.staff_id, None)
    reprice(uow, actor, ticket)
    uow.commit()
    return ticket_view(ticket.id, uow=uow, actor=actor)


def _check_can_sell(uow: UnitOfWork, ticket: Ticket, item: CatalogueItem) -> None:
    """What would stop the ticket closing is refused now, before anything is paid."""
    if item.kind == "package" and ticket.client_id is None:
        raise RuleViolation("A package belongs to a client: choose the client on the ticket first.")
    if item.kind == "product" and not stock_by_lot(uow, item.item_id or "", ticket.location_id):
        raise RuleViolation(
            f"{item.description} has no stock recorded at this location. Receive a delivery in "
            "Inventory first."
        )


def add_catalogue_line(
    uow: UnitOfWork, actor: Actor, ticket: Ticket, item: CatalogueItem, staff_id: str | None
) -> TicketView:
    """Add ``item`` as one line and work the ticket out again (gift card sales use this)."""
    _add(uow, actor, ticket, item, 1, staff_id, None)
    reprice(uow, actor, ticket)
    uow.commit()
    return ticket_view(ticket.id, uow=uow, actor=actor)


def remove_line(cmd: RemoveLine, *, uow: UnitOfWork, actor: Actor) -> TicketView:
    line, ticket = _line(uow, actor, cmd.line_id)
    save_changes(
        uow, actor, line, {"deleted": True}, entity="ticket_line", action=Action.TICKET_EDIT,
        commit=False,
    )  # fmt: skip
    card = uow.session.get(GiftCard, line.item_id) if line.kind == "gift_card" else None
    if card is not None and card.status == "pending":  # never paid for: never usable
        save_changes(
            uow, actor, card, {"status": "void"}, entity="gift_card", action=Action.TICKET_EDIT,
            commit=False,
        )  # fmt: skip
    reprice(uow, actor, ticket)
    uow.commit()
    return ticket_view(ticket.id, uow=uow, actor=actor)


def set_quantity(cmd: SetQuantity, *, uow: UnitOfWork, actor: Actor) -> TicketView:
    if cmd.quantity < 1:
        raise ValidationError(
            {"quantity": "The quantity must be 1 or more; remove the line instead."}
        )
    line, ticket = _line(uow, actor, cmd.line_id)
    save_changes(
        uow, actor, line, {"quantity": cmd.quantity}, entity="ticket_line",
        action=Action.TICKET_EDIT, commit=False,
    )  # fmt: skip
    reprice(uow, actor, ticket)
    uow.commit()
    return ticket_view(ticket.id, uow=uow, actor=actor)


def _line(uow: UnitOfWork, actor: Actor, line_id: str) -> tuple[TicketLine, Ticket]:
    line = uow.session.get(TicketLine, line_id)
    if line is None or line.deleted:
        raise NotFound("That line is no longer on the ticket.")
    authorize(uow, actor, Action.TICKET_EDIT, entity="ticket", entity_id=line.ticket_id)
    return line, open_ticket_row(uow, actor, line.ticket_id)


def _visit(uow: UnitOfWork, actor: Actor, appointment_id: str | None) -> list[Appointment]:
    """The appointment and the others booked with it for one visit, in time order."""
    if appointment_id is None:
        return []
    first = uow.session.get(Appointment, appointment_id)
    if first is None or first.deleted or first.org_id != actor.org_id:
        raise NotFound("That appointment no longer exists.")
    fee = first.late_cancel_fee_minor or first.no_show_fee_minor
    if first.status in ("cancelled", "requested", "conflict") and not fee:
        raise RuleViolation(
            f"This appointment is {first.status.replace('_', ' ')}: there is nothing to "
            "check out. Open a walk-in ticket to sell something."
        )
    rows = uow.session.scalars(
        select(Appointment)
        .where(Appointment.visit_id == first.visit_id, Appointment.deleted.is_(False))
        .order_by(Appointment.starts_at)
    )
    return [a for a in rows if a.id == first.id or a.status not in ("cancelled", "conflict")]


def _ticket_for(uow: UnitOfWork, appointment_ids: list[str]) -> Ticket | None:
    """The visit's open ticket, else the one that paid for it (voided ones do not count)."""
    rows = uow.session.scalars(
        select(Ticket)
        .join(TicketLine, TicketLine.ticket_id == Ticket.id)
        .where(
            TicketLine.appointment_id.in_(appointment_ids),
            TicketLine.deleted.is_(False),
            Ticket.status.in_(("open", "closed")),
            Ticket.deleted.is_(False),
        )
        .order_by(Ticket.status.desc(), Ticket.opened_at.desc())  # "open" before "closed"
    )
    return rows.first()


def _new_ticket(
    uow: UnitOfWork,
    actor: Actor,
    location: Location,
    client_id: str | None,
    appointment_id: str | None,
) -> Ticket:
    values = {
        "location_id": location.id,
        "client_id": client_id,
        "appointment_id": appointment_id,
        "number": _next_number(uow),
        "status": "open",
        "opened_at": now(),
        "opened_by": actor.staff_id,
        "currency": _currency(uow, actor),
    }
    ticket = Ticket(org_id=actor.org_id, **values)
    save_new(uow, actor, ticket, values, entity="ticket", action=Action.TICKET_OPEN, commit=False)
    return ticket


def _add(
    uow: UnitOfWork,
    actor: Actor,
    ticket: Ticket,
    item: CatalogueItem,
    quantity: int,
    staff_id: str | None,
    appointment_id: str | None,
) -> TicketLine:
    values = {
        "ticket_id": ticket.id,
        "kind": item.kind,
        "item_id": item.item_id,
        "appointment_id": appointment_id,
        "description": item.description,
        "quantity": quantity,
        "unit_price_minor": item.price_minor,
        "tax_rate_bp": item.tax_rate_bp,
        "total_minor": item.price_minor * quantity,
        "staff_id": staff_id,
    }
    line = TicketLine(org_id=actor.org_id, **values)
    save_new(
        uow, actor, line, values, entity="ticket_line", action=Action.TICKET_EDIT, commit=False
    )
    return line


def _next_number(uow: UnitOfWork) -> str:
    """A receipt number no other device can give: this device's mark and its own count."""
    row = uow.session.get(LocalSetting, NUMBER_SETTING)
    number = int(row.value) + 1 if row else 1
    set_device_setting(uow, NUMBER_SETTING, str(number))
    return f"{uow.device_id[-4:].upper()}-{number:05d}"


def _currency(uow: UnitOfWork, actor: Actor) -> str:
    org = uow.session.get(Organisation, actor.org_id)
    return org.currency if org is not None else "USD"
