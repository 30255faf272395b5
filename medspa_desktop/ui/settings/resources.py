"""Settings → Rooms and machines: what a treatment books besides the practitioner."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from medspa_desktop.services import locations
from medspa_desktop.services import resources as res
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.common import (
    TABLES_BESIDE_PX,
    ListPage,
    RecordDialog,
    RecordTable,
)
from medspa_desktop.ui.widgets import ResponsiveBox, button, label

CHANGED = OpChanges.of(Changed.RESOURCES)
Resource = res.RoomInfo | res.MachineInfo


class ResourceDialog(RecordDialog):
    """A room (name, kind) or a machine (also model and serial number) at one location."""

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        places: list[locations.LocationSettings],
        record: Resource | None,
        machine: bool,
    ) -> None:
        noun = "machine" if machine else "room"
        title = f"{noun.title()}: {record.name}" if record else f"New {noun}"
        super().__init__(parent, session, title, CHANGED)
        self.record, self.machine = record, machine
        self.location = QComboBox()
        for place in places:
            self.location.addItem(place.name, place.id)
        self.location.setEnabled(record is None)
        if record is not None:
            self.location.setCurrentIndex(max(self.location.findData(record.location_id), 0))
        self.field("Location", "location_id", self.location)
        self.name = self.field("Name", "name", QLineEdit(record.name if record else ""))
        default_kind = "" if machine else "treatment"
        self.kind = self.field("Kind", "kind", QLineEdit(record.kind if record else default_kind))
        self.kind.setPlaceholderText("laser, ipl, hydrafacial" if machine else "treatment, consult")
        if machine:
            model = record.model if isinstance(record, res.MachineInfo) else ""
            serial = record.serial if isinstance(record, res.MachineInfo) else ""
            self.model = self.field("Model", "model", QLineEdit(model))
            self.serial = self.field("Serial number", "serial", QLineEdit(serial))
        self.active = QCheckBox("In use (untick while out of service)")
        self.active.setChecked(record.active if record else True)
        self.form.addRow("", self.active)

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "name": self.name.text(),
            "kind": self.kind.text().strip().lower().replace(" ", "_"),
            "active": self.active.isChecked(),
        }
        if self.machine:
            values |= {"model": self.model.text(), "serial": self.serial.text()}
        return values

    def call(self) -> ServiceCall[Any] | None:
        values = self.values()
        if self.record is None:
            location_id = self.location.currentData()
            if self.machine:
                new_machine = res.CreateMachine(location_id=location_id, **values)
                return lambda uow, actor: res.create_machine(new_machine, uow=uow, actor=actor)
            new_room = res.CreateRoom(location_id=location_id, **values)
            return lambda uow, actor: res.create_room(new_room, uow=uow, actor=actor)
        if self.machine:
            machine = res.UpdateMachine(self.record.id, **values)
            return lambda uow, actor: res.update_machine(machine, uow=uow, actor=actor)
        room = res.UpdateRoom(self.record.id, **values)
        return lambda uow, actor: res.update_room(room, uow=uow, actor=actor)


class ResourcesPage(ListPage):
    """Rooms and machines of one location at a time, chosen at the top."""

    def __init__(self, session: AppSession) -> None:
        super().__init__(
            session,
            "Rooms and machines",
            "A booking takes a room, and a machine when the treatment needs one, so two "
            "practitioners are never booked on the same laser at once.",
            (Changed.RESOURCES, Changed.LOCATIONS),
        )
        self.places: list[locations.LocationSettings] = []
        self.rooms: dict[str, res.RoomInfo] = {}
        self.machines: dict[str, res.MachineInfo] = {}
        self.location = QComboBox()
        self.location.setMinimumWidth(260)
        self.location.currentIndexChanged.connect(self._show_location)
        picker = QHBoxLayout()
        picker.addWidget(label("Location", "subtitle"))
        picker.addWidget(self.location)
        picker.addStretch(1)
        self.layout_.addLayout(picker)
        self.room_table = RecordTable(("Room", "Kind", "Status"))
        self.machine_table = RecordTable(("Machine", "Kind", "Model", "Status"))
        self.room_table.doubleClicked.connect(lambda: self._edit(machine=False))
        self.machine_table.doubleClicked.connect(lambda: self._edit(machine=True))
        self.body = ResponsiveBox(TABLES_BESIDE_PX)
        self.body.add(self._column("Rooms", self.room_table, machine=False), 2)
        self.body.add(self._column("Machines", self.machine_table, machine=True), 3)
        self.finish_layout(self.body)
        self.reload()

    def _column(self, title: str, table: RecordTable, *, machine: bool) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label(title, "subtitle"))
        column.addWidget(table, 1)
        noun = "machine" if machine else "room"
        add = button(f"Add {noun}", "primary")
        add.clicked.connect(lambda: self._add(machine=machine))
        edit = button(f"Edit {noun}")
        edit.clicked.connect(lambda: self._edit(machine=machine))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(edit)
        buttons.addStretch(1)
        column.addLayout(buttons)
        return holder

    def reload(self) -> None:
        def call(uow: Any, actor: Any) -> tuple[list[Any], list[Any], list[Any]]:
            return (
                locations.list_locations(uow=uow, actor=actor),
                res.list_rooms(None, uow=uow, actor=actor),
                res.list_machines(None, uow=uow, actor=actor),
            )

        self.session.query(self, call).success(self._loaded).run()

    def _loaded(self, loaded: tuple[list[Any], list[Any], list[Any]]) -> None:
        self.places, rooms, machines = loaded
        self.rooms = {r.id: r for r in rooms}
        self.machines = {m.id: m for m in machines}
        chosen = self.location.currentData() or self.session.actor.location_id
        self.location.blockSignals(True)
        self.location.clear()
        for place in self.places:
            self.location.addItem(place.name, place.id)
        self.location.setCurrentIndex(max(self.location.findData(chosen), 0))
        self.location.blockSignals(False)
        self._show_location()

    def _show_location(self) -> None:
        here = self.location.currentData()
        self.room_table.show_rows([
            (r.id, (r.name, r.kind.replace("_", " "), "In use" if r.active else "Out of service"))
            for r in self.rooms.values() if r.location_id == here
        ])  # fmt: skip
        self.machine_table.show_rows([
            (m.id, (m.name, m.kind.replace("_", " "), m.model or "—",
                    "In use" if m.active else "Out of service"))
            for m in self.machines.values() if m.location_id == here
        ])  # fmt: skip

    def _add(self, *, machine: bool) -> None:
        here = [p for p in self.places if p.id == self.location.currentData()]
        ResourceDialog(self, self.session, here or self.places, None, machine).open()

    def _edit(self, *, machine: bool) -> None:
        table = self.machine_table if machine else self.room_table
        records: dict[str, Any] = self.machines if machine else self.rooms
        record = records.get(table.selected_id() or "")
        if record is not None:
            ResourceDialog(self, self.session, self.places, record, machine).open()
