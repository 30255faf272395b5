"""The confirmation before a consent is recorded as withdrawn: what it means, and why it is
withdrawn (one of the reasons offered, so the reason can be kept in the audit log without
clinical free text). Cancel is the default button and Esc. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QRadioButton, QVBoxLayout, QWidget

from medspa_desktop.services.consent_records import WITHDRAWAL_REASONS, SignedConsentSummary
from medspa_desktop.ui.clients.record_look import RECORD_QSS
from medspa_desktop.ui.clients.record_words import day_text
from medspa_desktop.ui.dialogs import FittedDialog
from medspa_desktop.ui.widgets import button, button_row, label

CONFIRM = "Withdraw consent"


class WithdrawPrompt(FittedDialog):
    """Emits ``confirmed(reason_code)`` when staff confirm with a reason chosen."""

    confirmed = Signal(str)

    def __init__(self, parent: QWidget | None, signed: SignedConsentSummary, client: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Withdraw consent")
        self.setStyleSheet(RECORD_QSS)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(10)
        who = client or "the client"
        question = (
            f"Record that {who} withdrew the “{signed.template_name}” signed "
            f"{day_text(signed.signed_at)}? The signed form is kept as it is, but treatments "
            "that need it can't start until the client signs it again."
        )
        column.addWidget(label("Withdraw this consent?", "title"))
        text = label(question, wrap=True)
        text.setMinimumWidth(360)
        column.addWidget(text)
        column.addSpacing(4)
        column.addWidget(label("Why is it withdrawn?", "subtitle"))
        self.reasons = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        for code, words in WITHDRAWAL_REASONS.items():
            choice = QRadioButton(words)
            self.reasons.addButton(choice)
            self.choices[code] = choice
            column.addWidget(choice)
        self.cancel = button("Cancel", default=True)
        self.cancel.clicked.connect(self.reject)
        self.confirm = button(CONFIRM, "danger")
        self.confirm.setEnabled(False)
        self.confirm.setToolTip("Choose why it is withdrawn first")
        self.confirm.clicked.connect(self._confirm)
        self.reasons.buttonToggled.connect(lambda *_: self.confirm.setEnabled(True))
        column.addSpacing(6)
        column.addLayout(button_row(self.confirm, self.cancel))

    def choose(self, code: str) -> None:
        self.choices[code].setChecked(True)

    def reason(self) -> str:
        return next((code for code, c in self.choices.items() if c.isChecked()), "")

    def _confirm(self) -> None:
        reason = self.reason()
        if reason:
            self.accept()
            self.confirmed.emit(reason)
