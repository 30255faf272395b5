"""The frame the three form editors share (chart templates, consent forms, intake
questionnaires): a title, a note on what saving does to earlier versions, the editor's body,
and Cancel / Save. Ctrl+S saves; Esc, Cancel and closing the window ask first when there are
changes; the service's field errors show beside the fields. GUI thread.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QDialog,
    QFormLayout,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.ui.dialogs import ScrollingBody, ask_to_save, height_limit
from medspa_desktop.ui.ops import OpChanges
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.common import SavesThroughService
from medspa_desktop.ui.shortcuts import SAVE
from medspa_desktop.ui.style import TOUCH_TARGET_PX, is_tablet
from medspa_desktop.ui.widgets import AlertBanner, FieldErrors, button, button_row, label

EDITOR_WIDTH_PX = 1120
"""As wide as an editor grows: wide enough for the wording beside its preview."""
SIDE_MARGIN_PX = 16
KEY_LENGTH = 40

W = TypeVar("W", bound=QWidget)


def unique_key(text: str, taken: set[str], prefix: str) -> str:
    """A key for ``text`` as the schemas want it (lower-case letters, digits and '_',
    starting with a letter, at most 40), not in ``taken``; it is added to ``taken``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[: KEY_LENGTH - 4]
    if len(base) < 2 or not base[0].isalpha():
        base = f"{prefix}_{base}".strip("_")[: KEY_LENGTH - 4]
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    taken.add(key)
    return key


def touch_size(widget: W) -> W:
    """At least a touch target tall in tablet mode (the style sheet leaves some out)."""
    if is_tablet():
        widget.setMinimumHeight(TOUCH_TARGET_PX)
    return widget


def ask_before_closing(
    parent: QWidget, what: str, save: Callable[[], None], discard: Callable[[], None]
) -> QMessageBox:
    """Save the changes, close without saving, or keep editing (Esc: nothing is lost)."""
    question = f"The changes to {what} are not saved. Save them before closing?"
    return ask_to_save(parent, ("Changes not saved", question, "Keep editing"), save, discard)


