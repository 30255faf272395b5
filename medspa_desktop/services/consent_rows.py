"""Lookups the consent services share, and keeping a generated file in the blob store.

Public API (the caller's unit of work; one thread): ``get_template``, ``get_version``,
``current_version``, ``forms_of_service``, ``latest_signature``, ``get_signed``, ``org_name``,
``staff_name`` (blobs: ``blob_catalogue``).
"""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from medspa_desktop.services.errors import NotFound
from medspa_desktop.store.models import (
    ConsentTemplate,
    ConsentTemplateVersion,
    Organisation,
    ServiceItem,
    SignedConsent,
    Staff,
)
from medspa_desktop.store.uow import UnitOfWork


def get_template(uow: UnitOfWork, template_id: str, org_id: str) -> ConsentTemplate:
    row = uow.session.get(ConsentTemplate, template_id)
    if row is None or row.deleted or row.org_id != org_id:
        raise NotFound("That consent form no longer exists. Open the list of forms again.")
    return row


def get_version(uow: UnitOfWork, version_id: str, org_id: str) -> ConsentTemplateVersion:
    row = uow.session.get(ConsentTemplateVersion, version_id)
    if row is None or row.deleted or row.org_id != org_id:
        raise NotFound("That version of the consent form no longer exists.")
    return row


def current_version(uow: UnitOfWork, template_id: str) -> ConsentTemplateVersion | None:
    """The template's highest-numbered version (the wording clients sign now)."""
    return uow.session.scalars(
        select(ConsentTemplateVersion)
        .where(
            ConsentTemplateVersion.template_id == template_id,
            ConsentTemplateVersion.deleted.is_(False),
        )
        .order_by(ConsentTemplateVersion.version.desc())
        .limit(1)
    ).first()


def forms_of_service(uow: UnitOfWork, service: ServiceItem) -> list[ConsentTemplate]:
    """The consent forms a treatment needs, by name: the form it requires, and the active
    forms of its service category."""
    return list(
        uow.session.scalars(
            select(ConsentTemplate)
            .where(ConsentTemplate.org_id == service.org_id, ConsentTemplate.deleted.is_(False))
            .where(
                or_(
                    ConsentTemplate.id == service.required_consent_template_id,
                    and_(
                        ConsentTemplate.service_category_id == service.category_id,
                        ConsentTemplate.active.is_(True),
                    ),
                )
            )
            .order_by(ConsentTemplate.name, ConsentTemplate.id)
        )
    )


def latest_signature(uow: UnitOfWork, client_id: str, template_id: str) -> SignedConsent | None:
    """The client's latest signature on any version of the form: it decides the form's state."""
    return uow.session.scalars(
        select(SignedConsent)
        .join(
            ConsentTemplateVersion, ConsentTemplateVersion.id == SignedConsent.template_version_id
        )
        .where(ConsentTemplateVersion.template_id == template_id)
        .where(SignedConsent.client_id == client_id, SignedConsent.deleted.is_(False))
        .order_by(SignedConsent.signed_at.desc(), SignedConsent.id.desc())
        .limit(1)
    ).first()


def get_signed(uow: UnitOfWork, signed_id: str, org_id: str) -> SignedConsent:
    row = uow.session.get(SignedConsent, signed_id)
    if row is None or row.deleted or row.org_id != org_id:
        raise NotFound("That signed consent no longer exists.")
    return row


def org_name(uow: UnitOfWork, org_id: str) -> str:
    row = uow.session.get(Organisation, org_id)
    return row.name if row else ""


def staff_name(uow: UnitOfWork, staff_id: str | None) -> str:
    row = uow.session.get(Staff, staff_id) if staff_id else None
    return row.display_name if row else ""
