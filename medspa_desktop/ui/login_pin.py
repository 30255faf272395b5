"""PIN quick switch: pick your name, type your PIN on a large keypad."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from medspa_desktop.services import auth
from medspa_desktop.ui.pin_pad import PinPad
from medspa_desktop.ui.style import row_height
from medspa_desktop.ui.widgets import label


class PinSwitchPanel(QWidget):
    """Staff who have a PIN on the left, the keypad on the right.

    ``pin_entered(staff_id, pin)`` when a name is chosen and a PIN of 4 to 8 digits typed.
    """

    pin_entered = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setSpacing(20)
        left = QVBoxLayout()
        left.addWidget(label("1. Choose your name", "subtitle"))
        self.people = QListWidget()
        self.people.setMinimumWidth(200)
        self.people.currentItemChanged.connect(self._chosen)
        left.addWidget(self.people, 1)
        self.none_yet = label(
            "Nobody here has a PIN yet. Log in with a password; a manager can set PINs "
            "in Settings → Staff.",
            "hint",
            wrap=True,
        )
        left.addWidget(self.none_yet)
        right = QVBoxLayout()
        self.pad_title = label("2. Type your PIN", "subtitle")
        right.addWidget(self.pad_title)
        self.pad = PinPad()
        self.pad.submitted.connect(self._submitted)
        right.addWidget(self.pad)
        right.addStretch(1)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self._chosen(None, None)

    def show_choices(self, choices: list[auth.PinChoice]) -> None:
        current = self.chosen_staff_id()
        self.people.clear()
        for choice in choices:
            item = QListWidgetItem(f"{choice.display_name}\n{choice.role.label}")
            item.setData(Qt.ItemDataRole.UserRole, choice.staff_id)
            item.setSizeHint(QSize(0, row_height() + 18))
            self.people.addItem(item)
            if choice.staff_id == current:
                self.people.setCurrentItem(item)
        self.none_yet.setVisible(not choices)

    def choose(self, staff_id: str) -> None:
        for row in range(self.people.count()):
            item = self.people.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == staff_id:
                self.people.setCurrentItem(item)

    def chosen_staff_id(self) -> str | None:
        item = self.people.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def reset(self) -> None:
        self.people.setCurrentItem(None)
        self.pad.clear()

    def _chosen(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.pad.clear()
        self.pad.setEnabled(current is not None)
        if current is not None:
            self.pad.setFocus()

    def _submitted(self, pin: str) -> None:
        staff_id = self.chosen_staff_id()
        if staff_id:
            self.pin_entered.emit(staff_id, pin)
