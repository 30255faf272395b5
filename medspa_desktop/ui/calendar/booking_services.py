"""What is booked: one or more services back to back, each with a practitioner qualified
for it or "Any available". GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QPushButton, QVBoxLayout, QWidget

from medspa_desktop.services.booking import MAX_LEGS, VisitLeg
from medspa_desktop.services.service_menu import ServiceInfo
from medspa_desktop.ui.widgets import button, label

ANY = "Any available"


def narrow_combo(name: str, letters: int) -> QComboBox:
    """A drop-down as wide as its room, not as its longest entry (long service names)."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(letters)
    return combo


class LegRow:
    """The inputs of one service of the visit."""

    def __init__(self) -> None:
        self.service = narrow_combo("Service", 16)
        self.staff = narrow_combo("Practitioner", 10)
        self.remove = button("✕")
        self.remove.setToolTip("Remove this service")
        self.remove.setAccessibleName("Remove this service")
        self.remove.setFixedWidth(44)

    def service_id(self) -> str | None:
        return self.service.currentData()

    def staff_id(self) -> str | None:
        return self.staff.currentData()


class ServiceLegs(QWidget):
    """Emits ``changed()`` whenever a service or practitioner changes."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.services: list[ServiceInfo] = []
        self.practitioners: list[tuple[str, str]] = []
        self.rows: list[LegRow] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(8)
        self._grid.setColumnStretch(0, 3)
        self._grid.setColumnStretch(1, 2)
        self._grid.addWidget(label("Service", "hint"), 0, 0)
        self._grid.addWidget(label("Practitioner", "hint"), 0, 1)
        column.addLayout(self._grid)
        self.add_button: QPushButton = button("+ Add another service (back to back)")
        self.add_button.clicked.connect(lambda: self.add_leg())
        column.addWidget(self.add_button)

    def set_choices(
        self, services: Sequence[ServiceInfo], practitioners: Sequence[tuple[str, str]]
    ) -> None:
        """The bookable menu and who works that day ``(id, name)``; choices made are kept."""
        self.services = [s for s in services if s.active]
        self.practitioners = list(practitioners)
        for row in self.rows:
            self._fill(row, row.service_id(), row.staff_id())
        if not self.rows:
            self.add_leg()

    def add_leg(self, service_id: str | None = None, staff_id: str | None = None) -> LegRow:
        row = LegRow()
        line = len(self.rows) + 1
        self._grid.addWidget(row.service, line, 0)
        self._grid.addWidget(row.staff, line, 1)
        self._grid.addWidget(row.remove, line, 2)
        self.rows.append(row)
        self._fill(row, service_id, staff_id)
        row.service.currentIndexChanged.connect(lambda _=0, r=row: self._service_changed(r))
        row.staff.currentIndexChanged.connect(lambda _=0: self.changed.emit())
        row.remove.clicked.connect(lambda _=False, r=row: self.remove_leg(r))
        self._update_buttons()
        self.changed.emit()
        return row

    def remove_leg(self, row: LegRow) -> None:
        if len(self.rows) <= 1:
            return
        self.rows.remove(row)
        for widget in (row.service, row.staff, row.remove):
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self._update_buttons()
        self.changed.emit()

    def legs(self) -> tuple[VisitLeg, ...]:
        return tuple(
            VisitLeg(service_id, row.staff_id())
            for row in self.rows
            if (service_id := row.service_id())
        )

    def choose(self, service_id: str | None, staff_id: str | None) -> None:
        """Prefill the first service (booking again) and practitioner (the clicked column)."""
        if self.rows:
            self._fill(self.rows[0], service_id, staff_id)
            self.changed.emit()

    def _fill(self, row: LegRow, service_id: str | None, staff_id: str | None) -> None:
        row.service.blockSignals(True)
        row.service.clear()
        row.service.addItem("Choose a service…", None)
        for service in self.services:
            row.service.addItem(f"{service.name}  ({service.duration_minutes} min)", service.id)
        row.service.setCurrentIndex(max(row.service.findData(service_id), 0))
        row.service.blockSignals(False)
        self._fill_staff(row, staff_id)

    def _fill_staff(self, row: LegRow, staff_id: str | None) -> None:
        service = next((s for s in self.services if s.id == row.service_id()), None)
        # NOTE: a service with nobody chosen on the menu goes by category qualifications,
        # which only managers can read; everyone is offered and the booking check decides.
        qualified = (
            set(service.qualified_staff_ids) if service and service.qualified_staff_ids else None
        )
        row.staff.blockSignals(True)
        row.staff.clear()
        row.staff.addItem(ANY, None)
        for person_id, name in self.practitioners:
            if qualified is None or person_id in qualified:
                row.staff.addItem(name, person_id)
        row.staff.setCurrentIndex(max(row.staff.findData(staff_id), 0))
        row.staff.blockSignals(False)

    def _service_changed(self, row: LegRow) -> None:
        self._fill_staff(row, row.staff_id())
        self.changed.emit()

    def _update_buttons(self) -> None:
        for row in self.rows:
            row.remove.setVisible(len(self.rows) > 1)
        self.add_button.setEnabled(len(self.rows) < MAX_LEGS)
