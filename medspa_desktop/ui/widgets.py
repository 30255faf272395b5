"""Small widgets every screen uses: empty states, alert banners, field errors, confirmations,
and a box that stacks its parts on a narrow (portrait) screen."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayoutItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.ui.style import icon, restyle, set_role

QWIDGETSIZE_MAX = (1 << 24) - 1
"""Qt's "no largest size" (PySide6 does not export it), to undo a fixed width."""
CODE_TYPING = Qt.InputMethodHint.ImhPreferUppercase | Qt.InputMethodHint.ImhNoPredictiveText
"""What an on-screen keyboard offers for a code or a lot number: capitals, no suggestions."""


def label(text: str, role: str | None = None, *, wrap: bool = False) -> QLabel:
    widget = QLabel(text)
    if role:
        set_role(widget, role)
    widget.setWordWrap(wrap)
    return widget


def button(text: str, role: str | None = None, *, default: bool = False) -> QPushButton:
    widget = QPushButton(text)
    if role:
        set_role(widget, role)
    widget.setDefault(default)
    widget.setAutoDefault(default)
    return widget


class EmptyState(QWidget):
    """A calm, centred note for a section with nothing to show yet, saying what will be here."""

    def __init__(self, title: str, body: str, icon_name: str | None = None) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        if icon_name:
            picture = QLabel()
            picture.setPixmap(icon(icon_name).pixmap(56, 56))
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(picture)
        self.heading = label(title, "empty-title", wrap=True)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = label(body, "empty-body", wrap=True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.setFixedWidth(560)  # a fixed width lets the wrapped text get its full height
        layout.addWidget(self.heading)
        layout.addSpacing(6)
        # NOTE: not added with an alignment: an aligned item loses height-for-width and its
        # wrapped text would be cut to one line.
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.body)
        centred.addStretch(1)
        layout.addLayout(centred)
        layout.addStretch(3)

    def set_message(self, title: str, body: str) -> None:
        self.heading.setText(title)
        self.body.setText(body)


