"""Keeps the field being typed in visible above a tablet's on-screen keyboard.

Qt reports the keyboard through ``QGuiApplication.inputMethod()``: whether it shows and, on
platforms that know it, its rectangle in the active window's coordinates. When a text field
inside a scroll area (the chart form, the kiosk intake, a long dialog) gets the focus, or
the keyboard appears or moves, the scroll area leaves room at its bottom for the part of it
the keyboard covers, and scrolls the field into the part still in view. Nothing happens
while no keyboard shows, so a desktop with a physical keyboard behaves as before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QWidget,
)

FIELD_MARGIN_PX = 24
"""Room kept between the field and the keyboard (or the edge of the scroll area)."""


def keyboard_overlap(area: QRect, keyboard: QRect) -> int:
    """How many pixels at the bottom of ``area`` the ``keyboard`` covers (both in the same
    coordinates); 0 when the keyboard is hidden (empty), beside the area or below it."""
    if keyboard.isEmpty() or not area.intersects(keyboard):
        return 0
    area_bottom = area.y() + area.height()
    return max(0, min(area_bottom - keyboard.y(), area.height()))


def takes_typing(widget: QWidget | None) -> bool:
    """Whether ``widget`` is a field the on-screen keyboard types into."""
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox)


def scroll_area_around(widget: QWidget | None) -> QScrollArea | None:
    """The nearest scroll area ``widget`` is inside of, within its window."""
    parent = widget.parentWidget() if widget is not None else None
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class OnScreenKeyboard(QObject):
    """Follows the focus and the keyboard for the whole application. GUI thread."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._padded: QScrollArea | None = None
        self._margins = QMargins()
        method = QGuiApplication.inputMethod()
        app.focusChanged.connect(self._focus_moved)
        method.visibleChanged.connect(self.follow)
        method.keyboardRectangleChanged.connect(self.follow)

    def _focus_moved(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self.follow()

    def follow(self) -> None:
        """Keep the focused field clear of the keyboard as Qt reports it now."""
        method = QGuiApplication.inputMethod()
        shown = method.isVisible()
        where = method.keyboardRectangle().toAlignedRect() if shown else QRect()
        self.keep_visible(where, shown=shown)

    def keep_visible(self, keyboard: QRect, *, shown: bool | None = None) -> None:
        """Make room for ``keyboard`` (in the focused window's coordinates; empty when it
        is hidden) in the scroll area around the focused text field, and scroll the field
        into view above it. ``shown`` is for a keyboard that shows where the platform does
        not say: the field is then only scrolled into view."""
        showing = not keyboard.isEmpty() if shown is None else shown
        field = QApplication.focusWidget()
        area = scroll_area_around(field) if takes_typing(field) else None
        if area is not self._padded or area is None or not showing:
            self._unpad()
        window = field.window() if field is not None else None
        if area is None or field is None or window is None or not showing:
            return
        corner = area.mapTo(window, QPoint(0, 0))
        self._pad(area, keyboard_overlap(QRect(corner, area.size()), keyboard))
        reveal(area, field)

    def _pad(self, area: QScrollArea, bottom: int) -> None:
        if self._padded is not area:
            self._padded, self._margins = area, area.viewportMargins()
            area.destroyed.connect(self._forget)
        margins = self._margins
        _set_margins(
            area,
            QMargins(margins.left(), margins.top(), margins.right(), margins.bottom() + bottom),
        )

    def _unpad(self) -> None:
        area, self._padded = self._padded, None
        if area is not None:
            area.destroyed.disconnect(self._forget)
            _set_margins(area, self._margins)

    def _forget(self) -> None:
        self._padded = None


def reveal(area: QScrollArea, field: QWidget) -> None:
    """Scroll ``area`` so all of ``field`` shows, or where it is taller than the room, the
    line being typed (the cursor)."""
    content = area.widget()
    if content is None:
        return
    box = QRect(field.mapTo(content, QPoint(0, 0)), field.size())
    if box.height() + 2 * FIELD_MARGIN_PX > area.viewport().height():
        area.ensureWidgetVisible(field, 0, FIELD_MARGIN_PX)
        return
    centre = box.center()
    area.ensureVisible(centre.x(), centre.y(), 0, box.height() // 2 + FIELD_MARGIN_PX)


def _set_margins(area: QScrollArea, margins: QMargins) -> None:
    if area.viewportMargins() == margins:
        return
    area.setViewportMargins(margins)
    # NOTE: the scroll bars follow the smaller viewport only on a layout request; without
    # it the last fields could not be scrolled up above the keyboard.
    QApplication.sendEvent(area, QEvent(QEvent.Type.LayoutRequest))


def install_onscreen_keyboard(app: QApplication) -> OnScreenKeyboard:
    """Start following the on-screen keyboard for ``app`` (once: a later call returns the
    helper already installed). GUI thread, at start-up."""
    installed = app.findChild(OnScreenKeyboard)
    return installed if isinstance(installed, OnScreenKeyboard) else OnScreenKeyboard(app)
