"""Settings → Service menu: categories on the left, the chosen category's treatments right
(under them on a portrait tablet)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from medspa_desktop.domain.money import Money
from medspa_desktop.services import service_menu as menu
from medspa_desktop.ui.ops import Changed
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.settings.common import TABLES_BESIDE_PX, ListPage, RecordTable
from medspa_desktop.ui.settings.menu_dialogs import CategoryDialog, ServiceDialog
from medspa_desktop.ui.widgets import ResponsiveBox, button


def needs(service: menu.ServiceInfo) -> str:
    """The room and machine a treatment needs, as staff say it ("laser", "treatment room")."""
    parts = []
    if service.required_room_kind:
        parts.append(f"{service.required_room_kind} room")
    if service.required_machine_kind:
        parts.append(service.required_machine_kind)
    return ", ".join(part.replace("_", " ") for part in parts) or "—"


class ServiceMenuPage(ListPage):
    def __init__(self, session: AppSession) -> None:
        super().__init__(
            session,
            "Service menu",
            "Treatments clients can book: how long they take, the set-up and clean-down time "
            "around them, the price, and any room or machine they need.",
            (Changed.SERVICE_MENU,),
        )
        self.menu = menu.ServiceMenu((), ())
        self.categories = RecordTable(("Category", "Kind"))
        self.services = RecordTable(
            ("Service", "Duration", "Before + after", "Price", "Needs", "Status")
        )
        self.categories.itemSelectionChanged.connect(self._show_services)
        self.categories.doubleClicked.connect(self.edit_category)
        self.services.doubleClicked.connect(self.edit_service)
        self.finish_layout(self._body())
        self.reload()

    def _body(self) -> QWidget:
        self.body = ResponsiveBox(TABLES_BESIDE_PX)
        categories = [("Add category", self.add_category), ("Edit category", self.edit_category)]
        services = [("Add service", self.add_service), ("Edit service", self.edit_service)]
        self.body.add(self._column(self.categories, categories), 2, stacked_stretch=2)
        self.body.add(self._column(self.services, services), 5, stacked_stretch=3)
        return self.body

    def _column(self, table: RecordTable, actions: list[tuple[str, Callable[[], None]]]) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(table, 1)
        buttons = QHBoxLayout()
        for index, (text, slot) in enumerate(actions):
            widget = button(text, "primary" if index == 0 else None)
            widget.clicked.connect(slot)
            buttons.addWidget(widget)
        buttons.addStretch(1)
        column.addLayout(buttons)
        return holder

    def reload(self) -> None:
        self.session.query(
            self, lambda uow, actor: menu.get_service_menu(uow=uow, actor=actor)
        ).success(self._loaded).run()

    def _loaded(self, loaded: menu.ServiceMenu) -> None:
        self.menu = loaded
        self.categories.show_rows([
            (c.id, (c.name, "Clinical" if c.clinical else "Non-clinical"))
            for c in loaded.categories
        ])  # fmt: skip
        self._show_services()

    def _show_services(self) -> None:
        chosen = self.categories.selected_id()
        currency = self.session.currency
        self.services.show_rows([
            (s.id, (s.name, f"{s.duration_minutes} min",
                    f"{s.buffer_before_minutes} + {s.buffer_after_minutes} min",
                    Money(s.price_minor, currency).format(), needs(s),
                    "On menu" if s.active else "Retired"))
            for s in self.menu.services if s.category_id == chosen
        ])  # fmt: skip

    def _category(self) -> menu.ServiceCategoryInfo | None:
        chosen = self.categories.selected_id()
        return next((c for c in self.menu.categories if c.id == chosen), None)

    def add_category(self) -> None:
        CategoryDialog(self, self.session, None).open()

    def edit_category(self) -> None:
        if category := self._category():
            CategoryDialog(self, self.session, category).open()

    def add_service(self) -> None:
        if not self.menu.categories:
            self.hint.setText(
                "Add a category first (for example Neuromodulators), then its services."
            )
            return
        chosen = self.categories.selected_id()
        ServiceDialog(self, self.session, list(self.menu.categories), None, chosen).open()

    def edit_service(self) -> None:
        chosen = self.services.selected_id()
        service = next((s for s in self.menu.services if s.id == chosen), None)
        if service is not None:
            ServiceDialog(self, self.session, list(self.menu.categories), service).open()
