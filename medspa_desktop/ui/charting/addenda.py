"""The addenda under a signed chart: who added each, when, and what it says. GUI thread."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFrame, QVBoxLayout

from medspa_desktop.services.chart_read import ChartVersionView
from medspa_desktop.ui.widgets import label


class Addenda(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("ChartSection")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(16, 8, 16, 10)
        self.setVisible(False)

    def show_addenda(self, addenda: Sequence[ChartVersionView]) -> None:
        while self.column.count():
            item = self.column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.column.addWidget(label("Addenda", "field"))
        for addendum in addenda:
            when = addendum.at.astimezone()
            self.column.addWidget(label(f"{addendum.author_name}, {when:%d %b %Y %H:%M}", "hint"))
            self.column.addWidget(label(str(addendum.body.get("text", "")), wrap=True))
        self.setVisible(bool(addenda))
