"""Dialogs of Settings → Staff: add someone, change a role, reset a password, set a PIN."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.passwords import pin_problem
from medspa_desktop.services import staff, staff_credentials
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.password_check import PasswordCheck
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.common import RecordDialog
from medspa_desktop.ui.widgets import label

STAFF_CHANGED = OpChanges.of(Changed.STAFF)

ROLE_HELP = {
    Role.FRONT_DESK: "books, checks in, takes payments; never sees clinical notes",
    Role.PRACTITIONER: "charts treatments, photos and consents",
    Role.MANAGER: "everything in the clinic, plus reports, staff and settings",
    Role.OWNER: "everything, including owners, organisation and restoring backups",
}


class RolePicker(QWidget):
    """The roles the logged-in person may hand out (only owners make owners), each explained."""

    def __init__(self, session: AppSession, current: Role = Role.FRONT_DESK) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.box = QComboBox()
        for role in Role:
            if role is Role.OWNER and not session.may(Action.STAFF_MANAGE_OWNERS):
                continue
            self.box.addItem(role.label, role)
        self.help = label("", "hint", wrap=True)
        column.addWidget(self.box)
        column.addWidget(self.help)
        self.box.currentIndexChanged.connect(self._explain)
        self.box.setCurrentIndex(max(self.box.findData(current), 0))
        self._explain()
        self.setFocusProxy(self.box)

    def role(self) -> Role:
        # NOTE: Qt hands a StrEnum back from item data as a plain str.
        return Role(self.box.currentData())

    def _explain(self) -> None:
        self.help.setText(ROLE_HELP[self.role()].capitalize() + ".")


def pin_input() -> QLineEdit:
    box = QLineEdit()
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setMaxLength(8)
    box.setPlaceholderText("4 to 8 digits")
    return box


class NewStaffDialog(RecordDialog):
    def __init__(self, parent: QWidget, session: AppSession) -> None:
        super().__init__(parent, session, "Add a member of staff", STAFF_CHANGED)
        self.display_name = self.field("Name", "display_name", QLineEdit())
        self.username = self.field("Username", "username", QLineEdit())
        self.role = self.field("Role", "role", RolePicker(session))
        self.title_box = self.field("Credential", "title", QLineEdit())
        self.title_box.setPlaceholderText("Shown on charts, e.g. RN, NP, MD (optional)")
        self.email = self.field("E-mail", "email", QLineEdit())
        self.passwords = PasswordCheck(self, self.username.text)
        self.field("Password", "password", self.passwords.password)
        self.form.addRow("", self.passwords.feedback)
        self.form.addRow("Repeat password", self.passwords.repeat)
        self.pin = self.field("PIN (optional)", "pin", pin_input())

    def call(self) -> ServiceCall[Any] | None:
        problem = self.passwords.problem()
        if problem:
            self.show_errors({"password": problem})
            return None
        command = staff.CreateStaff(
            username=self.username.text(),
            display_name=self.display_name.text(),
            role=self.role.role(),
            password=self.passwords.password.text(),
            pin=self.pin.text(),
            email=self.email.text(),
            title=self.title_box.text(),
            location_ids=(self.session.actor.location_id,)
            if self.session.actor.location_id
            else (),
        )
        return lambda uow, actor: staff.create_staff(command, uow=uow, actor=actor)


class RoleDialog(RecordDialog):
    def __init__(self, parent: QWidget, session: AppSession, person: staff.StaffSummary) -> None:
        super().__init__(parent, session, f"Change role: {person.display_name}", STAFF_CHANGED)
        self.person = person
        self.role = self.field("New role", "role", RolePicker(session, person.role))
        self.form.addRow(
            label("Their open sessions end at once; they log in again with the new role.",
                  "hint", wrap=True)
        )  # fmt: skip

    def call(self) -> ServiceCall[Any] | None:
        command = staff.ChangeRole(self.person.id, self.role.role())
        return lambda uow, actor: staff.change_role(command, uow=uow, actor=actor)


class ResetPasswordDialog(RecordDialog):
    def __init__(self, parent: QWidget, session: AppSession, person: staff.StaffSummary) -> None:
        super().__init__(parent, session, f"Reset password: {person.display_name}", STAFF_CHANGED)
        self.person = person
        self.passwords = PasswordCheck(self, lambda: person.username)
        self.field("New password", "new_password", self.passwords.password)
        self.form.addRow("", self.passwords.feedback)
        self.form.addRow("Repeat password", self.passwords.repeat)
        self.form.addRow(
            label("Tell them the new password in person. Their open sessions end at once.",
                  "hint", wrap=True)
        )  # fmt: skip

    def call(self) -> ServiceCall[Any] | None:
        problem = self.passwords.problem()
        if problem:
            self.show_errors({"new_password": problem})
            return None
        command = staff_credentials.ResetPassword(self.person.id, self.passwords.password.text())
        return lambda uow, actor: staff_credentials.reset_password(command, uow=uow, actor=actor)


class PinDialog(RecordDialog):
    def __init__(self, parent: QWidget, session: AppSession, person: staff.StaffSummary) -> None:
        super().__init__(parent, session, f"Set PIN: {person.display_name}", STAFF_CHANGED)
        self.person = person
        self.pin = self.field("New PIN", "pin", pin_input())
        self.form.addRow(
            label("A PIN lets them switch in quickly on a shared computer. Leave it empty to "
                  "remove their PIN.", "hint", wrap=True)
        )  # fmt: skip

    def call(self) -> ServiceCall[Any] | None:
        pin = self.pin.text()
        problem = pin_problem(pin) if pin else None
        if problem:
            self.show_errors({"pin": problem})
            return None
        command = staff_credentials.SetPin(self.person.id, pin)
        return lambda uow, actor: staff_credentials.set_pin(command, uow=uow, actor=actor)
