"""A manager's approval at the desk: a manager or owner picks their name and types their
PIN (the quick switch's keypad), and the discount is applied as them, so it is audited and
stored as approved by them. Their PIN session ends as soon as it is applied, and the desk
carries on as itself. GUI thread; the work runs on the database worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.services import auth
from medspa_desktop.services.errors import LoginFailed, LoginThrottled, ServiceError
from medspa_desktop.services.tickets_read import TicketView
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.dialogs import FittedDialog
from medspa_desktop.ui.login_pin import PinSwitchPanel
from medspa_desktop.ui.ops import QueryOp, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import button, button_row, label

APPROVERS = (Role.MANAGER, Role.OWNER)
NOBODY_WITH_PIN = (
    "No manager or owner here has a PIN yet. Ask one to log in and apply the discount, or "
    "give a smaller one."
)
Apply = Callable[[UnitOfWork, Actor], TicketView]


def apply_as(
    store_uow: Callable[[], UnitOfWork], pin: auth.SwitchWithPin, apply: Apply
) -> TicketView:
    """Check the PIN, run ``apply`` as that person, end their session. Database worker."""
    with store_uow() as uow:
        approver = auth.switch_with_pin(pin, uow=uow)
    try:
        with store_uow() as uow:
            return apply(uow, approver.actor)
    finally:
        with store_uow() as uow:
            auth.log_out(approver, uow=uow)


class ManagerApproval(FittedDialog):
    """Emits ``approved(TicketView)`` once a manager's PIN applied the change."""

    approved = Signal(object)

    def __init__(self, parent: QWidget, session: AppSession, what: str, apply: Apply) -> None:
        super().__init__(parent)
        self.setWindowTitle("Manager approval")
        self.setMinimumWidth(620)
        self._session, self._apply = session, apply
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 18, 24, 18)
        column.addWidget(label("Manager approval", "title"))
        column.addWidget(label(what, wrap=True))
        self.panel = PinSwitchPanel()
        self.panel.pad.ok.setText("Approve")
        self.panel.pin_entered.connect(self._entered)
        column.addWidget(self.panel, 1)
        self.error = label("", "fieldError", wrap=True)
        column.addWidget(self.error)
        back = button("Cancel")
        back.clicked.connect(self.reject)
        column.addLayout(button_row(back))
        QueryOp(self, session.unit_of_work(lambda uow: auth.quick_switch_choices(uow=uow))).success(
            self._show_choices
        ).run()

    def _show_choices(self, choices: list[auth.PinChoice]) -> None:
        approvers = [choice for choice in choices if choice.role in APPROVERS]
        self.panel.show_choices(approvers)
        self.panel.none_yet.setText(NOBODY_WITH_PIN)

    def _entered(self, staff_id: str, pin: str) -> None:
        command = auth.SwitchWithPin(staff_id, pin)
        store_uow, apply = self._session.store.uow, self._apply
        self.error.clear()
        self.panel.setEnabled(False)
        QueryOp(self, lambda: apply_as(store_uow, command, apply)).success(self._done).failure(
            self._refused
        ).run()

    def _done(self, ticket: TicketView) -> None:
        self.approved.emit(ticket)
        self.accept()

    def _refused(self, err: BaseException) -> None:
        self.panel.setEnabled(True)
        self.panel.pad.clear()
        self.panel.pad.setFocus()
        if isinstance(err, LoginFailed | LoginThrottled | ServiceError):
            self.error.setText(str(err))
        else:
            show_failure(self, err, "Not approved")
