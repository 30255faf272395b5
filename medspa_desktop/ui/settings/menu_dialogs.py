"""Dialogs of Settings → Service menu: a category, and a treatment with its timings and price."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from medspa_desktop.domain.money import Money
from medspa_desktop.services import service_menu as menu
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.common import RecordDialog

MENU_CHANGED = OpChanges.of(Changed.SERVICE_MENU)
NO_REQUIREMENT = "None"


def minutes_box(value: int, low: int, high: int, step: int = 5) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setSuffix(" min")
    box.setValue(value)
    return box


def kind_text(kind: str | None) -> str:
    return kind or ""


def kind_value(text: str) -> str | None:
    """What staff typed as a room or machine kind; blank means "none needed"."""
    cleaned = text.strip().lower().replace(" ", "_")
    return cleaned or None


class CategoryDialog(RecordDialog):
    def __init__(
        self, parent: QWidget, session: AppSession, category: menu.ServiceCategoryInfo | None
    ) -> None:
        title = f"Category: {category.name}" if category else "New category"
        super().__init__(parent, session, title, MENU_CHANGED)
        self.category = category
        self.name = self.field("Name", "name", QLineEdit(category.name if category else ""))
        self.code = self.field("Code", "code", QLineEdit(category.code if category else ""))
        self.code.setPlaceholderText("e.g. filler; used to match staff qualifications")
        self.code.setReadOnly(category is not None)
        self.clinical = QCheckBox("Clinical treatment (charted by a practitioner)")
        self.clinical.setChecked(category.clinical if category else True)
        self.form.addRow("", self.clinical)

    def call(self) -> ServiceCall[Any] | None:
        if self.category is None:
            create = menu.CreateServiceCategory(
                self.code.text().strip(), self.name.text(), self.clinical.isChecked()
            )
            return lambda uow, actor: menu.create_service_category(create, uow=uow, actor=actor)
        update = menu.UpdateServiceCategory(
            self.category.id, name=self.name.text(), clinical=self.clinical.isChecked()
        )
        return lambda uow, actor: menu.update_service_category(update, uow=uow, actor=actor)


def blank_service(category_id: str | None) -> menu.ServiceInfo:
    """What a new service starts as: 30 minutes, no buffers, bookable online."""
    return menu.ServiceInfo(
        id="", category_id=category_id or "", name="", description="", duration_minutes=30,
        buffer_before_minutes=0, buffer_after_minutes=0, price_minor=0, tax_category="service",
        required_room_kind=None, required_machine_kind=None, required_consent_template_id=None,
        qualified_staff_ids=(), active=True, online_bookable=True, colour="#8fa9c9",
        sort_order=0,
    )  # fmt: skip


class ServiceDialog(RecordDialog):
    """A treatment: category, duration, set-up and clean-down buffers, price, requirements."""

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        categories: list[menu.ServiceCategoryInfo],
        service: menu.ServiceInfo | None,
        category_id: str | None = None,
    ) -> None:
        title = f"Service: {service.name}" if service else "New service"
        super().__init__(parent, session, title, MENU_CHANGED)
        self.service = service
        self.currency = session.currency
        shown = service or blank_service(category_id)
        self.name = self.field("Name", "name", QLineEdit(shown.name))
        self.category = QComboBox()
        for category in categories:
            self.category.addItem(category.name, category.id)
        self.category.setCurrentIndex(max(self.category.findData(shown.category_id), 0))
        self.field("Category", "category_id", self.category)
        self._timing_fields(shown)
        self._needs_fields(shown)

    def _timing_fields(self, shown: menu.ServiceInfo) -> None:
        self.duration = self.field(
            "Duration", "duration_minutes", minutes_box(shown.duration_minutes, 5, 720)
        )
        self.before = self.field(
            "Set-up before",
            "buffer_before_minutes",
            minutes_box(shown.buffer_before_minutes, 0, 240),
        )
        self.after = self.field(
            "Clean-down after",
            "buffer_after_minutes",
            minutes_box(shown.buffer_after_minutes, 0, 240),
        )
        price = Money(shown.price_minor, self.currency).format().split(" ")[-1]
        self.price = self.field(f"Price ({self.currency})", "price_minor", QLineEdit(price))

    def _needs_fields(self, shown: menu.ServiceInfo) -> None:
        self.room = self.field(
            "Needs a room of kind",
            "required_room_kind",
            QLineEdit(kind_text(shown.required_room_kind)),
        )
        self.room.setPlaceholderText("Leave empty if any room will do, e.g. treatment")
        self.machine = self.field(
            "Needs a machine",
            "required_machine_kind",
            QLineEdit(kind_text(shown.required_machine_kind)),
        )
        self.machine.setPlaceholderText("Kind of machine, e.g. laser, ipl, hydrafacial")
        self.online = QCheckBox("Clients can book it online")
        self.online.setChecked(shown.online_bookable)
        self.active = QCheckBox("On the menu (untick to retire it; nothing is deleted)")
        self.active.setChecked(shown.active)
        self.form.addRow("", self.online)
        self.form.addRow("", self.active)

    def values(self) -> dict[str, Any] | None:
        try:
            price = Money.parse(self.price.text(), self.currency).minor
        except ValueError as err:
            self.show_errors({"price_minor": str(err)})
            return None
        return {
            "name": self.name.text(),
            "category_id": self.category.currentData(),
            "duration_minutes": self.duration.value(),
            "buffer_before_minutes": self.before.value(),
            "buffer_after_minutes": self.after.value(),
            "price_minor": price,
            "required_room_kind": kind_value(self.room.text()),
            "required_machine_kind": kind_value(self.machine.text()),
            "online_bookable": self.online.isChecked(),
            "active": self.active.isChecked(),
        }

    def call(self) -> ServiceCall[Any] | None:
        values = self.values()
        if values is None:
            return None
        if self.service is None:
            create = menu.CreateService(**values)
            return lambda uow, actor: menu.create_service(create, uow=uow, actor=actor)
        update = menu.UpdateService(self.service.id, **values)
        return lambda uow, actor: menu.update_service(update, uow=uow, actor=actor)
