"""A clinic ready to chart: practitioners Lee (PIN 1357, booked with Maya) and Kim (no client
in common), a front desk colleague and a manager; Maya with an allergy, a contraindication
and a medication; Botox and lip filler on the menu; Botox in two lots (one out of date) and a
filler in one lot, each received into stock; Maya checked in for Botox with Lee.

Menu rows, lots, consents and intake forms are written as a device writes them (row and
create mutation), because some of them have no service yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sync.helpers import record

from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.domain.ids import new_id
from medspa_desktop.services.chart_read import ChartView, chart_view
from medspa_desktop.services.chart_sign import SignChart, SignedChart, sign_chart
from medspa_desktop.services.charts import (
    ChartStarted,
    SaveChart,
    SavedChart,
    StartChart,
    save_chart,
    start_chart,
)
from medspa_desktop.store.models import (
    Appointment,
    Client,
    ConsentTemplate,
    ConsentTemplateVersion,
    InventoryLot,
    InventoryMovement,
    Product,
    ServiceCategory,
    ServiceItem,
    SignedConsent,
)

from .helpers import STAFF_PASSWORD

LEE_PIN = "1357"
TOMORROW = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
NEXT_YEAR = dt.date.today() + dt.timedelta(days=365)


@dataclass
class ChartClinic:
    clinic: Any
    lee: Actor
    kim: Actor
    desk: Actor
    manager: Actor
    maya: str
    botox: str
    filler: str
    botox_lot: str
    old_lot: str
    filler_lot: str
    appointment: str
    consents: dict[str, str] = field(default_factory=dict)

    @property
    def store(self):
        return self.clinic.store

    @property
    def owner(self) -> Actor:
        return self.clinic.owner

    def row(self, model: type, **values) -> str:
        return record(self.store, model, org_id=self.clinic.org_id, **values)

    def book(
        self,
        staff: Actor,
        *,
        service: str | None = None,
        client: str | None = None,
        status: str = "checked_in",
    ) -> str:
        return self.row(
            Appointment,
            location_id=self.clinic.location_id,
            client_id=client or self.maya,
            staff_id=staff.staff_id,
            service_id=service or self.botox,
            starts_at=TOMORROW,
            ends_at=TOMORROW + dt.timedelta(minutes=30),
            visit_id=new_id(),
            status=status,
        )

    def start(self, actor: Actor, appointment: str | None = None, **cmd) -> ChartStarted:
        with self.store.uow() as uow:
            return start_chart(
                StartChart(appointment or self.appointment, **cmd), uow=uow, actor=actor
            )

    def save(self, actor: Actor, chart_id: str, body: dict, parent: str | None) -> SavedChart:
        with self.store.uow() as uow:
            return save_chart(SaveChart(chart_id, body, parent), uow=uow, actor=actor)

    def sign(self, actor: Actor, chart_id: str, secret: str = LEE_PIN) -> SignedChart:
        with self.store.uow() as uow:
            return sign_chart(SignChart(chart_id, secret), uow=uow, actor=actor)

    def view(self, actor: Actor, chart_id: str) -> ChartView:
        with self.store.uow() as uow:
            return chart_view(chart_id, uow=uow, actor=actor)

    def require_consent(self, name: str = "Neuromodulator treatment consent") -> str:
        template = self.row(ConsentTemplate, code=f"c{len(self.consents)}", name=name)
        version = self.row(
            ConsentTemplateVersion, template_id=template, version=1, body="I consent."
        )
        self.consents[template] = version
        with self.store.uow() as uow:
            uow.session.get(ServiceItem, self.botox).required_consent_template_id = template
            uow.commit()
        return template

    def sign_consent(self, template: str, **values) -> str:
        return self.row(
            SignedConsent,
            client_id=self.maya,
            template_version_id=self.consents[template],
            printed_name="Maya Chen",
            signature_sha256="0" * 64,
            content_hash="0" * 64,
            **values,
        )

    def on_hand(self, lot_id: str) -> int:
        with self.store.session_factory() as session:
            rows = session.query(InventoryMovement).filter_by(lot_id=lot_id, deleted=False)
            return sum(m.quantity for m in rows)


def neuro_body(*points: tuple[str, float, str], dilution: float = 2.5, **more) -> dict:
    """A neuromodulator chart with points ``(area, units, lot_id)`` on the front view."""
    return {
        "dilution": dilution,
        "injection_points": [
            {"view": "front", "x": 0.5, "y": 0.3, "area": area, "lot_id": lot, "units": units}
            for area, units, lot in points
        ],
        **more,
    }


def set_up_charting(clinic) -> ChartClinic:
    org = {"org_id": clinic.org_id}
    store = clinic.store
    lee = clinic.add_staff(Role.PRACTITIONER, username="lee", pin=LEE_PIN)
    kim = clinic.add_staff(Role.PRACTITIONER, username="kim")
    desk, manager = clinic.add_staff(Role.FRONT_DESK), clinic.add_staff(Role.MANAGER)
    maya = record(
        store,
        Client,
        first_name="Maya",
        last_name="Chen",
        phone="+12125550143",
        allergies="Lidocaine",
        medical_flags=["anticoagulants"],
        medications="Warfarin",
        **org,
    )
    neuro = record(store, ServiceCategory, code="neuromodulator", name="Neuro", **org)
    fillers = record(store, ServiceCategory, code="filler", name="Fillers", **org)
    service = {"duration_minutes": 30, "price_minor": 40_000, **org}
    botox = record(store, ServiceItem, category_id=neuro, name="Botox", **service)
    filler = record(store, ServiceItem, category_id=fillers, name="Lip filler", **service)
    botox_product = _product(store, org, "BTX-100", "Botox", "unit")
    filler_product = _product(store, org, "JUV-1", "Juvederm Ultra", "syringe")
    lots = {
        "botox_lot": _lot(store, clinic, botox_product, "C3709C3", NEXT_YEAR, 100),
        "old_lot": _lot(store, clinic, botox_product, "B1111", dt.date(2020, 1, 1), 100),
        "filler_lot": _lot(store, clinic, filler_product, "JV-2201", NEXT_YEAR, 10),
    }
    charting = ChartClinic(
        clinic, lee, kim, desk, manager, maya, botox, filler, appointment="", **lots
    )
    charting.appointment = charting.book(lee)
    return charting


def _product(store, org: dict, sku: str, name: str, unit: str) -> str:
    return record(store, Product, sku=sku, name=name, brand="", kind="injectable", unit=unit, **org)


def _lot(store, clinic, product: str, number: str, expires: dt.date, quantity: int) -> str:
    org = {"org_id": clinic.org_id}
    lot = record(
        store,
        InventoryLot,
        product_id=product,
        location_id=clinic.location_id,
        lot_number=number,
        expires_on=expires,
        quantity_received=quantity,
        **org,
    )
    record(store, InventoryMovement, lot_id=lot, quantity=quantity, kind="receive", **org)
    return lot


__all__ = ["STAFF_PASSWORD", "ChartClinic", "neuro_body", "set_up_charting"]
