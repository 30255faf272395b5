"""The status bar: who is logged in, their role, the location, and the state of sync."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from medspa_desktop.domain.actor import Actor

NOT_ENROLLED = "Sync: not set up"
NOT_ENROLLED_HELP = (
    "This device is not enrolled with a clinic server yet, so nothing is synced. Everything "
    "you do is saved on this computer. A manager can enrol it once the server is running."
)


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
        self.sync = QLabel()
        self.sync.setObjectName("SyncStatus")
        self.addPermanentWidget(self.sync)
        self.show_sync(NOT_ENROLLED, NOT_ENROLLED_HELP)

    def show_actor(self, actor: Actor | None, location: str) -> None:
        self.user.setText(f"Logged in: {actor.display_name}" if actor else "Nobody logged in")
        self.role.setText(f"Role: {actor.role.label}" if actor else "")
        self.location.setText(f"Location: {location}" if location else "")

    def show_locked(self) -> None:
        self.user.setText("Screen locked")
        self.role.setText("")
        self.location.setText("")

    def show_sync(self, text: str, detail: str) -> None:
        """The sync slot: later shows online/offline, pending changes and last sync."""
        self.sync.setText(text)
        self.sync.setToolTip(detail)
