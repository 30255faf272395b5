"""One consent in kiosk mode: the exact wording to read (kinetic scrolling, large type), the
printed name, the signature pad across the screen, Clear and "I agree and sign" (disabled
until the pad holds a signature the service would accept). GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.domain.consent_text import Block
from medspa_desktop.domain.signature import Signature
from medspa_desktop.services.consent_collect import ConsentPreview
from medspa_desktop.ui.consent_html import blocks_html
from medspa_desktop.ui.kiosk.look import PAD_MIN_PX
from medspa_desktop.ui.signature_pad import SignaturePad
from medspa_desktop.ui.widgets import button, label

SIGN = "I agree and sign"
EMPTY_PAD = "Please sign in the white box below with your finger."


def wording_html(blocks: tuple[Block, ...]) -> str:
    """The wording as rich text in large, airy lines (line height 150%)."""
    return f'<div style="line-height: 150%">{blocks_html(blocks)}</div>'


class ConsentPage(QWidget):
    """``sign_asked(printed_name, strokes)`` when the client taps "I agree and sign";
    ``staff_asked`` when, after an error, the client asks for help."""

    sign_asked = Signal(str, object)
    staff_asked = Signal()

    def __init__(self, preview: ConsentPreview, step: str) -> None:
        super().__init__()
        self.preview = preview
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 8, 32, 16)
        column.setSpacing(10)
        column.addWidget(label(step, "step"))
        column.addWidget(label(preview.title, "formTitle", wrap=True))
        column.addWidget(self._wording(preview), 1)
        column.addLayout(self._name_row(preview.client_name))
        self.pad = SignaturePad()
        self.pad.setMinimumHeight(PAD_MIN_PX + 60)
        self.pad.canvas.setMinimumHeight(PAD_MIN_PX)
        self.pad.clear_button.setVisible(False)  # the page's own Clear sits beside Sign
        self.pad.changed.connect(self._refresh)
        column.addWidget(self.pad)
        column.addLayout(self._actions())
        self.error = label("", "fieldError", wrap=True)
        self.ask_staff = button("Ask for staff")
        self.ask_staff.clicked.connect(self.staff_asked)
        trouble = QHBoxLayout()
        trouble.addWidget(self.error, 1)
        trouble.addWidget(self.ask_staff)
        column.addLayout(trouble)
        self.show_error("")
        self._refresh()

    def _wording(self, preview: ConsentPreview) -> QScrollArea:
        self.wording = label(wording_html(preview.wording), "wording", wrap=True)
        self.wording.setTextFormat(Qt.TextFormat.RichText)
        self.wording.setContentsMargins(24, 16, 24, 16)
        self.wording.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("Wording")
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.wording)
        self.scroll.setMinimumHeight(160)
        # A finger drags the wording up and down and flicks it, as on a phone.
        QScroller.grabGesture(
            self.scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        return self.scroll

    def _name_row(self, client_name: str) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label("Your name in print", "question"))
        self.printed_name = QLineEdit(client_name)
        self.printed_name.setAccessibleName("Your name in print")
        self.printed_name.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
        self.printed_name.textChanged.connect(self._refresh)
        row.addWidget(self.printed_name, 1)
        return row

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.hint = label("", "hint", wrap=True)
        row.addWidget(self.hint, 1)
        self.clear = button("Clear")
        self.clear.clicked.connect(self.pad.clear)
        self.sign = button(SIGN, "primary")
        self.sign.setMinimumWidth(320)
        self.sign.clicked.connect(self._sign)
        row.addWidget(self.clear)
        row.addWidget(self.sign)
        return row

    def _refresh(self) -> None:
        problem = EMPTY_PAD if self.pad.is_empty() else self.pad.problem()
        if problem is None and not self.printed_name.text().strip():
            problem = "Write your name in print above the signature box."
        self.sign.setEnabled(problem is None)
        self.clear.setEnabled(not self.pad.is_empty())
        self.hint.setText(problem or "Tap “I agree and sign” when you are ready.")

    def _sign(self) -> None:
        strokes: Signature = self.pad.strokes()
        self.show_error("")
        self.sign.setEnabled(False)
        self.sign_asked.emit(self.printed_name.text(), strokes)

    def show_error(self, text: str) -> None:
        """Why the signature was not kept, in words; the client may sign again or ask staff."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.ask_staff.setVisible(bool(text))
        if text:
            self._refresh()
