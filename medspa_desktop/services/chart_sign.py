"""Signing a chart: the treating practitioner re-enters their password or PIN, the chart's
content is sealed in a signed version, and the lots used come off stock.

Public API (off the GUI thread):

- ``SignChart(chart_id, secret)`` -> ``sign_chart(cmd, *, uow, actor) -> SignedChart``.

Only the chart's practitioner signs, only a chart with one current version (siblings are
reconciled first) whose required fields are filled in. A wrong password or PIN counts toward
the same lock-out as a failed log-in. The signed version is a new ledger row holding the body
and its SHA-256; the chart becomes ``signed`` and refuses every change but addenda. Each lot
used becomes an inventory movement of kind ``treatment`` naming the chart, in the same
transaction; stock short of what the chart says is recorded anyway (the product was used)
with a reason, as the till does.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.chart_injections import stock_usage
from medspa_desktop.domain.chart_template import TemplateSchema
from medspa_desktop.domain.chart_versions import heads
from medspa_desktop.domain.sync_policy import CHART_LOCKED_STATUS
from medspa_desktop.services.authz import refuse, refuse_by_rule
from medspa_desktop.services.chart_access import CHART_ENTITY, authorize_chart, get_chart
from medspa_desktop.services.chart_lots import lots_by_id, product_label
from medspa_desktop.services.chart_read import node_of, version_rows
from medspa_desktop.services.chart_rules import append_version, checked_body, refuse_if_signed
from medspa_desktop.services.chart_templates import schema_of
from medspa_desktop.services.common import now
from medspa_desktop.services.credentials import verify_password, verify_pin
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.login_guard import check_not_throttled, record_failure
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.models import Appointment, Chart, ChartVersion, InventoryMovement, Staff
from medspa_desktop.store.uow import UnitOfWork

SIGNING_REFUSED = "That password or PIN is not right. Type it again to sign."
SHORT_STOCK = "used in a treatment with the stock count short"
_TREATMENT_MOVEMENTS = uuid.UUID("0b7d6a52-93c1-4e0f-a2f4-5d8e61c7b9a3")


@dataclass(frozen=True)
class SignChart:
    chart_id: str
    secret: str
    """The practitioner's password or PIN, typed again; never stored or logged."""


@dataclass(frozen=True)
class LotUse:
    lot_id: str
    lot_number: str
    product_name: str
    unit: str
    quantity: int
    short: bool
    """Stock records held less than this; recorded anyway, for a stock count to correct."""


@dataclass(frozen=True)
class SignedChart:
    chart_id: str
    version_id: str
    signed_at: dt.datetime
    content_hash: str
    lots_used: tuple[LotUse, ...]


def sign_chart(cmd: SignChart, *, uow: UnitOfWork, actor: Actor) -> SignedChart:
    chart = get_chart(uow, cmd.chart_id, actor.org_id)
    authorize_chart(uow, actor, Action.CHART_SIGN, chart)
    refuse_if_signed(uow, actor, chart, Action.CHART_SIGN)
    head = _only_head(uow, actor, chart)
    body = checked_body(uow, chart, head.body, complete=True)
    _verify_signer(uow, actor, cmd.secret)
    signed = append_version(
        uow, actor, chart, body, parent_id=head.id, signed=True, action=Action.CHART_SIGN
    )
    values = {
        "status": CHART_LOCKED_STATUS,
        "signed_at": signed.at,
        "signed_by": actor.staff_id,
        "current_version_id": signed.id,
    }
    save_changes(
        uow, actor, chart, values, entity=CHART_ENTITY, action=Action.CHART_SIGN, commit=False
    )
    used = _take_stock(uow, actor, chart, schema_of(uow, chart.template_version_id), body)
    uow.commit()
    return SignedChart(chart.id, signed.id, signed.at, signed.content_hash, used)


