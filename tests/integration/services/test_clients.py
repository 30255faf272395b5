"""Clients: validation, normalised contact details, changed-fields sync, medical privacy."""

from __future__ import annotations

import datetime as dt

import pytest

from medspa_desktop.domain.actor import Role
from medspa_desktop.services.clients import (
    CreateClient,
    ListClients,
    SetMarketingConsent,
    UpdateClient,
    create_client,
    get_client_profile,
    list_clients,
    search_clients,
    set_marketing_consent,
    update_client,
)
from medspa_desktop.services.errors import NotFound, PermissionDenied, ValidationError
from medspa_desktop.services.organisation import UpdateOrganisation, update_organisation

from .helpers import audit_entries, last_audit, mutations

ALLERGY = "Lidocaine — anaphylaxis 2019"


def run(clinic, service, cmd, actor):
    with clinic.store.uow() as uow:
        return service(cmd, uow=uow, actor=actor)


def add(clinic, actor=None, **fields):
    values = {"first_name": "Ada", "last_name": "Lovelace", **fields}
    return run(clinic, create_client, CreateClient(**values), actor or clinic.owner)


def test_new_client_contact_details_are_normalised(clinic):
    profile = add(clinic, phone="(212) 555-0123", email=" Ada@EXAMPLE.com ", first_name=" Ada ")
    assert (profile.first_name, profile.phone, profile.email) == (
        "Ada",
        "+12125550123",
        "Ada@example.com",
    )
    [created] = mutations(clinic.store, "create_client")
    assert created.entity_id == profile.id and created.fields["phone"] == "+12125550123"
    entry = last_audit(clinic.store)
    assert (entry.action, entry.entity_id, entry.outcome) == ("client.create", profile.id, "ok")


def test_phone_without_country_code_is_read_in_the_organisation_country(clinic):
    run(clinic, update_organisation, UpdateOrganisation(default_country="gb"), clinic.owner)
    assert add(clinic, phone="020 7946 0958").phone == "+442079460958"
    assert add(clinic, phone="+1 212 555 0123").phone == "+12125550123"


def test_every_bad_field_is_reported_at_once(clinic):
    tomorrow = dt.date.today() + dt.timedelta(days=3)
    cmd = CreateClient("  ", "", phone="555-12", email="ada@@example", date_of_birth=tomorrow)
    with pytest.raises(ValidationError) as caught:
        run(clinic, create_client, cmd, clinic.owner)
    errors = caught.value.field_errors
    assert set(errors) == {"first_name", "last_name", "phone", "email", "date_of_birth"}
    assert errors["first_name"] == "Enter the first name."
    assert "future" in errors["date_of_birth"]
    assert mutations(clinic.store, "create_client") == []


def test_implausibly_old_birth_date_is_refused(clinic):
    with pytest.raises(ValidationError) as caught:
        add(clinic, date_of_birth=dt.date(1890, 1, 1))
    assert set(caught.value.field_errors) == {"date_of_birth"}


def test_update_queues_only_the_changed_fields(clinic):
    profile = add(clinic, email="ada@example.com", notes="Prefers mornings")
    cmd = UpdateClient(
        profile.id,
        email="ada@example.com",
        phone="212 555 0199",
        date_of_birth=dt.date(1985, 12, 10),
    )
    updated = run(clinic, update_client, cmd, clinic.owner)
    assert updated.phone == "+12125550199" and updated.notes == "Prefers mornings"
    [mutation] = mutations(clinic.store, "update_client_fields")
    assert mutation.fields == {"phone": "+12125550199", "date_of_birth": "1985-12-10"}
    assert last_audit(clinic.store).detail == "changed: date_of_birth, phone"
    run(clinic, update_client, cmd, clinic.owner)
    assert len(mutations(clinic.store, "update_client_fields")) == 1


def test_fields_can_be_cleared(clinic):
    profile = add(clinic, phone="212 555 0123", date_of_birth=dt.date(1990, 1, 1))
    cleared = run(
        clinic, update_client, UpdateClient(profile.id, phone="", date_of_birth=None), clinic.owner
    )
    assert (cleared.phone, cleared.date_of_birth) == ("", None)


