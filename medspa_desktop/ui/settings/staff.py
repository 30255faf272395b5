"""Settings → Staff: accounts, roles, passwords, PINs; disabling asks first."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from medspa_desktop.services import staff
from medspa_desktop.ui.ops import Changed
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.settings.common import ListPage, RecordTable
from medspa_desktop.ui.settings.staff_dialogs import (
    STAFF_CHANGED,
    NewStaffDialog,
    PinDialog,
    ResetPasswordDialog,
    RoleDialog,
)
from medspa_desktop.ui.widgets import confirmation_box, when_confirmed


def disable_question(person: staff.StaffSummary) -> str:
    return (
        f"Disable {person.display_name}'s account? They are logged out on every device at "
        "once and can't log in until a manager enables the account again. Their past "
        "appointments, charts and sales stay as they are."
    )


class StaffPage(ListPage):
    def __init__(self, session: AppSession) -> None:
        super().__init__(
            session,
            "Staff accounts",
            "Everyone logs in with their own account; the role decides what they see. "
            "Disabled accounts stay in the list so their history keeps its author.",
            (Changed.STAFF,),
        )
        self.people: dict[str, staff.StaffSummary] = {}
        self.table = RecordTable(("Name", "Username", "Role", "Credential", "PIN", "Status"))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_staff_button = self.add_button(
            "Add staff", lambda: NewStaffDialog(self, session).open(), "primary"
        )
        self.role_button = self.add_button("Change role", self._change_role)
        self.password_button = self.add_button("Reset password", self._reset_password)
        self.pin_button = self.add_button("Set PIN", self._set_pin)
        self.active_button = self.add_button("Disable account", self._toggle_active, "danger")
        self.finish_layout(self.table)
        self.reload()

    def reload(self) -> None:
        self.session.query(self, lambda uow, actor: staff.list_staff(uow=uow, actor=actor)).success(
            self._show
        ).run()

    def chosen(self) -> staff.StaffSummary | None:
        return self.people.get(self.table.selected_id() or "")

    def _show(self, people: list[staff.StaffSummary]) -> None:
        self.people = {p.id: p for p in people}
        self.table.show_rows([
            (p.id, (p.display_name, p.username, p.role.label, p.title or "—",
                    "Set" if p.has_pin else "None", "Active" if p.active else "Disabled"))
            for p in people
        ])  # fmt: skip
        self._selection_changed()

    def _selection_changed(self) -> None:
        person = self.chosen()
        for widget in (self.role_button, self.password_button, self.pin_button):
            widget.setEnabled(person is not None)
        self.active_button.setEnabled(person is not None)
        active = person is None or person.active
        self.active_button.setText("Disable account" if active else "Enable account")
        self.active_button.setProperty("role", "danger" if active else None)
        self.active_button.style().polish(self.active_button)

    def _change_role(self) -> None:
        if person := self.chosen():
            RoleDialog(self, self.session, person).open()

    def _reset_password(self) -> None:
        if person := self.chosen():
            ResetPasswordDialog(self, self.session, person).open()

    def _set_pin(self) -> None:
        if person := self.chosen():
            PinDialog(self, self.session, person).open()

    def disable_box(self, person: staff.StaffSummary) -> QMessageBox:
        return confirmation_box(
            self, "Disable account?", disable_question(person), "Disable account", danger=True
        )

    def _toggle_active(self) -> None:
        person = self.chosen()
        if person is None:
            return
        if person.active:
            box = self.disable_box(person)
            when_confirmed(box, lambda: self._set_active(person, active=False))
            box.open()
        else:
            self._set_active(person, active=True)

    def _set_active(self, person: staff.StaffSummary, *, active: bool) -> None:
        command = staff.EnableStaff(person.id) if active else staff.DisableStaff(person.id)
        service = staff.enable_staff if active else staff.disable_staff
        self.session.mutate(
            self, lambda uow, actor: service(command, uow=uow, actor=actor), STAFF_CHANGED
        ).run()