class SideBySide(QWidget):
    """Two widgets side by side when there is room (a desktop, a landscape tablet), one
    above the other when there is not (a portrait tablet)."""

    def __init__(
        self,
        first: QWidget,
        second: QWidget,
        *,
        wide_from: int = 860,
        stretch: tuple[int, int] = (1, 1),
    ) -> None:
        super().__init__()
        self.wide_from = wide_from
        self.pair = (first, second)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(12)
        self.row.addWidget(first, stretch[0])
        self.row.addWidget(second, stretch[1])

    def minimumSizeHint(self) -> QSize:
        # NOTE: as narrow as the two stacked need, whichever way they stand now: side by
        # side they would hold the dialog too wide to ever stack them.
        widths = [widget.minimumSizeHint().width() for widget in self.pair]
        return QSize(max(widths), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        widths = [widget.minimumSizeHint().width() for widget in self.pair]
        room = max(self.wide_from, sum(widths) + self.row.spacing())
        wide = event.size().width() >= room
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.row.direction() != direction:
            self.row.setDirection(direction)
        super().resizeEvent(event)


class FormEditor(SavesThroughService, QDialog):
    """Subclasses add their inputs to ``fields_column`` (ending it with a stretch) and give
    ``snapshot()`` (what is on the screen, compared to tell whether anything changed),
    ``call()`` (the saving service call, or ``None`` after showing a problem found here) and
    ``place_errors()``."""

    saved = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        title: str,
        what: str,
        changes: OpChanges,
        *,
        version: int,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.existing = version > 0
        """Whether the form has a version already (a new one is saved even unchanged)."""
        self.upcoming = version + 1
        """The version saving makes."""
        self.what = what
        self._changes = changes
        self._clean: object = None
        self.leaving: QMessageBox | None = None
        self.setWindowTitle(title)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(8)
        column.addWidget(label(title, "title", wrap=True))
        self.note = AlertBanner("info")
        column.addWidget(self.note)
        self.errors = FieldErrors(label("", "fieldError", wrap=True))
        column.addWidget(self.errors.general)
        fields = QWidget()
        self.fields_column = QVBoxLayout(fields)
        self.fields_column.setContentsMargins(0, 0, 12, 0)  # room beside the scroll bar
        self.body = ScrollingBody(fields)
        column.addWidget(self.body, 1)
        # NOTE: not the default button: Enter in one of many inputs must not save the form.
        self.save_button = button(f"Save as version {self.upcoming}", "primary")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = button("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        column.addLayout(button_row(self.cancel_button, self.save_button))
        self._shortcut = QShortcut(QKeySequence(SAVE), self)
        self._shortcut.activated.connect(self.save)

    # ---- what subclasses use and give ----------------------------------------------------

    def field_row(self, form: QFormLayout, title: str, name: str, widget: QWidget) -> None:
        """``widget`` under ``title`` in ``form``, with the service's error for ``name`` below."""
        holder = QVBoxLayout()
        holder.addWidget(widget)
        holder.addWidget(self.errors.register(name, widget))
        widget.setAccessibleName(title)
        form.addRow(title, holder)

    def snapshot(self) -> object:
        raise NotImplementedError

    def call(self) -> ServiceCall[Any] | None:
        raise NotImplementedError

    def place_errors(self, errors: Mapping[str, str]) -> tuple[dict[str, str], QWidget | None]:
        """Show the errors that belong inside the editor's own cards; the rest (for the
        fields registered with ``errors``) and the first card that shows one."""
        return dict(errors), None

    # ---- changes and closing -------------------------------------------------------------

    def mark_clean(self) -> None:
        """What is on the screen now counts as saved (after filling the editor in)."""
        self._clean = self.snapshot()

    def is_dirty(self) -> bool:
        return self.snapshot() != self._clean

    def cancel(self) -> None:
        """Esc, Cancel, closing the window: ask first when there are changes."""
        if not self.is_dirty():
            self.reject()
            return
        self.leaving = ask_before_closing(self, self.what, self.save, self.reject)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isVisible() and self.is_dirty():
            event.ignore()
            self.cancel()
            return
        super().closeEvent(event)

    # NOTE: reject() itself closes without asking: the lock screen calls it on every open
    # dialog, and an editor left open behind the lock would let anyone save as the manager.

    # ---- saving --------------------------------------------------------------------------

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        if self.existing and not self.is_dirty():
            self.accept()  # nothing changed: no version that repeats the one in use
            return
        call = self.call()
        if call is not None:
            self.run_save(call)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Field errors beside their fields; the first scrolled into view."""
        rest, first_card = self.place_errors(errors)
        general = "Fix what is marked in red below, then save again." if first_card else ""
        first = self.errors.show(rest, general)
        self.reveal(first or first_card)

    def reveal(self, widget: QWidget | None) -> None:
        """Scroll ``widget`` into view once the body has laid out what just changed."""
        # NOTE: later, not now: a card just added or an error just shown has no place in
        # the body until the layout runs, and scrolling now would miss it.
        QTimer.singleShot(0, self, lambda: self._scroll_to(widget))

    def _scroll_to(self, widget: QWidget | None) -> None:
        if widget is not None and shiboken6.isValid(widget):
            # The body grows to hold what was added only once its layout requests are done.
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            self.body.reveal(widget)

    def _saved(self, result: object) -> None:
        self.save_button.setEnabled(True)
        self.mark_clean()
        self.saved.emit(result)
        self.accept()

    # ---- size ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            fit_to_window(self)
        super().showEvent(event)


def fit_to_window(dialog: QDialog, widest: int = EDITOR_WIDTH_PX) -> None:
    """As large as the window it opens over allows (up to ``widest``), so long forms scroll
    the least. GUI thread."""
    parent = dialog.parentWidget()
    window = parent.window() if parent is not None else None
    room = window.width() if window is not None and window.isVisible() else widest
    width = min(widest, room - 2 * SIDE_MARGIN_PX)
    dialog.resize(max(width, dialog.minimumSizeHint().width()), height_limit(dialog))
