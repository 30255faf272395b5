"""A row of big segmented buttons for one choice (a filter, a tag). GUI thread."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from medspa_desktop.ui.widgets import button


class SegmentChoice(QWidget):
    """``options`` as ``(value, text)``; ``changed(value)`` when another one is chosen."""

    changed = Signal(object)

    def __init__(self, options: Sequence[tuple[str | None, str]] = ()) -> None:
        super().__init__()
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str | None, QPushButton] = {}
        self.set_options(options)

    def set_options(self, options: Sequence[tuple[str | None, str]]) -> None:
        """Show ``options``; the chosen value stays chosen if it is still one of them."""
        kept = self.value()
        for old in self.buttons.values():
            self.group.removeButton(old)
            old.deleteLater()
        self.buttons = {}
        for index, (value, text) in enumerate(options):
            segment = button(text, "segment")
            segment.setCheckable(True)
            segment.setAutoDefault(False)
            edge = "first" if index == 0 else "last" if index == len(options) - 1 else ""
            segment.setProperty("edge", edge)
            segment.setMinimumWidth(segment.sizeHint().width() + 16)  # room for bold when chosen
            segment.clicked.connect(lambda _c=False, v=value: self.changed.emit(v))
            self.group.addButton(segment)
            self.row.addWidget(segment)
            self.buttons[value] = segment
        if kept in self.buttons:
            self.buttons[kept].setChecked(True)
        elif self.buttons:
            next(iter(self.buttons.values())).setChecked(True)

    def value(self) -> str | None:
        return next((v for v, b in self.buttons.items() if b.isChecked()), None)

    def choose(self, value: str | None) -> None:
        """Choose ``value`` as a tap would (``changed`` fires)."""
        self.buttons[value].click()
