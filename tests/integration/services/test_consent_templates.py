"""Consent forms: a manager writes a form and new versions of its wording; wording with an
unknown merge field, broken markup or unprintable characters is refused; a version's text is
never changed, only followed by a new version."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.consent_templates import (
    AddConsentVersion,
    CreateConsentTemplate,
    UpdateConsentTemplate,
    add_consent_version,
    consent_version,
    create_consent_template,
    list_consent_templates,
    update_consent_template,
)
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.store.models import ConsentTemplateVersion

from .helpers import audit_entries, mutations

BODY = "I, {client_name}, consent to {service} on {date}.\n\n- I may withdraw at any time."


def create(clinic, actor, **changes):
    fields = {"code": "filler", "name": "Filler consent", "body": BODY, "valid_months": 12}
    with clinic.store.uow() as uow:
        return create_consent_template(
            CreateConsentTemplate(**{**fields, **changes}), uow=uow, actor=actor
        )


def add_version(clinic, actor, template_id, body):
    with clinic.store.uow() as uow:
        return add_consent_version(AddConsentVersion(template_id, body), uow=uow, actor=actor)


def test_a_manager_writes_a_form_and_it_is_listed_with_version_one(clinic):
    manager = clinic.add_staff(Role.MANAGER)
    made = create(clinic, manager)
    assert (made.code, made.valid_months, made.current_version, made.active) == (
        "filler",
        12,
        1,
        True,
    )
    with clinic.store.uow() as uow:
        listed = list_consent_templates(uow=uow, actor=clinic.add_staff(Role.FRONT_DESK))
    assert [t.id for t in listed] == [made.id]
    assert [m.entity_id for m in mutations(clinic.store, "create_consent_template")] == [made.id]
    (version,) = mutations(clinic.store, "create_consent_template_version")
    assert version.entity_id == made.current_version_id and version.fields["body"] == BODY
    actions = {e.action for e in audit_entries(clinic.store, staff_id=manager.staff_id)}
    assert actions == {"consent.manage_templates"}


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("I, {client}, agree.", "{client} is not a merge field"),
        ("I **agree.", "Close the bold"),
        ("Łukasz agrees.", "cannot be printed"),
        ("   ", "Write the consent wording"),
    ],
)
def test_wording_that_cannot_be_signed_is_refused_when_written(clinic, body, says):
    with pytest.raises(ValidationError) as err:
        create(clinic, clinic.owner, body=body)
    assert says in err.value.field_errors["body"]
    made = create(clinic, clinic.owner)
    with pytest.raises(ValidationError) as err:
        add_version(clinic, clinic.owner, made.id, body)
    assert says in err.value.field_errors["body"]


def test_codes_months_and_names_are_checked(clinic):
    create(clinic, clinic.owner)
    with pytest.raises(ValidationError) as err:
        create(clinic, clinic.owner, name=" ", valid_months=0)
    assert set(err.value.field_errors) == {"code", "name", "valid_months"}
    with pytest.raises(ValidationError, match="lower-case"):
        create(clinic, clinic.owner, code="Filler Consent")


def test_new_wording_is_a_new_version_and_earlier_versions_never_change(clinic):
    made = create(clinic, clinic.owner)
    second = add_version(clinic, clinic.owner, made.id, BODY + "\n\nNo alcohol for a day.")
    assert second.version == 2 and second.merge_fields == ("client_name", "service", "date")
    with clinic.store.uow() as uow:
        first = consent_version(made.current_version_id, uow=uow, actor=clinic.owner)
        listed = list_consent_templates(uow=uow, actor=clinic.owner)
    assert first.body == BODY and first.version == 1
    assert listed[0].current_version_id == second.id and listed[0].current_version == 2
    with clinic.store.session_factory() as session:
        bodies = session.scalars(
            select(ConsentTemplateVersion.body).order_by(ConsentTemplateVersion.version)
        ).all()
    assert bodies == [BODY, BODY + "\n\nNo alcohol for a day."]
    assert mutations(clinic.store, "update_consent_template_version_fields") == []


def test_an_inactive_form_is_listed_only_when_asked(clinic):
    made = create(clinic, clinic.owner)
    with clinic.store.uow() as uow:
        update_consent_template(
            UpdateConsentTemplate(made.id, active=False), uow=uow, actor=clinic.owner
        )
    with clinic.store.uow() as uow:
        assert list_consent_templates(uow=uow, actor=clinic.owner) == ()
        everything = list_consent_templates(uow=uow, actor=clinic.owner, include_inactive=True)
    assert [t.active for t in everything] == [False]
