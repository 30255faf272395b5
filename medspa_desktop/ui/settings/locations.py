"""Settings → Locations: name, time zone, contact details, tax, idle lock, calendar grid."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.session import (
    DEFAULT_IDLE_LOCK_MINUTES,
    MAX_IDLE_LOCK_MINUTES,
    MIN_IDLE_LOCK_MINUTES,
)
from medspa_desktop.services import booking_policy, locations
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.booking_policy import BookingPolicyDialog
from medspa_desktop.ui.settings.common import ListPage, RecordDialog, RecordTable
from medspa_desktop.ui.tz_picker import TimeZonePicker

TAX_CATEGORIES = (("service", "Tax on treatments (%)"), ("retail", "Tax on retail (%)"))


def percent_text(basis_points: int) -> str:
    return f"{Decimal(basis_points) / 100:g}"


def basis_points(text: str) -> int:
    """``"8.25"`` → 825; ``ValueError`` with a message for staff otherwise."""
    try:
        value = Decimal(text.strip() or "0") * 100
    except InvalidOperation:
        raise ValueError("Type the tax rate as a percentage, e.g. 8.25") from None
    if value != value.to_integral_value() or not 0 <= value <= 10_000:
        raise ValueError("Use a percentage from 0 to 100 with at most two decimals.")
    return int(value)


NEW_LOCATION = locations.LocationSettings(
    id="", name="", time_zone="", address="", phone="", email="", tax_rates={},
    idle_lock_minutes=DEFAULT_IDLE_LOCK_MINUTES, grid_minutes=15, active=True,
)  # fmt: skip
"""What a new location starts as."""


class LocationDialog(RecordDialog):
    """Add a location (owner) or change one (manager or owner)."""

    def __init__(
        self, parent: QWidget, session: AppSession, place: locations.LocationSettings | None
    ) -> None:
        title = f"Location: {place.name}" if place else "New location"
        super().__init__(parent, session, title, OpChanges.of(Changed.LOCATIONS))
        self.place = place
        shown = place or NEW_LOCATION
        self.name = self.field("Name", "name", QLineEdit(shown.name))
        self.time_zone = self.field(
            "Time zone", "time_zone", TimeZonePicker(shown.time_zone or None)
        )
        self.address = self.field("Address", "address", QLineEdit(shown.address))
        self.phone = self.field("Phone", "phone", QLineEdit(shown.phone))
        self.email = self.field("E-mail", "email", QLineEdit(shown.email))
        self._working_fields(shown)
        self.taxes = {
            code: QLineEdit(percent_text(shown.tax_rates.get(code, 0)))
            for code, _ in TAX_CATEGORIES
        }
        for code, title_text in TAX_CATEGORIES:
            self.field(title_text, f"tax_{code}", self.taxes[code])
        self.active = QCheckBox("Open for business (shown for booking)")
        self.active.setChecked(shown.active)
        self.form.addRow("", self.active)

    def _working_fields(self, shown: locations.LocationSettings) -> None:
        self.idle = QSpinBox()
        self.idle.setRange(MIN_IDLE_LOCK_MINUTES, MAX_IDLE_LOCK_MINUTES)
        self.idle.setSuffix(" minutes without use")
        self.idle.setValue(shown.idle_lock_minutes)
        self.field("Lock the screen after", "idle_lock_minutes", self.idle)
        self.grid = QComboBox()
        for minutes in locations.GRID_CHOICES:
            self.grid.addItem(f"{minutes} minutes", minutes)
        self.grid.setCurrentIndex(self.grid.findData(shown.grid_minutes))
        self.field("Calendar grid step", "grid_minutes", self.grid)

    def values(self) -> dict[str, Any] | None:
        rates, problems = {}, {}
        for code, _ in TAX_CATEGORIES:
            try:
                rates[code] = basis_points(self.taxes[code].text())
            except ValueError as err:
                problems[f"tax_{code}"] = str(err)
        if problems:
            self.show_errors(problems)
            return None
        return {
            "name": self.name.text(),
            "time_zone": self.time_zone.value(),
            "address": self.address.text(),
            "phone": self.phone.text(),
            "email": self.email.text(),
            "tax_rates": rates,
            "idle_lock_minutes": self.idle.value(),
            "grid_minutes": self.grid.currentData(),
            "active": self.active.isChecked(),
        }

    def call(self) -> ServiceCall[Any] | None:
        values = self.values()
        if values is None:
            return None
        if self.place is None:
            create = locations.CreateLocation(**values)
            return lambda uow, actor: locations.create_location(create, uow=uow, actor=actor)
        update = locations.UpdateLocation(self.place.id, **values)
        return lambda uow, actor: locations.update_location(update, uow=uow, actor=actor)


class LocationsPage(ListPage):
    def __init__(self, session: AppSession) -> None:
        super().__init__(
            session,
            "Locations",
            "Each location has its own time zone, taxes and screen-lock time. Devices at a "
            "location lock after its idle time (default 10 minutes).",
            (Changed.LOCATIONS,),
        )
        self.records: dict[str, locations.LocationSettings] = {}
        self.table = RecordTable(("Name", "Time zone", "Screen lock", "Grid", "Status"))
        self.table.doubleClicked.connect(self.edit)
        if session.may(Action.LOCATION_CREATE):
            self.add_button("Add location", self.add, "primary")
        self.add_button("Edit location", self.edit)
        if session.may(Action.ONLINE_BOOKING_MANAGE):
            self.add_button("Booking policy", self.edit_policy)
        self.finish_layout(self.table)
        self.reload()

    def reload(self) -> None:
        self.session.query(
            self, lambda uow, actor: locations.list_locations(uow=uow, actor=actor)
        ).success(self._show).run()

    def _show(self, places: list[locations.LocationSettings]) -> None:
        self.records = {p.id: p for p in places}
        self.table.show_rows([
            (p.id, (p.name, p.time_zone.replace("_", " "), f"after {p.idle_lock_minutes} min",
                    f"{p.grid_minutes} min", "Open" if p.active else "Closed"))
            for p in places
        ])  # fmt: skip

    def add(self) -> None:
        LocationDialog(self, self.session, None).open()

    def edit(self) -> None:
        chosen = self.records.get(self.table.selected_id() or "")
        if chosen is not None:
            LocationDialog(self, self.session, chosen).open()

    def edit_policy(self) -> None:
        chosen = self.records.get(self.table.selected_id() or "")
        if chosen is None:
            return
        self.session.query(
            self,
            lambda uow, actor: booking_policy.get_booking_policy(chosen.id, uow=uow, actor=actor),
        ).success(
            lambda policy: BookingPolicyDialog(self, self.session, chosen.name, policy).open()
        ).run()
