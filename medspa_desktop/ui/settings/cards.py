"""A list of cards the manager orders by hand: the fields of a chart template, the questions
of an intake questionnaire. Each card has its inputs, buttons to move it up or down or remove
it, and its own error line beneath. GUI thread.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.ui.settings.form_editor import touch_size
from medspa_desktop.ui.style import TOUCH_TARGET_PX, icon, is_tablet
from medspa_desktop.ui.widgets import button, label


def arrow_button(name: str, text: str) -> QPushButton:
    widget = QPushButton()
    widget.setIcon(icon(name))
    widget.setIconSize(QSize(18, 18))
    widget.setToolTip(text)
    widget.setAccessibleName(text)
    if is_tablet():
        widget.setMinimumWidth(TOUCH_TARGET_PX)
    return widget


def lines_box(text: str, placeholder: str, rows: int = 4) -> QPlainTextEdit:
    """A small box for a list typed one item a line (choices, areas)."""
    box = QPlainTextEdit(text)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    height = box.fontMetrics().lineSpacing() * rows + 16
    box.setFixedHeight(height)
    return box


def lines_of(box: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in box.toPlainText().splitlines() if line.strip()]


def check_box(text: str, checked: bool) -> QCheckBox:
    box = QCheckBox(text)
    box.setChecked(checked)
    touch_size(box)
    return box


class Card(QFrame):
    """One entry: subclasses add rows to ``column`` and then call :meth:`finish`."""

    key = ""
    """The key of the field or question it edits ('' for a new one)."""

    moved = Signal(object, int)
    removed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("card", True)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(14, 10, 14, 12)
        self.column.setSpacing(6)
        self.tools = QHBoxLayout()
        self.tools.setSpacing(6)
        self.up = arrow_button("chevron-up", "Move up")
        self.down = arrow_button("chevron-down", "Move down")
        self.remove = button("Remove")
        self.up.clicked.connect(lambda: self.moved.emit(self, -1))
        self.down.clicked.connect(lambda: self.moved.emit(self, 1))
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        self.error = label("", "fieldError", wrap=True)
        self.error.setVisible(False)

    def finish(self) -> None:
        self.tools.addStretch(1)
        for widget in (self.up, self.down, self.remove):
            self.tools.addWidget(widget)
        self.column.addLayout(self.tools)
        self.column.addWidget(self.error)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def first_input(self) -> QWidget:
        """What gets the focus when the card is added or has an error."""
        return self


class CardList(QWidget):
    """Cards in order, each movable up and down and removable."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[Card] = []
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(10)

    def add(self, card: Card, index: int | None = None) -> Card:
        at = len(self.cards) if index is None else index
        self.cards.insert(at, card)
        self.column.insertWidget(at, card)
        card.moved.connect(self.move)
        card.removed.connect(self.remove)
        self.refresh()
        return card

    def move(self, card: Card, step: int) -> None:
        at = self.cards.index(card)
        to = at + step
        if not self.may_move(at, to):
            return
        self.cards[at], self.cards[to] = self.cards[to], self.cards[at]
        self.reorder()

    def may_move(self, at: int, to: int) -> bool:
        return 0 <= to < len(self.cards)

    def remove(self, card: Card) -> None:
        self.cards.remove(card)
        self.column.removeWidget(card)
        card.deleteLater()
        self.refresh()

    def reorder(self) -> None:
        """Lay the cards out in the order of ``cards``."""
        for at, card in enumerate(self.cards):
            self.column.removeWidget(card)
            self.column.insertWidget(at, card)
        self.refresh()

    def refresh(self) -> None:
        """Which cards can move which way."""
        for at, card in enumerate(self.cards):
            card.up.setEnabled(self.may_move(at, at - 1))
            card.down.setEnabled(self.may_move(at, at + 1))

    def clear_errors(self) -> None:
        for card in self.cards:
            card.show_error("")


@dataclass(frozen=True)
class ChecklistItem:
    value: str
    text: str
    group: str = ""
    """A heading the item is listed under (the treatment's category)."""
    note: str = ""
    """Said in small type under the item (what ticking it changes)."""


class Checklist(QWidget):
    """Several things to tick (service categories, treatments); ``changed`` on each tick.
    Notes and headings wrap, so a long list stays as narrow as a portrait tablet."""

    changed = Signal()

    def __init__(self, empty_text: str) -> None:
        super().__init__()
        self.boxes: dict[str, QCheckBox] = {}
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(2)
        self.empty = label(empty_text, "hint", wrap=True)
        self.column.addWidget(self.empty)

    def set_items(self, items: Sequence[ChecklistItem], chosen: Collection[str]) -> None:
        """Show ``items`` in order under their group headings; ``chosen`` values ticked."""
        group = ""
        for item in items:
            if item.group and item.group != group:
                group = item.group
                heading = label(group, wrap=True)
                heading.setStyleSheet("font-weight: 600; margin-top: 6px;")
                self.column.addWidget(heading)
            box = check_box(item.text, item.value in chosen)
            box.toggled.connect(self.changed)
            self.boxes[item.value] = box
            self.column.addWidget(box)
            if item.note:
                note = label(item.note, "hint", wrap=True)
                note.setContentsMargins(box.iconSize().width() + 12, 0, 0, 4)
                self.column.addWidget(note)
        self.empty.setVisible(not items)

    def chosen(self) -> tuple[str, ...]:
        return tuple(value for value, box in self.boxes.items() if box.isChecked())
