"""The inputs of the client form, and reading them back as the clients service expects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from medspa_desktop.services.clients import ClientProfile


def date_pattern(country: str) -> str:
    """How people in the clinic's country write a date: month first only in the US."""
    return "%m/%d/%Y" if country.upper() in {"US", "PH", "FM", "PW", "MH"} else "%d/%m/%Y"


def date_hint(country: str) -> str:
    return "MM/DD/YYYY" if date_pattern(country).startswith("%m") else "DD/MM/YYYY"


def parse_date(text: str, country: str) -> dt.date | None:
    """A typed date in the country's order, or ISO (1985-03-24); ``ValueError`` if neither."""
    cleaned = text.strip().replace("-", "/").replace(".", "/")
    if not cleaned:
        return None
    for pattern in ("%Y/%m/%d", date_pattern(country)):
        try:
            return dt.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise ValueError(
        f"Type the date of birth as {date_hint(country)}, for example a year of 4 digits."
    )


def format_date(day: dt.date | None, country: str) -> str:
    return day.strftime(date_pattern(country)) if day else ""


def split_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 16)
    return box


@dataclass
class ClientInputs:
    """Every input of the form, named as the service's fields."""

    first_name: QLineEdit
    last_name: QLineEdit
    preferred_name: QLineEdit
    pronouns: QLineEdit
    date_of_birth: QLineEdit
    phone: QLineEdit
    email: QLineEdit
    address: QPlainTextEdit
    referral_source: QLineEdit
    allergies: QPlainTextEdit
    medical_flags: QLineEdit
    medications: QPlainTextEdit
    notes: QPlainTextEdit
    tags: QLineEdit
    consent_email: QCheckBox
    consent_sms: QCheckBox
    consent_post: QCheckBox

    @classmethod
    def make(cls) -> ClientInputs:
        return cls(
            first_name=QLineEdit(),
            last_name=QLineEdit(),
            preferred_name=QLineEdit(),
            pronouns=QLineEdit(),
            date_of_birth=QLineEdit(),
            phone=QLineEdit(),
            email=QLineEdit(),
            address=text_box(2),
            referral_source=QLineEdit(),
            allergies=text_box(2),
            medical_flags=QLineEdit(),
            medications=text_box(2),
            notes=text_box(3),
            tags=QLineEdit(),
            consent_email=QCheckBox("E-mail"),
            consent_sms=QCheckBox("Text messages (SMS)"),
            consent_post=QCheckBox("Post"),
        )

    def widgets(self) -> list[QWidget]:
        return list(vars(self).values())

    def snapshot(self) -> tuple[object, ...]:
        """Everything typed or ticked, to tell whether anything changed since ``fill``."""
        return tuple(
            w.text() if isinstance(w, QLineEdit)
            else w.toPlainText() if isinstance(w, QPlainTextEdit)
            else w.isChecked()
            for w in self.widgets()
        )  # fmt: skip

    def consent(self) -> dict[str, bool]:
        return {
            "email": self.consent_email.isChecked(),
            "sms": self.consent_sms.isChecked(),
            "post": self.consent_post.isChecked(),
        }

    def fill(self, profile: ClientProfile | None, country: str) -> None:
        """Show ``profile`` (or blanks for a new client)."""
        for widget in self.widgets():
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.clear()
            else:
                widget.setChecked(False)
        if profile is None:
            return
        for name in ("first_name", "last_name", "preferred_name", "pronouns", "phone",
                     "email", "referral_source"):  # fmt: skip
            getattr(self, name).setText(getattr(profile, name))
        self.date_of_birth.setText(format_date(profile.date_of_birth, country))
        self.address.setPlainText(profile.address)
        self.allergies.setPlainText(profile.allergies)
        self.medical_flags.setText(", ".join(profile.medical_flags))
        self.medications.setPlainText(profile.medications or "")
        self.notes.setPlainText(profile.notes)
        self.tags.setText(", ".join(profile.tags))
        self.consent_email.setChecked(profile.marketing_consent.get("email", False))
        self.consent_sms.setChecked(profile.marketing_consent.get("sms", False))
        self.consent_post.setChecked(profile.marketing_consent.get("post", False))

    def values(self, country: str) -> dict[str, Any]:
        """What the form holds, as service values; ``ValueError`` for an unreadable date."""
        return {
            "first_name": self.first_name.text(),
            "last_name": self.last_name.text(),
            "preferred_name": self.preferred_name.text(),
            "pronouns": self.pronouns.text(),
            "date_of_birth": parse_date(self.date_of_birth.text(), country),
            "phone": self.phone.text(),
            "email": self.email.text(),
            "address": self.address.toPlainText(),
            "referral_source": self.referral_source.text(),
            "allergies": self.allergies.toPlainText(),
            "medical_flags": split_list(self.medical_flags.text()),
            "medications": self.medications.toPlainText(),
            "notes": self.notes.toPlainText(),
            "tags": split_list(self.tags.text()),
        }
