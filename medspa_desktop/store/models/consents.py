"""Consent forms (versioned templates, signed copies) and intake questionnaires."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from medspa_desktop.store.models.base import Base, Synced, utcnow


class ConsentTemplate(Synced, Base):
    """A consent form; its wording lives in numbered ``ConsentTemplateVersion`` rows."""

    __tablename__ = "consent_template"
    __table_args__ = (UniqueConstraint("org_id", "code"),)

    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    service_category_id: Mapped[str | None] = mapped_column(
        ForeignKey("service_category.id"), default=None
    )
    valid_months: Mapped[int | None] = mapped_column(Integer, default=None)
    """How long a signature stays valid; ``None`` means until withdrawn."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ConsentTemplateVersion(Synced, Base):
    """The exact wording a client signs; never edited once a client has signed it."""

    __tablename__ = "consent_template_version"
    __table_args__ = (UniqueConstraint("template_id", "version"),)

    template_id: Mapped[str] = mapped_column(ForeignKey("consent_template.id"))
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)


class SignedConsent(Synced, Base):
    """A client's signature on one template version; the signature image and the PDF are
    blobs. ``content_hash`` is SHA-256 over the wording, printed name and signature hash, so
    the signed record can be proven unchanged.
    """

    __tablename__ = "signed_consent"
    __table_args__ = (Index(None, "client_id", "template_version_id"),)

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"))
    template_version_id: Mapped[str] = mapped_column(ForeignKey("consent_template_version.id"))
    appointment_id: Mapped[str | None] = mapped_column(ForeignKey("appointment.id"), default=None)
    signed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    printed_name: Mapped[str] = mapped_column(String(200))
    signature_sha256: Mapped[str] = mapped_column(String(64))
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    witness_staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    expires_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class IntakeForm(Synced, Base):
    """A health questionnaire. ``questions`` is a list of
    ``{"key", "label", "type": "text|yes_no|choice|date", "choices": [...], "required"}``.
    """

    __tablename__ = "intake_form"
    __table_args__ = (UniqueConstraint("org_id", "code", "version"),)

    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class IntakeResponse(Synced, Base):
    """A client's answers (``{question key: answer}``); a resubmission is a new ``version``."""

    __tablename__ = "intake_response"
    __table_args__ = (Index(None, "client_id", "intake_form_id"),)

    client_id: Mapped[str] = mapped_column(ForeignKey("client.id"))
    intake_form_id: Mapped[str] = mapped_column(ForeignKey("intake_form.id"))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), default=None)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(default=None)