def test_front_desk_sees_allergies_but_not_medications(clinic):
    profile = add(
        clinic, allergies=ALLERGY, medical_flags=("anticoagulants",), medications="Warfarin 5 mg"
    )
    desk = clinic.add_staff(Role.FRONT_DESK)
    nurse = clinic.add_staff(Role.PRACTITIONER)
    with clinic.store.uow() as uow:
        seen_by_desk = get_client_profile(profile.id, uow=uow, actor=desk)
        seen_by_nurse = get_client_profile(profile.id, uow=uow, actor=nurse)
    assert seen_by_desk.allergies == ALLERGY and seen_by_desk.medical_flags == ("anticoagulants",)
    assert seen_by_desk.medications is None
    assert seen_by_nurse.medications == "Warfarin 5 mg"


def test_every_profile_opening_is_audited_without_clinical_text(clinic):
    profile = add(clinic, allergies=ALLERGY, medications="Warfarin 5 mg")
    desk = clinic.add_staff(Role.FRONT_DESK)
    with clinic.store.uow() as uow:
        get_client_profile(profile.id, uow=uow, actor=desk)
        get_client_profile(profile.id, uow=uow, actor=clinic.owner)
    reads = audit_entries(clinic.store, entity_id=profile.id)[-2:]
    assert [(e.action, e.staff_id) for e in reads] == [
        ("client.view", desk.staff_id),
        ("client.view_medical", clinic.owner.staff_id),
    ]
    details = " ".join(e.detail for e in audit_entries(clinic.store))
    assert "Lidocaine" not in details and "Warfarin" not in details


def test_front_desk_may_change_contact_details_but_not_medical_details(clinic):
    profile = add(clinic, allergies="None known")
    desk = clinic.add_staff(Role.FRONT_DESK)
    run(clinic, update_client, UpdateClient(profile.id, phone="212 555 0100"), desk)
    with pytest.raises(PermissionDenied, match="allergies"):
        run(clinic, update_client, UpdateClient(profile.id, allergies="Latex"), desk)
    with pytest.raises(PermissionDenied):
        add(clinic, desk, allergies="Latex")
    run(clinic, update_client, UpdateClient(profile.id, allergies="None known"), desk)
    assert last_audit(clinic.store).outcome == "denied"
    nurse = clinic.add_staff(Role.PRACTITIONER)
    assert (
        run(clinic, update_client, UpdateClient(profile.id, allergies="Latex"), nurse).allergies
        == "Latex"
    )


def test_list_is_sorted_by_last_then_first_name_with_the_total(clinic):
    for first, last in [("Zoe", "adams"), ("Bea", "Baker"), ("Al", "Adams"), ("Cy", "Carter")]:
        add(clinic, first_name=first, last_name=last)
    with clinic.store.uow() as uow:
        first_page = list_clients(ListClients(offset=0, limit=3), uow=uow, actor=clinic.owner)
        second_page = list_clients(ListClients(offset=3, limit=3), uow=uow, actor=clinic.owner)
    assert first_page.total == second_page.total == 4
    assert [c.display_name for c in first_page.items] == ["Adams, Al", "adams, Zoe", "Baker, Bea"]
    assert [c.display_name for c in second_page.items] == ["Carter, Cy"]


def test_search_finds_clients_by_name_and_phone(clinic):
    ada = add(clinic, phone="212 555 0123")
    add(clinic, first_name="Grace", last_name="Hopper", allergies="Latex")
    with clinic.store.uow() as uow:
        by_name = search_clients("hop", uow=uow, actor=clinic.owner)
        by_phone = search_clients("555 0123", uow=uow, actor=clinic.owner)
    assert [c.last_name for c in by_name] == ["Hopper"] and by_name[0].has_medical_alerts
    assert [c.id for c in by_phone] == [ada.id]


def test_marketing_consent_keeps_its_history_and_the_latest_wins(clinic):
    profile = add(clinic)
    desk = clinic.add_staff(Role.FRONT_DESK)
    run(clinic, set_marketing_consent, SetMarketingConsent(profile.id, "sms", True), desk)
    latest = run(
        clinic,
        set_marketing_consent,
        SetMarketingConsent(profile.id, "sms", False, source="unsubscribe"),
        desk,
    )
    assert latest.marketing_consent == {"sms": False}
    history = mutations(clinic.store, "record_marketing_consent")
    assert [(m.fields["granted"], m.fields["source"]) for m in history] == [
        (True, "front_desk"),
        (False, "unsubscribe"),
    ]
    with pytest.raises(ValidationError):
        run(clinic, set_marketing_consent, SetMarketingConsent(profile.id, "fax", True), desk)


def test_unknown_client_is_not_found(clinic):
    with clinic.store.uow() as uow, pytest.raises(NotFound, match="Search for the client"):
        get_client_profile("01900000-0000-7000-8000-000000000000", uow=uow, actor=clinic.owner)