class AlertBanner(QFrame):
    """A coloured box that cannot be missed: ``danger`` (red), ``warning`` (amber), ``info``."""

    def __init__(self, level: str, title: str = "", text: str = "") -> None:
        super().__init__()
        self.setProperty("alert", level)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        self.title = label(title, "subtitle", wrap=True)
        self.text = label(text, wrap=True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self.set_message(title, text)

    def set_message(self, title: str, text: str) -> None:
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.text.setText(text)
        self.text.setVisible(bool(text))

    def set_level(self, level: str) -> None:
        self.setProperty("alert", level)
        restyle(self)
        for child in self.findChildren(QLabel):
            restyle(child)


class FieldErrors:
    """Shows a service's field errors under the fields they belong to.

    Each input is registered under the service's field name; :meth:`error_label` gives the
    label to put beneath the input. Errors for unknown fields go to ``general``.
    """

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self._inputs: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        general.setVisible(False)

    def register(self, field_name: str, widget: QWidget) -> QLabel:
        error = label("", "fieldError", wrap=True)
        error.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        error.setVisible(False)
        self._inputs[field_name] = widget
        self._labels[field_name] = error
        return error

    def show(self, errors: Mapping[str, str], general: str = "") -> QWidget | None:
        """Show ``errors`` and focus the first input they concern, which is returned."""
        self.clear()
        leftovers = [general] if general else []
        for name, message in errors.items():
            if name in self._labels:
                self._labels[name].setText(message)
                self._labels[name].setVisible(True)
                self._inputs[name].setProperty("invalid", True)
                restyle(self._inputs[name])
            else:
                leftovers.append(message)
        self.general.setText("\n".join(leftovers))
        self.general.setVisible(bool(leftovers))
        first = next((self._inputs[n] for n in errors if n in self._inputs), None)
        if first is not None:
            first.setFocus()
        return first

    def error_label(self, field_name: str) -> QLabel:
        """The label beneath the input registered as ``field_name``."""
        return self._labels[field_name]

    def message(self, field_name: str) -> str:
        error = self._labels[field_name]
        return error.text() if error.isVisibleTo(error.parentWidget()) else ""

    def clear(self) -> None:
        for name, error in self._labels.items():
            error.clear()
            error.setVisible(False)
            self._inputs[name].setProperty("invalid", False)
            restyle(self._inputs[name])
        self.general.clear()
        self.general.setVisible(False)


def confirmation_box(
    parent: QWidget | None, title: str, text: str, confirm_label: str, *, danger: bool = False
) -> QMessageBox:
    """A question with a clearly named confirm button and Cancel as the safe default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    confirm = box.addButton(confirm_label, QMessageBox.ButtonRole.AcceptRole)
    set_role(confirm, "danger" if danger else "primary")
    restyle(confirm)  # the message box polished its buttons as they were added
    cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box


def when_confirmed(box: QMessageBox, action: Callable[[], None]) -> None:
    """Run ``action`` if the confirm button of ``box`` is clicked (for ``box.open()``)."""
    box.buttonClicked.connect(
        lambda clicked: (
            action() if box.buttonRole(clicked) == QMessageBox.ButtonRole.AcceptRole else None
        )
    )


def button_row(*widgets: QWidget) -> QHBoxLayout:
    """Buttons aligned to the right, as dialogs place them."""
    layout = QHBoxLayout()
    layout.setSpacing(8)
    layout.addStretch(1)
    for widget in widgets:
        layout.addWidget(widget)
    return layout


class ResponsiveBox(QWidget):
    """Its parts side by side while there is room, one above the other when it is narrower
    than ``stack_below`` px or than the parts need side by side (a portrait tablet, a small
    window). ``reflowed(stacked)`` says when the arrangement changed. GUI thread.
    """

    reflowed = Signal(bool)

    def __init__(self, stack_below: int, *, spacing: int = 12) -> None:
        super().__init__()
        self.stack_below = stack_below
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(spacing)
        self._stretches: list[tuple[int, int]] = []
        self._beside_needs = 0
        """The width the parts needed side by side when they last were."""

    def add(self, widget: QWidget, stretch: int = 0, *, stacked_stretch: int | None = None) -> None:
        """Add ``widget`` with its stretch side by side and, if different, when stacked."""
        self.box.addWidget(widget, stretch)
        self._stretches.append((stretch, stretch if stacked_stretch is None else stacked_stretch))

    @property
    def stacked(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.TopToBottom

    def sizeHint(self) -> QSize:
        # The width side by side even when stacked: a parent that gives the box the width it
        # prefers lets it go back side by side once there is room again.
        hint = super().sizeHint()
        beside = self._side_by_side_width([item.sizeHint() for item in self._items()])
        return QSize(max(hint.width(), beside), hint.height())

    def minimumSizeHint(self) -> QSize:
        # NOTE: as narrow as the widest part even side by side; else the box would hold its
        # parent wide and never become narrow enough to stack.
        hint = super().minimumSizeHint()
        widest = max((item.minimumSize().width() for item in self._items()), default=0)
        return QSize(min(hint.width(), widest), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange(event.size().width())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a part shown, hidden or grown
            self.arrange(self.width())
        return super().event(event)

    def arrange(self, width: int) -> None:
        """Stack the parts or put them side by side for ``width``."""
        needed = self._side_by_side_width([item.minimumSize() for item in self._items()])
        if self.stacked:
            # NOTE: a part may need less room once stacked (a panel with a fixed width beside
            # the others); going back side by side on that smaller need would flip-flop.
            needed = max(needed, self._beside_needs)
        else:
            self._beside_needs = needed
        stacked = width < max(self.stack_below, needed)
        if stacked == self.stacked:
            return
        direction = (
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        self.box.setDirection(direction)
        for index, (beside, above) in enumerate(self._stretches):
            self.box.setStretch(index, above if stacked else beside)
        self.reflowed.emit(stacked)

    @staticmethod
    def arrange_within(window: QWidget) -> None:
        """Arrange the boxes in ``window`` for the size it was just given, before it shows.

        NOTE: a hidden widget gets its resize event only when it shows; a dialog sized in
        its ``showEvent`` would otherwise be measured with its boxes as they were at its
        first, default size (stacked, so taller than it will be).
        """
        layout = window.layout()
        for _ in range(3):  # a box inside a box is arranged once the outer one is
            if layout is not None:
                layout.activate()
            for box in window.findChildren(ResponsiveBox):
                box.arrange(box.width())

    def _items(self) -> list[QLayoutItem]:
        items = (self.box.itemAt(i) for i in range(self.box.count()))
        return [item for item in items if item is not None and not item.isEmpty()]

    def _side_by_side_width(self, sizes: list[QSize]) -> int:
        return sum(size.width() for size in sizes) + self.box.spacing() * max(len(sizes) - 1, 0)
