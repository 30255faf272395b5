"""Lookups the consent services share, and keeping a generated file in the blob store.

Public API (the caller's unit of work; one thread): ``get_template``, ``get_version``,
``current_version``, ``get_signed``, ``org_name``, ``staff_name`` (blobs: ``blob_catalogue``).
"""

from __future__ import annotations

from sqlalchemy import select

from medspa_desktop.services.errors import NotFound
from medspa_desktop.store.models import (
    ConsentTemplate,
    ConsentTemplateVersion,
    Organisation,
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
