"""The client's record below the profile's header: Details (contact, marketing consent,
notes, medications), Consents, Intake, Charts and, for practitioners, managers and owners,
Photos. Each tab reads what it shows when it is shown (the Consents tab at once, so its title
can warn of a missing form) and again after a change announced for the client or a sync.
GUI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.ui.clients.record_charts import ChartsTab
from medspa_desktop.ui.clients.record_consents import ConsentsTab
from medspa_desktop.ui.clients.record_intake import IntakeTab
from medspa_desktop.ui.clients.record_look import RECORD_QSS
from medspa_desktop.ui.clients.record_photos import PhotosTab
from medspa_desktop.ui.clients.record_tab import RecordTab
from medspa_desktop.ui.ops import OpChanges
from medspa_desktop.ui.session import AppSession

CONSENTS = "Consents"
CONSENTS_NEEDED = "Consents ⚠"


class ClientRecord(QTabWidget):
    """``details`` first, then the record tabs the logged-in role may see."""

    def __init__(self, session: AppSession, details: QWidget) -> None:
        super().__init__()
        self.setDocumentMode(False)
        self.setStyleSheet(RECORD_QSS)
        self.details = details
        self.consents = ConsentsTab(session)
        self.intake = IntakeTab(session)
        self.charts = ChartsTab(session)
        self.photos = PhotosTab(session)
        self.addTab(details, "Details")
        self.addTab(self.consents, CONSENTS)
        self.addTab(self.intake, "Intake")
        self.addTab(self.charts, "Charts")
        self.addTab(self.photos, "Photos")
        self.setTabVisible(self.indexOf(self.photos), session.may(Action.PHOTO_VIEW))
        self.consents.attention.connect(self._warn_of_consents)
        session.hub.changed.connect(self._on_changes)

    def tabs(self) -> tuple[RecordTab, ...]:
        shown = (self.consents, self.intake, self.charts, self.photos)
        return tuple(tab for tab in shown if self.isTabVisible(self.indexOf(tab)))

    def show_client(self, client_id: str, client_name: str, *, again: bool = False) -> None:
        """Follow ``client_id``: another client starts afresh on Details; the same one keeps
        its tabs (they follow announced changes) and reads them ``again`` when asked."""
        tabs = self.tabs()
        if any(tab.client_id != client_id for tab in tabs):
            self.setCurrentWidget(self.details)
            self._warn_of_consents(False)
            for tab in tabs:
                tab.show_client(client_id, client_name)
            return
        for tab in tabs:
            tab.client_name = client_name
            if again:
                tab.show_client(client_id, client_name)

    def forget(self) -> None:
        for tab in self.tabs():
            tab.forget()
        self.setCurrentWidget(self.details)

    def _on_changes(self, changes: OpChanges) -> None:
        for tab in self.tabs():
            tab.on_changes(changes)

    def _warn_of_consents(self, needed: bool) -> None:
        index = self.indexOf(self.consents)
        self.setTabText(index, CONSENTS_NEEDED if needed else CONSENTS)
        self.setTabToolTip(index, "A booked treatment still needs a consent" if needed else "")
