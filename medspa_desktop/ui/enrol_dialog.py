"""Settings → Sync → "Connect to clinic server…": enrol this device with a one-time code.

The enrolment talks to the server, so it runs on the network worker; the server's own
words (a wrong or used code, an unreachable address) show in the dialog, which stays open
to try again. On success the sync worker starts its first sync at once.

Public API: ``EnrolDialog``. GUI thread.
"""

from __future__ import annotations

import platform

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget

from medspa_desktop.services.devices import DeviceEnrolled, EnrolDevice, enrol_device
from medspa_desktop.services.errors import ServiceError, ValidationError
from medspa_desktop.store.errors import StoreError
from medspa_desktop.ui.dialogs import FittedDialog
from medspa_desktop.ui.ops import GENERIC_FAILURE, NetworkOp
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import AlertBanner, FieldErrors, button, button_row, label

INTRO = (
    "Connect this computer to your clinic's sync server so bookings, payments and charts "
    "reach every device. Your administrator gives you the server address and a one-time "
    "enrolment code (valid for a day). Nothing on this computer is lost."
)


class EnrolDialog(FittedDialog):
    """Server address, enrolment code and a name for this computer; "Connect"."""

    enrolled = Signal(object)
    """A ``DeviceEnrolled``."""

    def __init__(self, parent: QWidget | None, session: AppSession, server_url: str = "") -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Connect to clinic server")
        self.setMinimumWidth(600)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(10)
        column.addWidget(label("Connect to clinic server", "title"))
        column.addWidget(label(INTRO, "hint", wrap=True))
        self.problem = AlertBanner("danger", "Not connected")
        self.problem.setVisible(False)
        column.addWidget(self.problem)
        self.errors = FieldErrors(label("", "fieldError", wrap=True))
        column.addWidget(self.errors.general)
        self.server_url = QLineEdit(server_url)
        self.server_url.setPlaceholderText("https://sync.your-clinic.com")
        self.code = QLineEdit()
        self.code.setPlaceholderText("from your administrator")
        self.device_name = QLineEdit(platform.node() or "Front desk")
        column.addLayout(self._form())
        column.addStretch(1)  # room the dialog has to spare goes below the fields
        self.connect_button = button("Connect", "primary", default=True)
        self.connect_button.clicked.connect(self.connect_device)
        cancel = button("Cancel")
        cancel.clicked.connect(self.reject)
        column.addLayout(button_row(cancel, self.connect_button))

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setVerticalSpacing(8)
        for title, name, widget in (
            ("Server address", "server_url", self.server_url),
            ("Enrolment code", "code", self.code),
            ("This computer's name", "device_name", self.device_name),
        ):
            widget.setAccessibleName(title)
            holder = QVBoxLayout()
            holder.setSpacing(2)
            holder.addWidget(widget)
            holder.addWidget(self.errors.register(name, widget))
            form.addRow(title, holder)
        return form

    def connect_device(self) -> None:
        """Enrol on the network worker; the dialog waits, showing that it is connecting."""
        cmd = EnrolDevice(self.server_url.text(), self.code.text(), self.device_name.text())
        store, actor = self.session.store, self.session.actor
        self.errors.clear()
        self.problem.setVisible(False)
        self.connect_button.setEnabled(False)
        self.connect_button.setText("Connecting…")
        NetworkOp(self, lambda: enrol_device(cmd, store=store, actor=actor)).success(
            self._enrolled
        ).failure(self._refused).run()

    def _enrolled(self, done: DeviceEnrolled) -> None:
        self.enrolled.emit(done)
        self.accept()

    def _refused(self, err: BaseException) -> None:
        self.connect_button.setEnabled(True)
        self.connect_button.setText("Connect")
        if isinstance(err, ValidationError):
            self.errors.show(err.field_errors)
            return
        known = isinstance(err, ServiceError | StoreError)
        self.problem.set_message("Not connected", str(err) if known else GENERIC_FAILURE)
        self.problem.setVisible(True)
