"""The sections the logged-in role may use, stacked; built afresh for each member of staff."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QWidget

from medspa_desktop.ui.calendar.section import CalendarSection
from medspa_desktop.ui.charting.section import ChartsSection
from medspa_desktop.ui.checkout.section import CheckoutSection
from medspa_desktop.ui.clients.section import ClientsSection
from medspa_desktop.ui.coming import coming_section
from medspa_desktop.ui.nav import SECTIONS
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.settings.section import SettingsSection
from medspa_desktop.ui.sync_bridge import SyncBridge

HOME_SECTION = "calendar"
"""Where a member of staff lands after log-in: the calendar, where the front desk and the
practitioners spend the day (a role without it lands on its first section)."""


class WorkArea(QStackedWidget):
    """Holds one widget per visible section; hidden sections are never built."""

    def __init__(self, session: AppSession, sync: SyncBridge | None = None) -> None:
        super().__init__()
        self.setObjectName("Content")
        self._sections: dict[str, QWidget] = {}
        role = session.actor.role
        for section in SECTIONS:
            if not section.visible_to(role):
                continue
            widget = self._make(section.key, session, sync)
            self._sections[section.key] = widget
            self.addWidget(widget)

    def has_section(self, key: str) -> bool:
        return key in self._sections

    def home_section(self) -> str:
        return HOME_SECTION if HOME_SECTION in self._sections else next(iter(self._sections))

    def show_section(self, key: str) -> None:
        self.setCurrentWidget(self._sections[key])

    def current_key(self) -> str:
        current = self.currentWidget()
        return next(key for key, widget in self._sections.items() if widget is current)

    def section(self, key: str) -> QWidget:
        return self._sections[key]

    def clients(self) -> ClientsSection:
        widget = self._sections["clients"]
        assert isinstance(widget, ClientsSection)
        return widget

    def calendar(self) -> CalendarSection:
        widget = self._sections["calendar"]
        assert isinstance(widget, CalendarSection)
        return widget

    def checkout(self) -> CheckoutSection:
        widget = self._sections["checkout"]
        assert isinstance(widget, CheckoutSection)
        return widget

    def shut_down(self) -> None:
        """Stop timers before the area goes away (log-out, a different person unlocking)."""
        for widget in self._sections.values():
            stop = getattr(widget, "shut_down", None)
            if stop is not None:
                stop()

    @staticmethod
    def _make(key: str, session: AppSession, sync: SyncBridge | None) -> QWidget:
        if key == "calendar":
            return CalendarSection(session)
        if key == "clients":
            return ClientsSection(session)
        if key == "checkout":
            return CheckoutSection(session)
        if key == "charts":
            return ChartsSection(session)
        if key == "settings":
            return SettingsSection(session, sync)
        return coming_section(key)
