"""The status bar: who is logged in, their role, the location, and the state of sync.

On a narrow window (a portrait tablet) the parts shorten rather than being cut off or holding
the window wide: first the "Logged in:" style prefixes go, then the role, then the middle of
the sync wording; whole words only, the full wording in the tooltips. GUI thread.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QLayout, QStatusBar

from medspa_desktop.domain.actor import Actor
from medspa_desktop.jobs.sync_status import WorkerStatus
from medspa_desktop.ui.sync_status import SyncIndicator

SEPARATOR = " · "
ELLIPSIS = "…"

Left = tuple[str, str, str]
"""What the user, role and location labels say."""


def sync_wordings(text: str) -> list[str]:
    """``text`` and shorter forms of it, dropping parts from the middle first: the state
    ("Sync: online") and what needs doing ("1 double booking") matter most."""
    parts = text.split(SEPARATOR)
    return [SEPARATOR.join(parts[:1] + parts[cut:]) for cut in range(1, len(parts) + 1)]


def fewer_words(text: str) -> Iterator[str]:
    """``text`` with its last words dropped one by one, marked with an ellipsis."""
    words = text.split()
    for count in range(len(words) - 1, 0, -1):
        yield " ".join(words[:count]) + ELLIPSIS


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
        self._full: Left = ("", "", "")
        self._short: Left = ("", "", "")

    def show_actor(self, actor: Actor | None, location: str) -> None:
        name = actor.display_name if actor else "Nobody logged in"
        role = actor.role.label if actor else ""
        self._full = (
            f"Logged in: {name}" if actor else name,
            f"Role: {role}" if role else "",
            f"Location: {location}" if location else "",
        )
        self._short = (name, role, location)
        self._fit()

    def show_locked(self) -> None:
        self._full = self._short = ("Screen locked", "", "")
        self._fit()

    def show_sync(self, status: WorkerStatus | None) -> None:
        """Online or offline, changes waiting, last sync and last problem (tooltip)."""
        self.sync.show_status(status)
        self._fit()

    def minimumSizeHint(self) -> QSize:
        # NOTE: the parts shorten to whatever room there is (see _fit); the labels' own
        # minimums would otherwise hold the window as wide as their longest wording.
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Show the longest wordings that fit the bar's width."""
        tooltip = "\n".join(part for part in self._full if part)
        for label in (self.user, self.role, self.location):
            label.setToolTip(tooltip)
        for left, sync in self._wordings():
            self._show(left, sync)
            if self._needed_width() <= self.width():
                return

    def _needed_width(self) -> int:
        # NOTE: a part's new wording invalidates only the bar's outer layout; the row of
        # parts inside it would answer with the width it cached for the wording before.
        for row in self.findChildren(QLayout):
            row.invalidate()
        return self.sizeHint().width()

    def _wordings(self) -> Iterator[tuple[Left, str]]:
        """Longest first: the first that fits is shown; the last is the shortest there is."""
        syncs = sync_wordings(self.sync.button.accessibleName())  # the full wording
        name, _role, location = self._short
        yield self._full, syncs[0]
        yield self._short, syncs[0]
        for sync in syncs:
            yield (name, "", location), sync
        for shorter in fewer_words(name):
            yield (shorter, "", ""), syncs[-1]
        yield ("", "", ""), syncs[-1]

    def _show(self, left: Left, sync: str) -> None:
        for label, text in zip((self.user, self.role, self.location), left, strict=True):
            label.setText(text)
            label.setVisible(bool(text))
        self.sync.button.setText(sync)
        self.sync.updateGeometry()  # else the bar measures it at its wording before
