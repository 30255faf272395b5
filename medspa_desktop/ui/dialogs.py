"""Dialogs that fit the screen: a scrolling body, and sizing bounded by the window below.

At 1280×800 in tablet mode (44 px touch targets, larger type) a long form is taller than
the screen. Its fields then scroll inside the dialog, while the title and the Save/Cancel
buttons stay in view and the window's demo banner and status bar stay visible around it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QFrame, QMessageBox, QScrollArea, QStyle, QWidget

DIALOG_MARGIN_PX = 48
"""Room left free above and below a dialog, inside its window and its screen."""

MIN_BODY_HEIGHT_PX = 160
"""A scrolling body never shrinks below this, so a few fields always show."""


class ScrollingBody(QScrollArea):
    """Holds a form's fields: as tall as they are, scrolling once there is no more room.

    Used by every settings dialog (through ``RecordDialog``) and by the client form.

    GUI thread. Only vertical scrolling: the body is always wide enough for its fields.
    """

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidgetResizable(True)
        self.setWidget(content)

    def sizeHint(self) -> QSize:
        # NOTE: QScrollArea caps its own hint at 24 lines of text; a dialog wants the whole
        # form here, and fit_dialog caps the dialog as a whole instead.
        width = self.widget().sizeHint().width() + self._bar_width()
        return QSize(width, self._content_height(width))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """The whole content's height at ``width``, so wrapped text gets every line."""
        return self._content_height(width)

    def minimumSizeHint(self) -> QSize:
        width = self.widget().minimumSizeHint().width() + self._bar_width()
        return QSize(width, min(self._content_height(width), MIN_BODY_HEIGHT_PX))

    def reveal(self, widget: QWidget | None) -> None:
        """Scroll so ``widget`` (a field inside the body) is in view, e.g. the first error."""
        if widget is not None and self.widget().isAncestorOf(widget):
            self.ensureWidgetVisible(widget, 0, 24)

    def _content_height(self, width: int) -> int:
        # NOTE: at the full width: given this height no scroll bar shows, so the content is
        # laid out that wide; measured narrower, wrapped labels would get lines they don't use.
        content = self.widget()
        if content.hasHeightForWidth():
            return content.heightForWidth(width)
        return content.sizeHint().height()

    def _bar_width(self) -> int:
        # Reserved even while no scroll bar shows, so showing one never squeezes the fields.
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)


def height_limit(dialog: QWidget) -> int:
    """The tallest ``dialog`` may be: the free height of its screen and of the window it
    opens over, less :data:`DIALOG_MARGIN_PX` above and below. GUI thread."""
    parent = dialog.parentWidget()
    window = parent.window() if parent is not None else None
    screen = (window or dialog).screen()
    heights = [screen.availableGeometry().height()]
    if window is not None and window.isVisible():
        heights.append(window.height())
    return max(min(heights) - 2 * DIALOG_MARGIN_PX, dialog.minimumSizeHint().height())


def fit_dialog(dialog: QWidget) -> None:
    """Size ``dialog`` to its content, no taller than :func:`height_limit`. GUI thread.

    Unlike ``adjustSize`` this does not stop at two thirds of the screen: a form shows
    whole when it fits, and only what does not fit scrolls.
    """
    limit = height_limit(dialog)
    dialog.setMaximumHeight(limit)
    width = max(dialog.sizeHint().width(), dialog.minimumSizeHint().width())
    layout = dialog.layout()
    if layout is not None and layout.hasHeightForWidth():
        height = layout.totalHeightForWidth(width)
    else:
        height = dialog.sizeHint().height()
    dialog.resize(width, min(height, limit))


class FittedDialog(QDialog):
    """A dialog sized by :func:`fit_dialog` each time it opens. GUI thread."""

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            fit_dialog(self)
        super().showEvent(event)


def ask_to_save(
    parent: QWidget,
    texts: tuple[str, str, str],
    save: Callable[[], None],
    discard: Callable[[], None],
) -> QMessageBox:
    """Closing with changes not saved: save them, close without saving, or go back (Esc).

    ``texts`` is (title, question, the go-back button's words). Opens without blocking
    (``open()``) and calls ``save`` or ``discard`` once answered. GUI thread.
    """
    title, question, keep = texts
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        question,
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Discard).setText("Close without saving")
    box.button(QMessageBox.StandardButton.Cancel).setText(keep)

    def answered(choice: int) -> None:
        if choice == QMessageBox.StandardButton.Save:
            save()
        elif choice == QMessageBox.StandardButton.Discard:
            discard()

    box.finished.connect(answered)
    box.open()
    return box
