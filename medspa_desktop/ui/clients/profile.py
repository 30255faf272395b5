"""A client's profile: allergies and medical flags first, then the client's record in tabs:
contact details and marketing consent, consents, intake, charts and photos."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.services.clients import ClientProfile
from medspa_desktop.ui.clients.model import display_date, display_phone
from medspa_desktop.ui.clients.record import ClientRecord
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.shortcuts import EDIT, native
from medspa_desktop.ui.widgets import AlertBanner, button, label

CHANNELS = (("email", "E-mail"), ("sms", "Text messages (SMS)"), ("post", "Post"))


def age_on(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class _Card(QFrame):
    """A white card with a heading and label/value rows."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setProperty("card", True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.addWidget(label(title, "subtitle"))
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(18)
        self.form.setVerticalSpacing(6)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self._values: dict[str, QLabel] = {}

    def row(self, name: str) -> QLabel:
        value = label("", wrap=True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._values[name] = value
        self.form.addRow(label(name, "hint"), value)
        return value

    def value(self, name: str) -> str:
        return self._values[name].text()

    def set(self, name: str, text: str, missing: str = "Not recorded") -> None:
        self._values[name].setText(text or missing)


class ClientProfileView(QWidget):
    """Read-only profile; ``edit_requested`` (Ctrl+E) and ``back_requested`` (Esc)."""

    edit_requested = Signal()
    back_requested = Signal()

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.setObjectName("Page")
        self.profile: ClientProfile | None = None
        self._country = session.country
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(self._header())
        self.allergies = AlertBanner("danger")
        self.flags = AlertBanner("warning")
        self.no_alerts = label("", "hint")
        for widget in (self.allergies, self.flags, self.no_alerts):
            layout.addWidget(widget)
        details = QWidget()
        details.setLayout(self._cards())
        self.record = ClientRecord(session, details)
        layout.addWidget(self.record, 1)
        shortcut = QShortcut(QKeySequence(EDIT), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.edit_requested)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.back_requested)

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        back = button("← Client list")
        back.setToolTip("Back to the client list (Esc)")
        back.clicked.connect(self.back_requested)
        self.name = label("", "title")
        self.since = label("", "hint")
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.name)
        names.addWidget(self.since)
        self.edit_button = button(f"Edit  ({native(EDIT)})", "primary")
        self.edit_button.clicked.connect(self.edit_requested)
        row.addWidget(back, 0, Qt.AlignmentFlag.AlignTop)
        row.addSpacing(12)
        row.addLayout(names, 1)
        row.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _cards(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setContentsMargins(12, 12, 12, 12)
        grid.setSpacing(12)
        self.contact = _Card("Contact")
        for name in ("Phone", "E-mail", "Address", "Date of birth", "Pronouns"):
            self.contact.row(name)
        self.marketing = _Card("Marketing consent")
        for _, title in CHANNELS:
            self.marketing.row(title)
        self.medical = _Card("Medications")
        self.medical.row("Current")
        self.about = _Card("About")
        for name in ("Notes", "Tags", "Referred by"):
            self.about.row(name)
        grid.addWidget(self.contact, 0, 0)
        grid.addWidget(self.marketing, 0, 1)
        grid.addWidget(self.about, 1, 0)
        grid.addWidget(self.medical, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(2, 1)
        return grid

    def show_profile(self, profile: ClientProfile, *, again: bool = False) -> None:
        """Show ``profile``; its record tabs are read ``again`` when the client is reopened."""
        self.profile = profile
        known = f" “{profile.preferred_name}”" if profile.preferred_name else ""
        self.name.setText(f"{profile.first_name}{known} {profile.last_name}")
        full_name = f"{profile.first_name} {profile.last_name}".strip()
        self.record.show_client(profile.id, full_name, again=again)
        self.since.setText(f"Client since {display_date(profile.created_at.date())}")
        self._show_alerts(profile)
        self._show_contact(profile)
        for channel, title in CHANNELS:
            granted = profile.marketing_consent.get(channel, False)
            self.marketing.set(title, "✓ Yes" if granted else "No")
        self.about.set("Notes", profile.notes, "No notes")
        self.about.set("Tags", ", ".join(profile.tags), "None")
        self.about.set("Referred by", profile.referral_source)
        self.medical.setVisible(profile.medications is not None)
        self.medical.set("Current", profile.medications or "", "None recorded")

    def _show_alerts(self, profile: ClientProfile) -> None:
        allergies = profile.allergies.strip()
        self.allergies.set_message("⚠ Allergies", allergies)
        self.allergies.setVisible(bool(allergies))
        self.flags.set_message("⚠ Medical flags", "  •  ".join(profile.medical_flags))
        self.flags.setVisible(bool(profile.medical_flags))
        self.no_alerts.setText("No allergies or medical flags recorded.")
        self.no_alerts.setVisible(not allergies and not profile.medical_flags)

    def _show_contact(self, profile: ClientProfile) -> None:
        self.contact.set("Phone", display_phone(profile.phone, self._country))
        self.contact.set("E-mail", profile.email)
        self.contact.set("Address", profile.address)
        born = profile.date_of_birth
        age = f"  (age {age_on(born, dt.date.today())})" if born else ""
        self.contact.set("Date of birth", display_date(born) + age)
        self.contact.set("Pronouns", profile.pronouns)

    def clear(self) -> None:
        """Forget the client shown (the screen was locked for someone else)."""
        self.profile = None
        self.name.clear()
        self.record.forget()
