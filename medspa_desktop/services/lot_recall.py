"""Lot recall: every client treated with (or sold) product from a given lot number.

Public API (off the GUI thread; results are frozen):

- ``lot_recall(lot_number, *, uow, actor, via="") -> LotRecall``: managers and owners;
  audited with the lot number (never a client's details). Lot numbers match whatever their
  case and surrounding spaces, across products and locations.
- ``recall_text(recall) -> str``: the plain-text report ``medspa lot-recall`` prints.
- ``recall_owner(uow) -> Actor``: whom the command line runs as (the first active owner).

Treatments are found through the signed chart that used the lot (and, for records made
before charting, the ticket line of the treatment); sales through the ticket's client.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.chart_access import staff_names
from medspa_desktop.services.chart_lots import product_label
from medspa_desktop.services.errors import NotFound
from medspa_desktop.services.reconcile import reconciling_owner
from medspa_desktop.store.models import (
    Chart,
    Client,
    InventoryLot,
    InventoryMovement,
    Location,
    Product,
    Ticket,
    TicketLine,
)
from medspa_desktop.store.uow import UnitOfWork

KINDS = {"treatment": "treated", "sale": "bought"}
NO_CLIENT = "No client recorded"


@dataclass(frozen=True)
class RecalledLot:
    lot_id: str
    lot_number: str
    product_name: str
    location_name: str
    expires_on: dt.date | None


@dataclass(frozen=True)
class RecallEntry:
    client_id: str | None
    client_name: str
    phone: str
    email: str
    at: dt.datetime
    practitioner_name: str
    product_name: str
    lot_number: str
    quantity: int
    unit: str
    how: str
    """``treated`` or ``bought``."""
    chart_id: str | None


@dataclass(frozen=True)
class LotRecall:
    lot_number: str
    lots: tuple[RecalledLot, ...]
    entries: tuple[RecallEntry, ...]

    @property
    def client_count(self) -> int:
        return len({e.client_id for e in self.entries if e.client_id})


def lot_recall(lot_number: str, *, uow: UnitOfWork, actor: Actor, via: str = "") -> LotRecall:
    authorize(uow, actor, Action.LOT_RECALL, entity="inventory_lot")
    wanted = lot_number.strip()
    lots = uow.session.execute(
        select(InventoryLot, Product, Location.name)
        .join(Product, Product.id == InventoryLot.product_id)
        .join(Location, Location.id == InventoryLot.location_id)
        .where(InventoryLot.org_id == actor.org_id, InventoryLot.deleted.is_(False))
        .where(func.upper(InventoryLot.lot_number) == wanted.upper())
        .order_by(Product.name, InventoryLot.received_at)
    ).all()
    found = {lot.id: (lot, product) for lot, product, _ in lots}
    detail = f"lot {wanted[:64]}" + (f"; {via}" if via else "")
    record_audit(
        uow,
        actor,
        Action.LOT_RECALL,
        entity="inventory_lot",
        entity_id="",
        outcome="ok",
        detail=detail,
    )
    uow.commit()
    return LotRecall(
        lot_number=wanted,
        lots=tuple(
            RecalledLot(lot.id, lot.lot_number, product_label(product), place, lot.expires_on)
            for lot, product, place in lots
        ),
        entries=_entries(uow, found),
    )


def _entries(
    uow: UnitOfWork, found: dict[str, tuple[InventoryLot, Product]]
) -> tuple[RecallEntry, ...]:
    if not found:
        return ()
    rows = uow.session.execute(
        select(
            InventoryMovement,
            func.coalesce(Chart.client_id, Ticket.client_id),
            func.coalesce(Chart.staff_id, TicketLine.staff_id, InventoryMovement.staff_id),
        )
        .outerjoin(Chart, Chart.id == InventoryMovement.chart_id)
        .outerjoin(TicketLine, TicketLine.id == InventoryMovement.ticket_line_id)
        .outerjoin(Ticket, Ticket.id == TicketLine.ticket_id)
        .where(InventoryMovement.lot_id.in_(sorted(found)))
        .where(InventoryMovement.kind.in_(sorted(KINDS)), InventoryMovement.deleted.is_(False))
        .order_by(InventoryMovement.at, InventoryMovement.id)
    ).all()
    clients = _clients(uow, {client_id for _, client_id, _ in rows if client_id})
    names = staff_names(uow, (staff_id for _, _, staff_id in rows))
    return tuple(
        _entry(
            movement,
            found[movement.lot_id],
            client_id,
            clients.get(client_id or ""),
            names.get(staff_id or "", ""),
        )
        for movement, client_id, staff_id in rows
    )


def _entry(
    movement: InventoryMovement,
    lot_and_product: tuple[InventoryLot, Product],
    client_id: str | None,
    client: Client | None,
    practitioner_name: str,
) -> RecallEntry:
    lot, product = lot_and_product
    reachable = client is not None and not client.erased_at
    return RecallEntry(
        client_id=client_id,
        client_name=_client_name(client),
        phone=client.phone if client and reachable else "",
        email=client.email if client and reachable else "",
        at=movement.at,
        practitioner_name=practitioner_name,
        product_name=product_label(product),
        lot_number=lot.lot_number,
        quantity=-movement.quantity,
        unit=product.unit,
        how=KINDS[movement.kind],
        chart_id=movement.chart_id,
    )


def _clients(uow: UnitOfWork, client_ids: set[str]) -> dict[str, Client]:
    if not client_ids:
        return {}
    rows = uow.session.scalars(select(Client).where(Client.id.in_(sorted(client_ids))))
    return {client.id: client for client in rows}


def _client_name(client: Client | None) -> str:
    if client is None:
        return NO_CLIENT
    if client.erased_at:
        return "Erased client"
    return f"{client.first_name} {client.last_name}"


def recall_owner(uow: UnitOfWork) -> Actor:
    """The organisation's first active owner, whom the command line acts as."""
    try:
        return reconciling_owner(uow)
    except NotFound as err:
        raise NotFound("This clinic has no active owner account to run the recall as.") from err


def recall_text(recall: LotRecall) -> str:
    """A plain-text report: the lots with that number, then each client and what they had."""
    if not recall.lots:
        return f"No lot numbered {recall.lot_number!r} is in this clinic's stock records."
    lines = [f"Lot recall: {recall.lot_number}", ""]
    for lot in recall.lots:
        expires = lot.expires_on.isoformat() if lot.expires_on else "no expiry"
        lines.append(f"  {lot.product_name}, {lot.location_name}, expires {expires}")
    lines.append("")
    if not recall.entries:
        lines.append("Nobody has been treated with or sold this lot.")
        return "\n".join(lines)
    lines.append(f"{recall.client_count} client(s), {len(recall.entries)} use(s):")
    for e in recall.entries:
        lines.append(
            f"  {e.at:%Y-%m-%d}  {e.client_name:<28} {e.phone or '-':<16} "
            f"{e.how} {e.quantity} {e.unit}  {e.product_name}  by {e.practitioner_name or '-'}"
        )
    return "\n".join(lines)
