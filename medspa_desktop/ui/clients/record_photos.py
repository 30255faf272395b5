"""The Photos tab of the client's record (practitioners, managers and owners; the front desk
never sees photos): how many there are and when the latest was taken, and "Open photos",
which opens the client's gallery. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from medspa_desktop.services.photo_summary import PhotoSummary, photo_summary
from medspa_desktop.ui.clients.record_tab import RecordTab, concerns_client
from medspa_desktop.ui.clients.record_words import day_text
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.photos.dialog import PhotoDialog, open_photos
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import button, label

NOT_YOURS = (
    "Practitioners open the photos of clients they treat or are booked with. "
    "Ask a manager, or book the client with you first."
)


def count_words(summary: PhotoSummary) -> str:
    if not summary.count:
        return "No photos yet. They are taken from the chart during a treatment."
    noun = "photo" if summary.count == 1 else "photos"
    latest = summary.latest_taken_at
    when = f", the latest taken {day_text(latest)}" if latest is not None else ""
    return f"{summary.count} {noun}{when}."


class PhotosTab(RecordTab):
    def __init__(self, session: AppSession) -> None:
        super().__init__(session)
        self.summary: PhotoSummary | None = None
        self.photo_dialog: PhotoDialog | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 16, 16, 16)
        column.setSpacing(10)
        self.count = label("", "subtitle", wrap=True)
        self.why = label("", "hint", wrap=True)
        self.open_button = button("Open photos", "primary")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_gallery)
        column.addWidget(self.count)
        column.addWidget(self.why)
        column.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)

    def concerns(self, changes: OpChanges, client_id: str) -> bool:
        return concerns_client(changes, client_id, Changed.CLIENTS)

    def load(self, client_id: str) -> None:
        if self.summary is None:
            self.count.setText("Counting the client's photos…")
        self.ask(lambda uow, actor: photo_summary(client_id, uow=uow, actor=actor), self._show)

    def clear(self) -> None:
        self.summary = None
        self.count.clear()
        self.why.clear()
        self.open_button.setEnabled(False)

    def show_problem(self, text: str) -> None:
        self.count.setText(f"The photos could not be counted. {text}")

    def _show(self, summary: PhotoSummary) -> None:
        self.summary = summary
        self.count.setText(count_words(summary))
        self.why.setText("" if summary.may_open else NOT_YOURS)
        self.why.setVisible(not summary.may_open)
        self.open_button.setEnabled(summary.may_open)

    def open_gallery(self) -> PhotoDialog | None:
        """The client's photo gallery over the window."""
        if self.client_id is None or self.summary is None or not self.summary.may_open:
            return None
        dialog = open_photos(
            self.window(), self.session, self.client_id, client_name=self.client_name
        )
        dialog.finished.connect(lambda _result: setattr(self, "photo_dialog", None))
        self.photo_dialog = dialog
        return dialog
