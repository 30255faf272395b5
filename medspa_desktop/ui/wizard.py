"""First run: create the organisation, its first location and the owner. No default account."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from medspa_desktop.services import setup
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.ui.ops import QueryOp, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.widgets import FieldErrors, label
from medspa_desktop.ui.wizard_pages import ClinicPage, LocationPage, OwnerPage


class FirstRunWizard(QWizard):
    """Emits ``clinic_set_up(ClinicSetUp)`` once everything was created and the owner is in."""

    clinic_set_up = Signal(object)

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self._session = session
        self.setWindowTitle("Set up MedSpa Desktop")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Create clinic")
        self.errors = FieldErrors(label("", "fieldError", wrap=True))
        self.clinic = ClinicPage(self.errors)
        self.location = LocationPage(self.errors)
        self.owner = OwnerPage(self.errors)
        self.owner.layout().addRow(self.errors.general)
        for page in (self.clinic, self.location, self.owner):
            self.addPage(page)
        self.resize(760, 600)

    def command(self) -> setup.SetUpClinic:
        return setup.SetUpClinic(
            organisation_name=self.clinic.name.text(),
            currency=self.clinic.currency.currentData(),
            default_country=self.clinic.country.currentData(),
            location_name=self.location.name.text(),
            time_zone=self.location.time_zone.value(),
            owner_display_name=self.owner.display_name.text(),
            owner_username=self.owner.username.text(),
            owner_password=self.owner.passwords.password.text(),
            owner_pin=self.owner.pin.text(),
        )

    def accept(self) -> None:
        """Create the clinic on the worker; the wizard closes only once that succeeded."""
        command = self.command()
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        QueryOp(
            self,
            self._session.unit_of_work(lambda uow: setup.set_up_clinic(command, uow=uow)),
        ).success(self._done).failure(self._refused).with_progress("Creating your clinic…").run()

    def _done(self, result: setup.ClinicSetUp) -> None:
        super().accept()
        self.clinic_set_up.emit(result)

    def _refused(self, err: BaseException) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        if not isinstance(err, ValidationError):
            show_failure(self, err, "Clinic not created")
            return
        self.errors.show(err.field_errors)
        for page_id in self.pageIds():
            page = self.page(page_id)
            if any(page.isAncestorOf(w) for w in self._bad_inputs()):
                while self.currentId() != page_id and self.currentId() != self.startId():
                    self.back()
                break

    def _bad_inputs(self) -> list[QWidget]:
        pages = (self.clinic, self.location, self.owner)
        return [w for p in pages for w in p.findChildren(QWidget) if w.property("invalid")]
