"""What a ticket line sells: its name, price and tax rate from the clinic's catalogue.

Public API (inside a unit of work):

- ``catalogue_item(uow, location, kind, item_id, price_minor=None) -> CatalogueItem``: a
  service, retail product, package plan or membership plan by id; a gift card sale (no id,
  the amount given). The tax rate is the location's for the item's tax category.
- ``fee_lines(visit) -> list[CatalogueItem]``: a late-cancellation or no-show fee flagged on
  an appointment and not waived.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.store.models import (
    Appointment,
    Location,
    MembershipPlan,
    PackagePlan,
    Product,
    ServiceItem,
)
from medspa_desktop.store.uow import UnitOfWork

GIFT_CARD_MAX_MINOR = 1_000_000
"""A gift card over 10,000.00 is refused: a typo, not a sale."""

_MODELS: dict[str, type[ServiceItem] | type[Product] | type[PackagePlan] | type[MembershipPlan]] = {
    "service": ServiceItem,
    "product": Product,
    "package": PackagePlan,
    "membership": MembershipPlan,
}
_WORDS = {"service": "service", "product": "product", "package": "package", "membership": "plan"}


@dataclass(frozen=True)
class CatalogueItem:
    kind: str
    item_id: str | None
    description: str
    price_minor: int
    tax_rate_bp: int
    appointment_id: str | None = None

    def named(self, description: str) -> CatalogueItem:
        return dataclasses.replace(self, description=description[:200])


def catalogue_item(
    uow: UnitOfWork,
    location: Location,
    kind: str,
    item_id: str | None,
    price_minor: int | None = None,
) -> CatalogueItem:
    if kind == "gift_card":
        return _gift_card(price_minor)
    model = _MODELS[kind]
    row: Any = uow.session.get(model, item_id) if item_id else None
    if row is None or row.deleted or row.org_id != location.org_id:
        raise NotFound(f"That {_WORDS[kind]} is no longer in the catalogue. Choose another.")
    price = row.price_minor if price_minor is None else price_minor
    if price < 0:
        raise ValidationError({"unit_price_minor": "A price cannot be below zero."})
    category = getattr(row, "tax_category", "service")
    rate = int((location.tax_rates or {}).get(category, 0))
    return CatalogueItem(kind, row.id, row.name, price, rate)


def _gift_card(price_minor: int | None) -> CatalogueItem:
    if price_minor is None or not 0 < price_minor <= GIFT_CARD_MAX_MINOR:
        raise ValidationError(
            {"unit_price_minor": "Enter the gift card's value: more than 0 and at most 10,000.00."}
        )
    return CatalogueItem("gift_card", None, "Gift card", price_minor, 0)


def fee_lines(visit: Iterable[Appointment]) -> list[CatalogueItem]:
    fees = []
    for appointment in visit:
        for what, fee in (
            ("No-show fee", appointment.no_show_fee_minor),
            ("Late cancellation fee", appointment.late_cancel_fee_minor),
        ):
            if fee:  # a waived fee is set back to 0
                fees.append(CatalogueItem("service", None, what, fee, 0, appointment.id))
    return fees
