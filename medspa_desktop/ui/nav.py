"""The navigation bar: the sections of the app, showing only those the role may use; on a
narrow window (a tablet held upright) a rail of icons that name themselves in tooltips."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
)

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.permissions import is_allowed
from medspa_desktop.ui.shortcuts import LOCK, native
from medspa_desktop.ui.style import icon


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    icon: str
    needs_any: tuple[Action, ...]
    """The section shows when the role may do at least one of these."""

    def visible_to(self, role: Role) -> bool:
        return any(is_allowed(role, action) for action in self.needs_any)


A = Action
SECTIONS: tuple[Section, ...] = (
    Section("calendar", "Calendar", "calendar", (A.APPOINTMENT_VIEW,)),
    Section("clients", "Clients", "clients", (A.CLIENT_VIEW,)),
    Section("checkout", "Checkout", "checkout", (A.TICKET_VIEW,)),
    Section("charts", "Charts", "charts", (A.CHART_VIEW,)),
    Section("reports", "Reports", "reports", (A.REPORT_VIEW, A.REPORT_DAILY_CLOSE)),
    Section(
        "settings",
        "Settings",
        "settings",
        (A.LOCATION_EDIT, A.STAFF_VIEW, A.SERVICE_MENU_MANAGE, A.RESOURCE_MANAGE),
    ),
)
"""In shortcut order: Ctrl+1 is Calendar ... Ctrl+6 is Settings, whatever the role."""


WIDE_PX = 208
RAIL_PX = 76
"""Icons only: 44 px touch targets with the bar's padding around them."""


class NavBar(QFrame):
    """Section buttons down the left edge, and Lock at the bottom."""

    chosen = Signal(str)
    lock_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("NavBar")
        self.setFixedWidth(WIDE_PX)
        self.compact = False
        layout = self._column = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 12)
        layout.setSpacing(2)
        self.title = QLabel("MedSpa Desktop")
        self.title.setObjectName("NavTitle")
        self.org = QLabel("")
        self.org.setObjectName("NavOrg")
        self.org.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.org)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        for number, section in enumerate(SECTIONS, start=1):
            button = self._button(section.title, section.icon, f"Ctrl+{number}", checkable=True)
            button.clicked.connect(lambda _=False, key=section.key: self.chosen.emit(key))
            self._group.addButton(button)
            self.buttons[section.key] = button
            layout.addWidget(button)
        layout.addStretch(1)
        self.lock = self._button("Lock screen", "lock", LOCK, checkable=False)
        self.lock.clicked.connect(self.lock_requested)
        layout.addWidget(self.lock)

    def set_compact(self, compact: bool) -> None:
        """Icons only (a narrow window), or icons with the sections' names."""
        if compact == self.compact:
            return
        self.compact = compact
        self.setFixedWidth(RAIL_PX if compact else WIDE_PX)
        self._column.setContentsMargins(0, 12 if compact else 0, 0, 12)
        self.title.setVisible(not compact)
        self.org.setVisible(not compact)
        style = (
            Qt.ToolButtonStyle.ToolButtonIconOnly
            if compact
            else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        )
        size = QSize(24, 24) if compact else QSize(20, 20)
        for button in (*self.buttons.values(), self.lock):
            button.setToolButtonStyle(style)
            button.setIconSize(size)

    def show_for(self, role: Role, organisation: str) -> None:
        self.org.setText(organisation)
        for section in SECTIONS:
            self.buttons[section.key].setVisible(section.visible_to(role))

    def mark(self, key: str) -> None:
        self.buttons[key].setChecked(True)

    def _button(self, text: str, icon_name: str, keys: str, *, checkable: bool) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setIcon(icon(icon_name))
        button.setIconSize(QSize(20, 20))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setCheckable(checkable)
        button.setToolTip(f"{text} ({native(keys)})")
        button.setAccessibleName(text)  # also when only the icon shows
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Ctrl+1…6 reach every section
        return button
