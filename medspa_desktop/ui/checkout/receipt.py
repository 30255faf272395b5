"""The receipt of a paid ticket: printed (a PDF opened in the PC's viewer, which prints it)
or e-mailed (queued; the server sends it once after the next sync). Workers build and
queue; the GUI thread only opens the file. GUI thread unless said otherwise.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from medspa_desktop.domain.actor import Actor
from medspa_desktop.reports.receipt import receipt_pdf
from medspa_desktop.services import clients, receipts
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.tickets_read import TicketView
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.ops import OpChanges, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import button, label

Opener = Callable[[QUrl], bool]


def receipt_file(ticket_id: str, uow: UnitOfWork, actor: Actor) -> Path:
    """The receipt as a PDF in the temporary folder, for the viewer to print. Worker.

    NOTE: a plain file, as a viewer needs one: it holds the client's name and the amounts,
    never clinical notes or card numbers, and lives in the user's own temporary folder.
    """
    data = receipts.receipt_data(ticket_id, uow=uow, actor=actor)
    handle, name = tempfile.mkstemp(prefix=f"receipt-{data.ticket_number}-", suffix=".pdf")
    with os.fdopen(handle, "wb") as out:
        out.write(receipt_pdf(data))
    return Path(name)


class ReceiptButtons(QWidget):
    """Print receipt, and the client's e-mail address with Email receipt."""

    def __init__(self, session: AppSession, opener: Opener = QDesktopServices.openUrl) -> None:
        super().__init__()
        self._session, self.opener = session, opener
        self.ticket: TicketView | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.print_button = button("Print receipt")
        self.print_button.clicked.connect(self.print_receipt)
        self.email = QLineEdit()
        self.email.setAccessibleName("E-mail the receipt to")
        self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.email.setPlaceholderText("client@example.com")
        self.email_button = button("Email receipt")
        self.email_button.clicked.connect(self.email_receipt)
        column.addWidget(label("Receipt", "subtitle"))
        column.addWidget(self.email)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.email_button)
        row.addStretch(1)
        column.addLayout(row)
        self.status = label("", "hint", wrap=True)
        column.addWidget(self.status)

    def show_ticket(self, ticket: TicketView) -> None:
        first_time = self.ticket is None or self.ticket.id != ticket.id
        self.ticket = ticket
        if first_time and ticket.client_id:
            client_id = ticket.client_id
            self._session.query(
                self, lambda uow, actor: clients.get_client_profile(client_id, uow=uow, actor=actor)
            ).success(lambda profile: self.email.setText(profile.email)).failure(
                lambda _err: None  # no address to offer: the desk types one
            ).run()

    def print_receipt(self) -> None:
        if self.ticket is None:
            return
        ticket_id = self.ticket.id
        self.print_button.setEnabled(False)
        self._session.query(self, lambda uow, actor: receipt_file(ticket_id, uow, actor)).success(
            self._open
        ).failure(self._not_printed).run()

    def _open(self, path: Path) -> None:
        self.print_button.setEnabled(True)
        self.opener(QUrl.fromLocalFile(str(path)))
        self.status.setText("The receipt opened as a PDF: print it from there.")

    def _not_printed(self, err: BaseException) -> None:
        self.print_button.setEnabled(True)
        show_failure(self, err, "Receipt not made")

    def email_receipt(self) -> None:
        if self.ticket is None:
            return
        ticket_id, address = self.ticket.id, self.email.text()
        self.email_button.setEnabled(False)
        self._session.mutate(
            self,
            lambda uow, actor: receipts.email_receipt(ticket_id, address, uow=uow, actor=actor),
            OpChanges(),
        ).success(self._queued).failure(self._not_queued).run()

    def _queued(self, queued: receipts.ReceiptQueued) -> None:
        self.email_button.setEnabled(True)
        self.status.setText(
            f"Receipt queued for {queued.to_address}: it is sent after the next sync."
        )

    def _not_queued(self, err: BaseException) -> None:
        self.email_button.setEnabled(True)
        if isinstance(err, ValidationError):
            self.status.setText(next(iter(err.field_errors.values()), str(err)))
            self.email.setFocus()
        else:
            show_failure(self, err, "Receipt not queued")
