"""The status bar: who is logged in, their role, the location, and the state of sync."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from medspa_desktop.domain.actor import Actor
from medspa_desktop.jobs.sync_status import WorkerStatus
from medspa_desktop.ui.sync_status import SyncIndicator


class StatusLine(QStatusBar):
    """User, role and location on the left; the sync indicator on the right."""

    def __init__(self) -> None:
        super().__init__()
        self.setSizeGripEnabled(False)
        self.user = QLabel()
        self.role = QLabel()
        self.location = QLabel()
        for widget in (self.user, self.role, self.location):
            self.addWidget(widget)
        self.sync = SyncIndicator()
        self.addPermanentWidget(self.sync)

    def show_actor(self, actor: Actor | None, location: str) -> None:
        self.user.setText(f"Logged in: {actor.display_name}" if actor else "Nobody logged in")
        self.role.setText(f"Role: {actor.role.label}" if actor else "")
        self.location.setText(f"Location: {location}" if location else "")

    def show_locked(self) -> None:
        self.user.setText("Screen locked")
        self.role.setText("")
        self.location.setText("")

    def show_sync(self, status: WorkerStatus | None) -> None:
        """Online or offline, changes waiting, last sync and last problem (tooltip)."""
        self.sync.show_status(status)
