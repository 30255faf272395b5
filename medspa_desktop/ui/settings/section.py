"""Settings (managers and owners): locations, staff, service menu, rooms and machines, card
readers and payments, chart templates, consent forms, intake questionnaires, sync."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.settings.chart_template_page import ChartTemplatesPage
from medspa_desktop.ui.settings.consent_page import ConsentFormsPage
from medspa_desktop.ui.settings.intake_page import IntakeFormsPage
from medspa_desktop.ui.settings.locations import LocationsPage
from medspa_desktop.ui.settings.menu import ServiceMenuPage
from medspa_desktop.ui.settings.payments import PaymentsPage
from medspa_desktop.ui.settings.resources import ResourcesPage
from medspa_desktop.ui.settings.staff import StaffPage
from medspa_desktop.ui.settings.sync import SyncPage
from medspa_desktop.ui.sync_bridge import SyncBridge
from medspa_desktop.ui.widgets import label

_PAGES = (
    ("Locations", Action.LOCATION_VIEW, LocationsPage),
    ("Staff", Action.STAFF_VIEW, StaffPage),
    ("Service menu", Action.SERVICE_MENU_MANAGE, ServiceMenuPage),
    ("Rooms and machines", Action.RESOURCE_MANAGE, ResourcesPage),
    ("Payments", Action.CARD_READER_MANAGE, PaymentsPage),
    ("Chart templates", Action.CHART_TEMPLATE_MANAGE, ChartTemplatesPage),
    ("Consent forms", Action.CONSENT_TEMPLATE_MANAGE, ConsentFormsPage),
    ("Intake questionnaires", Action.INTAKE_FORM_MANAGE, IntakeFormsPage),
)


class SettingsSection(QWidget):
    """One tab per kind of setting the role may change."""

    def __init__(self, session: AppSession, sync: SyncBridge | None = None) -> None:
        super().__init__()
        self.setObjectName("Page")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(label("Settings", "title"))
        self.tabs = QTabWidget()
        self.pages: dict[str, QWidget] = {}
        for title, action, page in _PAGES:
            if session.may(action):
                self.pages[title] = page(session)
                self.tabs.addTab(self.pages[title], title)
        if sync is not None and session.may(Action.DEVICE_VIEW):
            self.pages["Sync"] = SyncPage(session, sync)
            self.tabs.addTab(self.pages["Sync"], "Sync")
        layout.addWidget(self.tabs, 1)

    def show_page(self, title: str) -> None:
        self.tabs.setCurrentWidget(self.pages[title])
