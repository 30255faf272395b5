"""The pages of the first-run wizard: clinic, first location, owner account."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from medspa_desktop.domain.passwords import pin_problem
from medspa_desktop.ui.password_check import PasswordCheck
from medspa_desktop.ui.tz_picker import TimeZonePicker
from medspa_desktop.ui.widgets import FieldErrors, label

CURRENCIES = [
    ("USD", "US dollar"),
    ("CAD", "Canadian dollar"),
    ("GBP", "Pound sterling"),
    ("EUR", "Euro"),
    ("AUD", "Australian dollar"),
    ("NZD", "New Zealand dollar"),
    ("CHF", "Swiss franc"),
    ("AED", "UAE dirham"),
    ("SGD", "Singapore dollar"),
]
COUNTRIES = [
    ("US", "United States"),
    ("CA", "Canada"),
    ("GB", "United Kingdom"),
    ("IE", "Ireland"),
    ("AU", "Australia"),
    ("NZ", "New Zealand"),
    ("DE", "Germany"),
    ("FR", "France"),
    ("ES", "Spain"),
    ("IT", "Italy"),
    ("NL", "Netherlands"),
    ("CH", "Switzerland"),
    ("AE", "United Arab Emirates"),
    ("SG", "Singapore"),
]


def _combo(choices: list[tuple[str, str]]) -> QComboBox:
    box = QComboBox()
    for code, name in choices:
        box.addItem(f"{name} ({code})", code)
    return box


def _page_form(page: QWizardPage, title: str, text: str) -> QFormLayout:
    """The page's own heading (larger and clearer than the wizard's) above its form."""
    form = QFormLayout(page)
    form.setVerticalSpacing(10)
    form.addRow(label(title, "title"))
    form.addRow(label(text, "hint", wrap=True))
    form.addItem(QSpacerItem(0, 8))
    return form


def _with_error(
    form: QFormLayout, errors: FieldErrors, title: str, name: str, widget: QWidget
) -> None:
    column = QVBoxLayout()
    column.setSpacing(2)
    column.addWidget(widget)
    column.addWidget(errors.register(name, widget))
    form.addRow(title, column)


class ClinicPage(QWizardPage):
    def __init__(self, errors: FieldErrors) -> None:
        super().__init__()
        form = _page_form(
            self,
            "Step 1 of 3: Your clinic",
            "Welcome to MedSpa Desktop. This sets up your clinic on this computer. There is "
            "no default account: the person setting it up becomes the owner.",
        )
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Lumière Aesthetics")
        self.currency = _combo(CURRENCIES)
        self.country = _combo(COUNTRIES)
        _with_error(form, errors, "Clinic name", "organisation_name", self.name)
        _with_error(form, errors, "Currency", "currency", self.currency)
        _with_error(form, errors, "Country", "default_country", self.country)
        form.addRow(label("The country is used to read phone numbers typed without +.", "hint"))
        self.registerField("organisation_name*", self.name)


class LocationPage(QWizardPage):
    def __init__(self, errors: FieldErrors) -> None:
        super().__init__()
        form = _page_form(
            self,
            "Step 2 of 3: Your first location",
            "Where this computer is. Add more locations later in Settings → Locations.",
        )
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Downtown")
        self.time_zone = TimeZonePicker()
        _with_error(form, errors, "Location name", "location_name", self.name)
        _with_error(form, errors, "Time zone", "time_zone", self.time_zone)
        self.registerField("location_name*", self.name)


class OwnerPage(QWizardPage):
    """The owner's account, with the password policy checked as it is typed."""

    def __init__(self, errors: FieldErrors) -> None:
        super().__init__()
        form = _page_form(
            self,
            "Step 3 of 3: Your owner account",
            "You will log in with this. Owners can add staff and change every setting.",
        )
        self.display_name = QLineEdit()
        self.username = QLineEdit()
        self.passwords = PasswordCheck(self, self.username.text)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText("Optional: 4 to 8 digits for quick switching")
        _with_error(form, errors, "Your name", "owner_display_name", self.display_name)
        _with_error(form, errors, "Username", "owner_username", self.username)
        _with_error(form, errors, "Password", "owner_password", self.passwords.password)
        form.addRow("", self.passwords.feedback)
        form.addRow("Repeat password", self.passwords.repeat)
        _with_error(form, errors, "PIN", "owner_pin", self.pin)
        self.username.textChanged.connect(self.passwords.check)
        self.pin.textChanged.connect(self.completeChanged)
        self.passwords.changed.connect(self.completeChanged)
        self.registerField("owner_display_name*", self.display_name)
        self.registerField("owner_username*", self.username)

    def problem(self) -> str | None:
        """Why the password or PIN can't be used yet, or ``None``."""
        return self.passwords.problem() or (
            pin_problem(self.pin.text()) if self.pin.text() else None
        )

    def isComplete(self) -> bool:
        return super().isComplete() and self.problem() is None
