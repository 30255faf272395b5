"""The client record's own style rules on top of the application's: rows with a coloured edge
and state words in the same colour (never the colour alone: the words say it too), and
changed intake answers marked; and the layout of the tabs that list such rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from medspa_desktop.ui.style import restyle
from medspa_desktop.ui.widgets import label

RECORD_QSS = """
QFrame[record="row"] {
    background: #ffffff; border: 1px solid #dde2e7; border-left: 5px solid #98a2b3;
    border-radius: 6px;
}
QFrame[record="row"] QLabel[role="subtitle"] { font-size: 12.5pt; }
QFrame[record="row"][tone="ok"] { border-left-color: #12b76a; }
QFrame[record="row"][tone="warning"] { border-left-color: #dc8a00; }
QFrame[record="row"][tone="danger"] { border-left-color: #d92d20; background: #fffbfa; }
QLabel[tone="ok"] { color: #067647; font-weight: 600; }
QLabel[tone="warning"] { color: #8a4b00; font-weight: 600; }
QLabel[tone="danger"] { color: #b42318; font-weight: 600; }
QLabel[tone="muted"] { color: #475467; }
QLabel[role="question"] { color: #344054; font-weight: 600; }
QLabel[changed="true"] {
    background: #fff4dc; border: 1px solid #dc8a00; border-radius: 4px; padding: 2px 6px;
}
QLabel[role="verdict-ok"] { color: #067647; font-weight: 700; font-size: 11pt; }
QLabel[role="verdict-bad"] { color: #b42318; font-weight: 700; font-size: 11pt; }
QRadioButton { min-height: 44px; spacing: 10px; }
QRadioButton::indicator { width: 22px; height: 22px; }
"""


def set_tone(widget: QWidget, tone: str) -> None:
    """Colour ``widget`` (a row or its state words) as ``tone`` from ``record_words``."""
    widget.setProperty("tone", tone)
    restyle(widget)


class RecordRow(QFrame):
    """One entry of a record list: a white box whose left edge shows its tone."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("record", "row")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(14, 10, 12, 10)
        self.column.setSpacing(4)


def rows_layout(tab: QWidget, hint: str, *, spacing: int) -> tuple[QLabel, QVBoxLayout]:
    """Lay ``tab`` out as ``hint``, a status line and a scrolling list of rows; the status
    line, and the list to insert rows into (before its closing stretch). GUI thread."""
    column = QVBoxLayout(tab)
    column.setContentsMargins(16, 12, 16, 12)
    column.setSpacing(8)
    column.addWidget(label(hint, "hint", wrap=True))
    status = label("", "hint", wrap=True)
    column.addWidget(status)
    holder = QWidget()
    rows = QVBoxLayout(holder)
    rows.setContentsMargins(0, 0, 0, 0)
    rows.setSpacing(spacing)
    rows.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(holder)
    column.addWidget(scroll, 1)
    return status, rows