def _only_head(uow: UnitOfWork, actor: Actor, chart: Chart) -> ChartVersion:
    if chart.staff_id != actor.staff_id:
        refuse_by_rule(
            uow,
            actor,
            Action.CHART_SIGN,
            "Only the practitioner who gave this treatment can sign its chart.",
            entity=CHART_ENTITY,
            entity_id=chart.id,
        )
    rows = version_rows(uow, chart.id)
    tops = heads(map(node_of, rows))
    if len(tops) != 1:
        message = (
            "Nothing has been charted yet; save the chart before signing."
            if not tops
            else "This chart has versions saved on different devices. Reconcile them into "
            "one before signing."
        )
        refuse_by_rule(
            uow, actor, Action.CHART_SIGN, message, entity=CHART_ENTITY, entity_id=chart.id
        )
    return next(row for row in rows if row.id == tops[0].id)


def _verify_signer(uow: UnitOfWork, actor: Actor, secret: str) -> None:
    """The password or PIN of the acting account, under the log-in lock-out."""
    staff = uow.session.get(Staff, actor.staff_id)
    if staff is None or staff.deleted or not staff.active:
        refuse(
            uow,
            actor,
            Action.CHART_SIGN,
            "This account can't sign charts any more.",
            entity=CHART_ENTITY,
        )
    check_not_throttled(uow, staff.username, staff)
    if verify_password(staff.password_hash, secret).ok:
        return
    if staff.pin_hash and verify_pin(staff.pin_hash, secret).ok:
        return
    record_failure(uow, staff.username, staff, "password or PIN to sign a chart")
    raise ValidationError({"secret": SIGNING_REFUSED})


def _take_stock(
    uow: UnitOfWork, actor: Actor, chart: Chart, schema: TemplateSchema, body: Mapping[str, Any]
) -> tuple[LotUse, ...]:
    usage = stock_usage(schema, body)
    found = lots_by_id(uow, usage)
    left = _on_hand(uow, list(usage))
    treated_at = _treated_at(uow, chart)
    uses = []
    for lot_id, quantity in sorted(usage.items()):
        lot, product = found[lot_id]
        short = left.get(lot_id, 0) < quantity
        values: dict[str, Any] = {
            "lot_id": lot_id,
            "quantity": -quantity,
            "kind": "treatment",
            "chart_id": chart.id,
            "at": treated_at,
            "staff_id": chart.staff_id,
            "reason": SHORT_STOCK if short else "",
        }
        movement_id = treatment_movement_id(chart.id, lot_id)
        row = InventoryMovement(id=movement_id, org_id=actor.org_id, **values)
        save_new(
            uow,
            actor,
            row,
            values,
            entity="inventory_movement",
            action=Action.CHART_SIGN,
            commit=False,
        )
        uses.append(
            LotUse(lot_id, lot.lot_number, product_label(product), product.unit, quantity, short)
        )
    return tuple(uses)


def treatment_movement_id(chart_id: str, lot_id: str) -> str:
    """The stock movement of one lot used in one chart.

    NOTE: derived, not random. Should the practitioner sign the same chart on two devices
    while both are offline, both signings name the same movement, which is recorded once
    when they sync (a ledger keeps the first copy of an id), so the stock is not counted
    out twice. The values are the same on both devices (the treatment's time, the chart's
    practitioner) so the second copy is taken as a duplicate, not refused as a change.
    """
    return str(uuid.uuid5(_TREATMENT_MOVEMENTS, f"{chart_id}/{lot_id}"))


def _treated_at(uow: UnitOfWork, chart: Chart) -> dt.datetime:
    appointment = (
        uow.session.get(Appointment, chart.appointment_id) if chart.appointment_id else None
    )
    return appointment.starts_at if appointment is not None else now()


def _on_hand(uow: UnitOfWork, lot_ids: list[str]) -> dict[str, int]:
    rows = uow.session.execute(
        select(InventoryMovement.lot_id, func.sum(InventoryMovement.quantity))
        .where(InventoryMovement.lot_id.in_(lot_ids), InventoryMovement.deleted.is_(False))
        .group_by(InventoryMovement.lot_id)
    )
    return {lot_id: int(total or 0) for lot_id, total in rows}
