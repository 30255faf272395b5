"""Settings → Sync (managers and owners): the Sync panel, and connecting this computer to
the clinic's sync server.

Public API: ``SyncPage``. GUI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.services.devices import DeviceEnrolled
from medspa_desktop.ui.enrol_dialog import EnrolDialog
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.sync_bridge import SyncBridge
from medspa_desktop.ui.sync_panel import SyncPanel
from medspa_desktop.ui.widgets import button


class SyncPage(QWidget):
    """The Sync panel with "Connect to clinic server…" beside "Sync now"."""

    def __init__(self, session: AppSession, bridge: SyncBridge) -> None:
        super().__init__()
        self.session, self.bridge = session, bridge
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.panel = SyncPanel(session, bridge)
        self.connect_button = button("Connect to clinic server…")
        self.connect_button.clicked.connect(self.open_enrolment)
        self.panel.button_row.insertWidget(1, self.connect_button)
        self.connect_button.setVisible(session.may(Action.DEVICE_ENROL))
        column.addWidget(self.panel)

    def open_enrolment(self) -> EnrolDialog:
        status = self.bridge.status
        dialog = EnrolDialog(self, self.session, status.server_url or "" if status else "")
        dialog.enrolled.connect(self._enrolled)
        dialog.open()
        return dialog

    def _enrolled(self, _done: DeviceEnrolled) -> None:
        self.bridge.sync_now()
