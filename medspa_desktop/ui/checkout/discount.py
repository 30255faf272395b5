"""A discount on one line (Ctrl+D): a percent or an amount off, and the reason the
location asks for above its first limit. Above the second limit the front desk is told
that a manager or owner must apply it, and a manager can approve it here with their PIN.
GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.money import Money
from medspa_desktop.services import ticket_discounts as td
from medspa_desktop.services.errors import PermissionDenied
from medspa_desktop.services.tickets_read import LineView, TicketView
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.checkout.actions import EDITED
from medspa_desktop.ui.checkout.amounts import percent_bp
from medspa_desktop.ui.checkout.approval import ManagerApproval
from medspa_desktop.ui.checkout.words import MANAGER_NEEDED, money, percent
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.common import RecordDialog
from medspa_desktop.ui.widgets import AlertBanner, button

KINDS = (("percent", "Percent off"), ("amount", "Amount off"))


class DiscountDialog(RecordDialog):
    """Emits ``saved(TicketView)`` when the discount is on the line (or taken off)."""

    def __init__(
        self, parent: QWidget, session: AppSession, ticket: TicketView, line: LineView
    ) -> None:
        super().__init__(parent, session, f"Discount: {line.description}", EDITED)
        self.ticket, self.line = ticket, line
        self.save_button.setText("Apply discount")
        self.kind: QComboBox = self.field("Discount", "kind", QComboBox())
        for kind, text in KINDS:
            self.kind.addItem(text, kind)
        self.value = self.field("Percent or amount", "value", QLineEdit())
        self.value.setPlaceholderText("e.g. 10 (percent) or 25.00 (amount)")
        self.value.setInputMethodHints(Qt.InputMethodHint.ImhPreferNumbers)
        self.reason = self.field("Reason", "reason", QLineEdit(line.discount_reason))
        self.reason.setPlaceholderText("e.g. Loyalty, service recovery, staff")
        self._fill(line)
        self.manager = self._manager_panel()
        if line.discount_kind:
            remove = button("Remove discount")
            remove.clicked.connect(self._remove)
            self.form.addRow("", remove)
        self.value.setFocus()

    def _fill(self, line: LineView) -> None:
        if line.discount_kind == "percent":
            self.value.setText(percent(line.discount_value).replace(" %", ""))
        elif line.discount_kind == "amount":
            self.kind.setCurrentIndex(1)
            self.value.setText(money(line.discount_value, self.ticket.currency).split(" ")[1])

    def _manager_panel(self) -> QWidget:
        panel = QWidget()
        row = QHBoxLayout(panel)
        row.setContentsMargins(0, 0, 0, 0)
        self.manager_banner = AlertBanner("danger", MANAGER_NEEDED)
        self.ask_button = button("Manager approval…", "primary")
        self.ask_button.clicked.connect(self.ask_manager)
        row.addWidget(self.manager_banner, 1)
        row.addWidget(self.ask_button)
        panel.setVisible(False)
        column = self.layout()
        column.insertWidget(column.count() - 1, panel)  # above Cancel / Apply
        return panel

    def command(self) -> td.DiscountLine | None:
        kind = self.kind.currentData()
        try:
            if kind == "percent":
                value = percent_bp(self.value.text())
            else:
                value = Money.parse(self.value.text(), self.ticket.currency).minor
        except ValueError as err:
            self.show_errors({"value": f"{err}."})
            return None
        return td.DiscountLine(self.line.id, kind, value, self.reason.text())

    def call(self) -> ServiceCall[Any] | None:
        command = self.command()
        self.manager.setVisible(False)
        if command is None:
            return None
        return lambda uow, actor: td.discount_line(command, uow=uow, actor=actor)

    def _remove(self) -> None:
        command = td.DiscountLine(self.line.id, "")
        self.session.mutate(
            self, lambda uow, actor: td.discount_line(command, uow=uow, actor=actor), EDITED
        ).success(self._saved).failure(self._refused).run()

    def _refused(self, err: BaseException) -> None:
        if isinstance(err, PermissionDenied):
            self.save_button.setEnabled(True)
            self.errors.clear()
            self.manager_banner.set_message(MANAGER_NEEDED, str(err))
            self.manager.setVisible(True)
            self.ask_button.setFocus()
            return
        super()._refused(err)

    def ask_manager(self) -> ManagerApproval | None:
        command = self.command()
        if command is None:
            return None

        def apply(uow: UnitOfWork, actor: Actor) -> TicketView:
            return td.discount_line(command, uow=uow, actor=actor)

        off = (
            percent(command.value)
            if command.kind == "percent"
            else money(command.value, self.ticket.currency)
        )
        what = (
            f"{off} off {self.line.description} is over this location's limit. A manager or "
            "owner approves it with their PIN; it is recorded as theirs."
        )
        dialog = ManagerApproval(self, self.session, what, apply)
        dialog.approved.connect(self._saved)
        dialog.open()
        return dialog
