"""A signed consent opened from the client's record: the PDF itself, whether it is proven
unchanged (the stored hash matches, or what was found changed), who signed it and when,
Print… (Ctrl+P) and Withdraw consent… with a confirmation that asks why.

NOTE: the PDF stays in memory: it is read from the encrypted store on the database worker,
handed to QtPdf through a QBuffer and printed from there; no file is ever written, not even
a temporary one. GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QStackedWidget, QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.consent_record import ConsentState
from medspa_desktop.services.consent_records import SignedConsentSummary
from medspa_desktop.ui.clients.record_look import RECORD_QSS, set_tone
from medspa_desktop.ui.clients.record_tab import in_words
from medspa_desktop.ui.clients.record_withdraw import WithdrawPrompt
from medspa_desktop.ui.clients.record_words import standing_words, time_text
from medspa_desktop.ui.clients.record_work import (
    OpenedConsent,
    consent_changes,
    open_consent,
    withdraw,
)
from medspa_desktop.ui.dialogs import height_limit
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.style import restyle, set_role
from medspa_desktop.ui.widgets import button, button_row, label

WIDEST_PX = 1000
SIDE_MARGIN_PX = 16
PRINT_DPI = 300
VERIFIED = "✓ Verified: the stored hash matches what was signed; the form is unchanged."
UNREADABLE = (
    "The signed PDF can't be shown: the file on this computer is missing or damaged. "
    "Sync, then open it again; if it stays so, tell your manager."
)


class ConsentViewer(QDialog):
    """``signed`` as the record listed it; ``opened`` once the PDF has been read."""

    def __init__(
        self,
        parent: QWidget | None,
        session: AppSession,
        signed: SignedConsentSummary,
        client_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Signed consent")
        self.setStyleSheet(RECORD_QSS)
        self.session, self.signed, self.client_name = session, signed, client_name
        self.opened: OpenedConsent | None = None
        self.prompt: WithdrawPrompt | None = None
        self.print_dialog: QPrintDialog | None = None
        self._buffer = QBuffer(self)
        self.document = QPdfDocument(self)
        self._lay_out()
        self._show_state()
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self).activated.connect(
            self.ask_print
        )
        session.query(self, open_consent(signed.id, session.store.blobs)).success(
            self._opened
        ).failure(self._failed).run()

    def _lay_out(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 12, 20, 14)
        column.setSpacing(6)
        signed = self.signed
        column.addWidget(label(f"{signed.template_name} — version {signed.version}", "title"))
        witness = f" · witness {signed.witness_name}" if signed.witness_name else ""
        self.signer = label(
            f"Signed by {signed.printed_name} on {time_text(signed.signed_at)}{witness}",
            wrap=True,
        )
        self.state = label("", wrap=True)
        self.verdict = label("Checking the signed form…", "hint", wrap=True)
        for widget in (self.signer, self.state, self.verdict):
            column.addWidget(widget)
        self.pages = QStackedWidget()
        self.loading = label("Opening the signed form…", "hint", wrap=True)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view = QPdfView()
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        for page in (self.loading, self.view):
            self.pages.addWidget(page)
        column.addWidget(self.pages, 1)
        self.print_button = button("Print…  (Ctrl+P)")
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.ask_print)
        self.withdraw_button = button("Withdraw consent…", "danger")
        self.withdraw_button.clicked.connect(self.ask_withdraw)
        self.close_button = button("Close", default=True)
        self.close_button.clicked.connect(self.reject)
        column.addLayout(button_row(self.print_button, self.withdraw_button, self.close_button))

    def _show_state(self) -> None:
        words = standing_words(self.signed)
        self.state.setText(words.text)
        set_tone(self.state, words.tone)
        may_withdraw = self.session.may(Action.CONSENT_WITHDRAW)
        in_force = self.signed.state is not ConsentState.WITHDRAWN
        self.withdraw_button.setVisible(may_withdraw and in_force)

    # ---- the PDF ---------------------------------------------------------------------------

    def _opened(self, opened: OpenedConsent) -> None:
        self.opened = opened
        verification = opened.verification
        if verification.intact:
            self.verdict.setText(VERIFIED)
            set_role(self.verdict, "verdict-ok")
        else:
            self.verdict.setText("✗ Not verified: " + " ".join(verification.problems))
            set_role(self.verdict, "verdict-bad")
        restyle(self.verdict)
        if opened.pdf is None:
            self.loading.setText(UNREADABLE)
            return
        self._buffer.setData(opened.pdf)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.pages.setCurrentWidget(self.view)
        self.print_button.setEnabled(True)

    def _failed(self, err: BaseException) -> None:
        self.loading.setText(f"The signed form could not be opened. {in_words(err)}")
        self.verdict.setText("")

    def page_count(self) -> int:
        return self.document.pageCount()

    # ---- printing --------------------------------------------------------------------------

    def ask_print(self) -> QPrintDialog | None:
        """The system's print dialog; the form is printed when it is accepted."""
        if self.opened is None or self.opened.pdf is None:
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.signed.template_name)
        dialog = QPrintDialog(printer, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: print_document(self.document, printer))
        dialog.finished.connect(lambda _result: setattr(self, "print_dialog", None))
        self.print_dialog = dialog
        # NOTE: not dialog.open(): PySide6's QPrintDialog only has the open(receiver, slot)
        # overload; this is what QDialog.open() does.
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        return dialog

    # ---- withdrawing -----------------------------------------------------------------------

    def ask_withdraw(self) -> WithdrawPrompt:
        prompt = WithdrawPrompt(self, self.signed, self.client_name)
        prompt.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        prompt.confirmed.connect(self.withdraw)
        prompt.finished.connect(lambda _result: setattr(self, "prompt", None))
        self.prompt = prompt
        prompt.open()
        return prompt

    def withdraw(self, reason: str) -> None:
        signed = self.signed
        self.withdraw_button.setEnabled(False)
        self.session.mutate(
            self, withdraw(signed.id, reason), consent_changes(signed.client_id)
        ).success(self._withdrawn).failure(self._not_withdrawn).run()

    def _withdrawn(self, summary: SignedConsentSummary) -> None:
        self.signed = summary
        self._show_state()

    def _not_withdrawn(self, err: BaseException) -> None:
        self.withdraw_button.setEnabled(True)
        self.state.setText(f"Not withdrawn. {in_words(err)}")

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            parent = self.parentWidget()
            window = parent.window() if parent is not None else None
            width = window.width() if window is not None else WIDEST_PX
            self.resize(min(width - 2 * SIDE_MARGIN_PX, WIDEST_PX), height_limit(self))
        super().showEvent(event)


def print_document(document: QPdfDocument, printer: QPrinter) -> bool:
    """Print every page of ``document`` to ``printer``, each fitted to the printable area.
    False when the printer could not be started. GUI thread."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
    for index in range(document.pageCount()):
        if index:
            printer.newPage()
        points = document.pagePointSize(index)
        scale = min(area.width() / points.width(), area.height() / points.height())
        fitted = QSize(int(points.width() * scale), int(points.height() * scale))
        dpi = min(printer.resolution(), PRINT_DPI)
        image = document.render(index, (points * dpi / 72).toSize())
        painter.drawImage(QRect(0, 0, fitted.width(), fitted.height()), image)
    painter.end()
    return True
