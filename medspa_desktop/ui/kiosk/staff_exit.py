"""The way out of kiosk mode: a member of staff of this location picks their name and types
their PIN. Only verified, never a log-in: whoever was logged in on the device stays. GUI
thread; the check runs on the database worker.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from medspa_desktop.services import auth
from medspa_desktop.services.errors import ServiceError
from medspa_desktop.ui.kiosk.visit import staff_pin_check
from medspa_desktop.ui.login_pin import PinSwitchPanel
from medspa_desktop.ui.ops import GENERIC_FAILURE, QueryOp
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import button, label


class StaffExit(QWidget):
    """``verified(display_name)`` after a right PIN; ``back`` to return to the client."""

    verified = Signal(str)
    back = Signal()

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session = session
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 8, 32, 16)
        top = QHBoxLayout()
        top.addWidget(label("Staff only: leave kiosk mode", "formTitle", wrap=True), 1)
        self.back_button = button("Back to the forms")
        self.back_button.clicked.connect(self.back)
        top.addWidget(self.back_button)
        column.addLayout(top)
        self.panel = PinSwitchPanel()
        self.panel.pad.ok.setText("Leave kiosk mode")
        self.panel.pin_entered.connect(self._check)
        column.addWidget(self.panel, 1)
        self.error = label("", "fieldError", wrap=True)
        column.addWidget(self.error)

    def start(self) -> None:
        """Fetch who may leave kiosk mode here, and start afresh."""
        self.panel.reset()
        self.error.setText("")
        choices = self.session.unit_of_work(lambda uow: auth.quick_switch_choices(uow=uow))
        QueryOp(self, choices).success(self.panel.show_choices).run()

    def _check(self, staff_id: str, pin: str) -> None:
        self.panel.pad.setEnabled(False)
        QueryOp(self, self.session.unit_of_work(staff_pin_check(staff_id, pin))).success(
            self._verified
        ).failure(self._refused).run()

    def _verified(self, display_name: str) -> None:
        self.panel.reset()
        self.verified.emit(display_name)

    def _refused(self, err: BaseException) -> None:
        self.panel.pad.clear()
        self.panel.pad.setEnabled(True)
        self.error.setText(str(err) if isinstance(err, ServiceError) else GENERIC_FAILURE)
