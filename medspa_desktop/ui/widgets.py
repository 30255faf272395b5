"""Small widgets every screen uses: empty states, alert banners, field errors, confirmations."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.ui.style import icon, restyle, set_role


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
