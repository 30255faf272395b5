"""What the form editors in Settings rely on: every version of a chart template, consent form
or intake questionnaire can be read back; a built-in chart template saved before any chart
used it keeps its shared id and becomes version 2; a refused template or questionnaire names
the section, field or question each problem belongs to; a consent form is required for
exactly the treatments ticked, and the change is queued for sync."""

from __future__ import annotations

import pytest

from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.chart_builtin import BUILT_IN
from medspa_desktop.services.chart_templates import (
    SaveChartTemplate,
    chart_template_versions,
    list_chart_templates,
    save_chart_template,
    seed_chart_templates,
)
from medspa_desktop.services.consent_templates import (
    AddConsentVersion,
    CreateConsentTemplate,
    SetConsentServices,
    add_consent_version,
    consent_versions,
    create_consent_template,
    set_consent_services,
)
from medspa_desktop.services.errors import PermissionDenied, ValidationError
from medspa_desktop.services.intake_forms import (
    SaveIntakeForm,
    intake_form_versions,
    save_intake_form,
)
from medspa_desktop.services.intake_rules import IntakeQuestion
from medspa_desktop.services.service_menu import (
    CreateService,
    CreateServiceCategory,
    create_service,
    create_service_category,
    get_service_menu,
)

from .helpers import mutations

NOTES = {"key": "notes", "title": "Notes", "fields": [{"key": "n", "label": "N", "kind": "text"}]}


def run(clinic, call, *args, actor=None):
    with clinic.store.uow() as uow:
        return call(*args, uow=uow, actor=actor or clinic.owner)


def save_template(clinic, code, definition, actor=None):
    command = SaveChartTemplate(code, "Laser", ("laser",), definition)
    return run(clinic, save_chart_template, command, actor=actor)


def test_a_built_in_saved_before_any_chart_used_it_becomes_its_version_2(clinic):
    manager = clinic.add_staff(Role.MANAGER)
    saved = save_template(clinic, "laser_ipl", {"sections": [NOTES]}, actor=manager)
    seeded = run(clinic, seed_chart_templates)

    assert saved.version == 2 and seeded == len(BUILT_IN) - 1
    listed = [t for t in run(clinic, list_chart_templates) if t.code == "laser_ipl"]
    assert [t.template_id for t in listed] == [saved.template_id]
    versions = run(clinic, chart_template_versions, saved.template_id)
    assert [v.version for v in versions] == [2, 1]
    assert list(versions[0].schema.fields()) == ["n"]
    assert "fluence" in versions[1].schema.fields()


def test_the_versions_of_a_template_are_for_clinical_staff_only(clinic):
    saved = save_template(clinic, "tattoo", {"sections": [NOTES]})
    with pytest.raises(PermissionDenied):
        run(clinic, chart_template_versions, saved.template_id, actor=clinic.actor(Role.FRONT_DESK))
    practitioner = clinic.actor(Role.PRACTITIONER)
    [only] = run(clinic, chart_template_versions, saved.template_id, actor=practitioner)
    assert only.version == 1


def test_a_refused_template_names_the_section_and_field_of_each_problem(clinic):
    dose = {"key": "dose", "label": "", "kind": "choice"}
    definition = {
        "sections": [
            {"key": "empty", "title": "Empty", "fields": []},
            {"key": "dose", "title": "", "fields": [NOTES["fields"][0], dose]},
        ]
    }
    with pytest.raises(ValidationError) as refused:
        save_template(clinic, "tattoo", definition)

    errors = refused.value.field_errors
    assert errors["sections.0"] == "Add a field to this section, or remove the section."
    assert errors["sections.1"] == "Give this section a title."
    assert errors["sections.1.fields.1"] == (
        "This field needs a label. This field needs at least one choice."
    )
    assert "sections.1.fields.0" not in errors
    assert "needs at least one choice" in errors["definition"]
    assert run(clinic, list_chart_templates) == ()


def test_consent_versions_are_listed_newest_first_with_their_wording(clinic):
    made = run(clinic, create_consent_template, CreateConsentTemplate("peel", "Peel", "First."))
    run(clinic, add_consent_version, AddConsentVersion(made.id, "Second, {client_name}."))

    listed = run(clinic, consent_versions, made.id, actor=clinic.actor(Role.FRONT_DESK))
    assert [(v.version, v.body) for v in listed] == [(2, "Second, {client_name}."), (1, "First.")]
    assert listed[0].merge_fields == ("client_name",)


def test_a_consent_form_is_required_for_exactly_the_treatments_ticked(clinic):
    category = run(clinic, create_service_category, CreateServiceCategory("peel", "Peels"))
    peel, facial, laser = (
        run(clinic, create_service, CreateService(category.id, name, 30, 10000)).id
        for name in ("Peel", "Facial", "Laser")
    )
    old = run(clinic, create_consent_template, CreateConsentTemplate("old", "Old", "Old."))
    new = run(clinic, create_consent_template, CreateConsentTemplate("new", "New", "New."))
    run(clinic, set_consent_services, SetConsentServices(old.id, (facial, laser)))
    manager = clinic.add_staff(Role.MANAGER)

    done = run(
        clinic, set_consent_services, SetConsentServices(new.id, (peel, laser)), actor=manager
    )

    assert set(done) == {peel, laser}
    required = {
        s.id: s.required_consent_template_id for s in run(clinic, get_service_menu).services
    }
    assert required == {peel: new.id, facial: old.id, laser: new.id}
    run(clinic, set_consent_services, SetConsentServices(new.id, ()), actor=manager)
    required = {
        s.id: s.required_consent_template_id for s in run(clinic, get_service_menu).services
    }
    assert required == {peel: None, facial: old.id, laser: None}
    queued = mutations(clinic.store, "update_service_item_fields")
    assert {m.fields["required_consent_template_id"] for m in queued[-2:]} == {None}


def test_treatments_are_tied_to_forms_by_managers_only_and_only_to_treatments_that_exist(clinic):
    made = run(clinic, create_consent_template, CreateConsentTemplate("peel", "Peel", "Text."))
    with pytest.raises(PermissionDenied):
        run(
            clinic, set_consent_services, SetConsentServices(made.id, ()),
            actor=clinic.actor(Role.PRACTITIONER),
        )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        run(clinic, set_consent_services, SetConsentServices(made.id, ("no-such-treatment",)))
    assert "no longer on the menu" in refused.value.field_errors["service_ids"]


def test_every_version_of_a_questionnaire_is_listed_newest_first(clinic):
    first = (IntakeQuestion("allergies", "Any allergies?"),)
    second = (*first, IntakeQuestion("smoke", "Do you smoke?", "yes_no", required=True))
    for questions in (first, second):
        run(clinic, save_intake_form, SaveIntakeForm("history", "Medical history", questions))

    listed = run(clinic, intake_form_versions, "history", actor=clinic.actor(Role.FRONT_DESK))
    assert [(f.version, f.active, len(f.questions)) for f in listed] == [
        (2, True, 2),
        (1, False, 1),
    ]


def test_a_refused_questionnaire_names_each_question_at_fault(clinic):
    questions = (
        IntakeQuestion("allergies", "Any allergies?"),
        IntakeQuestion("skin", "", "text"),
        IntakeQuestion("type", "Skin type", "choice", choices=("I",)),
    )
    with pytest.raises(ValidationError) as refused:
        run(clinic, save_intake_form, SaveIntakeForm("history", "Medical history", questions))

    errors = refused.value.field_errors
    assert errors["questions.1"] == "Write the question."
    assert errors["questions.2"] == "A choice question needs at least two choices."
    assert "questions.0" not in errors and "questions" in errors
