"""The wording of a consent form: a plain-text editor limited to what a consent may hold
(paragraphs, bullets, **bold**, merge fields), buttons that insert each of them, and a live
preview with sample details. GUI thread.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.domain.consent_record import long_date
from medspa_desktop.domain.consent_text import (
    parse_rich_text,
    render_merge,
    wording_problem,
)
from medspa_desktop.ui.consent_html import blocks_html
from medspa_desktop.ui.settings.form_editor import SideBySide
from medspa_desktop.ui.widgets import button, label

MERGE_BUTTONS = (
    ("Client's name", "client_name"),
    ("Treatment", "service"),
    ("Practitioner", "practitioner"),
    ("Date", "date"),
)
SAMPLE_CLIENT = "Jane Sample"
SAMPLE_PRACTITIONER = "Dr Alex Sample"
HOW_TO = (
    "Leave a blank line between paragraphs. Start a line with “- ” for a bullet point. Put "
    "two stars on each side of **bold words**. The buttons put a client's details in."
)
EDITOR_HEIGHT_PX = 300


def sample_values(service: str, today: dt.date) -> dict[str, str]:
    """The details the preview fills in, as a signature would with a real visit's."""
    return {
        "client_name": SAMPLE_CLIENT,
        "service": service,
        "practitioner": SAMPLE_PRACTITIONER,
        "date": long_date(today),
    }


def wording_html(body: str, values: Mapping[str, str]) -> str:
    """The preview of ``body`` merged with ``values``; what to fix when it cannot be shown."""
    problem = wording_problem(body)
    if problem:
        return f"<p style='color:#b42318'><b>No preview yet.</b> {html.escape(problem)}</p>"
    return blocks_html(parse_rich_text(render_merge(body, values)))


class WordingEditor(QWidget):
    """The editor beside its preview (stacked on a narrow screen); ``changed`` on each edit."""

    changed = Signal()

    def __init__(self, body: str, service_name: Callable[[], str]) -> None:
        super().__init__()
        self.service_name = service_name
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label(HOW_TO, "hint", wrap=True))
        column.addWidget(SideBySide(*self._buttons(), wide_from=900, stretch=(0, 1)))
        self.text = QPlainTextEdit(body)
        self.text.setAccessibleName("Consent wording")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(EDITOR_HEIGHT_PX)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Preview with sample details")
        self.preview.setMinimumHeight(EDITOR_HEIGHT_PX)
        self.preview_note = label("", "hint", wrap=True)
        preview = QWidget()
        stack = QVBoxLayout(preview)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(self.preview_note)
        stack.addWidget(self.preview, 1)
        column.addWidget(SideBySide(self.text, preview), 1)
        self.text.textChanged.connect(self.refresh)
        self.text.textChanged.connect(self.changed)
        self.refresh()

    def _buttons(self) -> tuple[QWidget, QWidget]:
        """The formatting buttons, and one button for each merge field."""
        formatting = [("Bold", self.bold), ("Bullet point", self.bullet)]
        fields = [
            (text, lambda _=False, f=field: self.insert_field(f)) for text, field in MERGE_BUTTONS
        ]
        self.tool_buttons: dict[str, QPushButton] = {}
        rows = []
        for title, actions in (("Format", formatting), ("Insert", fields)):
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(6)
            row.addWidget(label(title, "hint"))
            for text, slot in actions:
                widget = button(text)
                widget.clicked.connect(slot)
                row.addWidget(widget)
                self.tool_buttons[text] = widget
            row.addStretch(1)
            rows.append(holder)
        return rows[0], rows[1]

    def body(self) -> str:
        return self.text.toPlainText()

    def insert_field(self, field: str) -> None:
        self.text.insertPlainText(f"{{{field}}}")
        self.text.setFocus()

    def bold(self) -> None:
        cursor = self.text.textCursor()
        chosen = cursor.selectedText()
        cursor.insertText(f"**{chosen}**")
        if not chosen:
            cursor.movePosition(QTextCursor.MoveOperation.Left, n=2)
            self.text.setTextCursor(cursor)
        self.text.setFocus()

    def bullet(self) -> None:
        """The chosen lines (or the line of the cursor) become bullet points."""
        cursor = self.text.textCursor()
        start, end = sorted((cursor.position(), cursor.anchor()))
        cursor.setPosition(start)
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        cursor.beginEditBlock()
        while True:
            line = cursor.block().text()
            if not line.lstrip().startswith(("- ", "* ")):
                cursor.insertText("- ")
                end += 2
            if not cursor.movePosition(QTextCursor.MoveOperation.NextBlock):
                break
            if cursor.position() > end:
                break
        cursor.endEditBlock()
        self.text.setFocus()

    def refresh(self) -> None:
        values = sample_values(self.service_name(), dt.date.today())
        self.preview_note.setText(
            f"Preview for {values['client_name']}, {values['service']} with "
            f"{values['practitioner']} on {values['date']}:"
        )
        self.preview.setHtml(wording_html(self.body(), values))
