"""A row of joined, checkable buttons (one choice of a few): tips and tenders. GUI thread."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont, QFontMetrics, QShowEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from medspa_desktop.ui.style import set_role


class Segments(QWidget):
    """``buttons[i]`` for ``texts[i]``; at most one is checked at a time."""

    def __init__(self, texts: Sequence[str], name: str) -> None:
        super().__init__()
        self.setAccessibleName(name)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QPushButton] = []
        for number, text in enumerate(texts):
            button = QPushButton(text)
            set_role(button, "segment")
            button.setCheckable(True)
            button.setAutoDefault(False)
            if number == 0:
                button.setProperty("edge", "first")
            if number == len(texts) - 1:
                button.setProperty("edge", "last")
            self.group.addButton(button, number)
            self.buttons.append(button)
            row.addWidget(button)

    def showEvent(self, event: QShowEvent) -> None:
        # Room for the chosen one's bold text, measured once the style sheet set the font,
        # so choosing never cuts the word.
        for button in self.buttons:
            bold = QFont(button.font())
            bold.setBold(True)
            extra = QFontMetrics(bold).horizontalAdvance(button.text()) - QFontMetrics(
                button.font()
            ).horizontalAdvance(button.text())
            button.setMinimumWidth(button.sizeHint().width() + max(extra, 0))
        super().showEvent(event)

    def check(self, index: int | None) -> None:
        """Check button ``index``, or none of them."""
        self.group.setExclusive(False)
        for number, button in enumerate(self.buttons):
            button.setChecked(number == index)
        self.group.setExclusive(True)

    def checked(self) -> int:
        return self.group.checkedId()
