"""Earlier versions of a chart template, consent form or intake questionnaire, read-only:
the versions newest first, and what the chosen one holds. GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QListWidget, QTextBrowser, QVBoxLayout, QWidget

from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.form_editor import SideBySide, fit_to_window
from medspa_desktop.ui.style import fit_rows
from medspa_desktop.ui.widgets import button, button_row, label

T = TypeVar("T")

VERSIONS_WIDTH_PX = 980


class VersionsDialog(QDialog):
    """``versions`` are ``(heading, HTML of its content)``, newest first."""

    def __init__(
        self, parent: QWidget, title: str, note: str, versions: Sequence[tuple[str, str]]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.versions = list(versions)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.addWidget(label(title, "title", wrap=True))
        column.addWidget(label(note, "hint", wrap=True))
        self.list = QListWidget()
        fit_rows(self.list)
        self.list.addItems([heading for heading, _ in self.versions])
        self.list.setMinimumWidth(220)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content = QTextBrowser()
        self.content.setOpenLinks(False)
        self.content.setMinimumHeight(240)
        column.addWidget(SideBySide(self.list, self.content, wide_from=900, stretch=(1, 2)), 1)
        close = button("Close", "primary", default=True)
        close.clicked.connect(self.accept)
        column.addLayout(button_row(close))
        self.list.currentRowChanged.connect(self._show)
        self.list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        self.content.setHtml(self.versions[row][1] if 0 <= row < len(self.versions) else "")

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            fit_to_window(self, VERSIONS_WIDTH_PX)
        super().showEvent(event)


def show_versions(
    parent: QWidget,
    session: AppSession,
    title: str,
    note: str,
    call: ServiceCall[Sequence[T]],
    entry: Callable[[T], tuple[str, str]],
) -> None:
    """Fetch the versions on the database worker, then show them over ``parent``."""

    def opened(versions: Sequence[T]) -> None:
        dialog = VersionsDialog(parent, title, note, [entry(version) for version in versions])
        dialog.open()

    session.query(parent, call).success(opened).run()
