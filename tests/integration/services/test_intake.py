"""Intake questionnaires: answers are checked against the questions, every resubmission is a
new version, a practitioner reviews the latest answers, and reading them is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from medspa_desktop.domain.actor import Actor, Role
from medspa_desktop.services.clients import CreateClient, create_client
from medspa_desktop.services.errors import PermissionDenied, RuleViolation, ValidationError
from medspa_desktop.services.intake import (
    IntakeState,
    ReviewIntake,
    SubmitIntake,
    intake_status,
    latest_intake,
    review_intake,
    submit_intake,
)
from medspa_desktop.services.intake_forms import (
    SaveIntakeForm,
    list_intake_forms,
    save_intake_form,
)
from medspa_desktop.services.intake_rules import IntakeQuestion
from medspa_desktop.store.models import IntakeResponse

from .helpers import audit_entries, mutations

QUESTIONS = (
    IntakeQuestion("pregnant", "Are you pregnant or breastfeeding?", "yes_no", required=True),
    IntakeQuestion("allergies", "Any allergies?", "text"),
    IntakeQuestion("skin_type", "Skin type", "choice", True, ("I", "II", "III", "IV")),
    IntakeQuestion("last_peel", "Date of your last peel", "date"),
)
GOOD = {"pregnant": False, "allergies": "  Lidocaine ", "skin_type": "III"}


@dataclass
class Intake:
    clinic: object
    desk: Actor
    practitioner: Actor
    manager: Actor
    client: str
    form_id: str

    def uow(self):
        return self.clinic.store.uow()

    def submit(self, answers=None, *, actor=None, form_id=None):
        cmd = SubmitIntake(self.client, form_id or self.form_id, answers or GOOD)
        with self.uow() as uow:
            return submit_intake(cmd, uow=uow, actor=actor or self.desk)

    def status(self, actor=None):
        with self.uow() as uow:
            (status,) = intake_status(self.client, uow=uow, actor=actor or self.desk)
        return status

    def review(self, response_id, actor=None):
        with self.uow() as uow:
            return review_intake(
                ReviewIntake(response_id), uow=uow, actor=actor or self.practitioner
            )

    def latest(self, actor=None):
        with self.uow() as uow:
            return latest_intake(self.client, uow=uow, actor=actor or self.practitioner)

    def save_form(self, questions=QUESTIONS, actor=None):
        cmd = SaveIntakeForm("medical_history", "Medical history", questions)
        with self.uow() as uow:
            return save_intake_form(cmd, uow=uow, actor=actor or self.manager)


@pytest.fixture
def intake(clinic) -> Intake:
    with clinic.store.uow() as uow:
        client = create_client(CreateClient("Ada", "Lovelace"), uow=uow, actor=clinic.owner).id
    made = Intake(
        clinic,
        clinic.add_staff(Role.FRONT_DESK),
        clinic.add_staff(Role.PRACTITIONER),
        clinic.add_staff(Role.MANAGER),
        client,
        "",
    )
    made.form_id = made.save_form().id
    return made


def test_answers_are_checked_against_the_questions_without_echoing_them(intake):
    with pytest.raises(ValidationError) as err:
        intake.submit(
            {
                "pregnant": "no",
                "skin_type": "VII",
                "last_peel": "31/02/2024",
                "smoker": True,
                "allergies": 42,
            }
        )
    assert err.value.field_errors == {
        "pregnant": "Answer yes or no.",
        "skin_type": "Choose one of the answers offered.",
        "last_peel": "Enter a date as YYYY-MM-DD.",
        "smoker": "This form has no such question.",
        "allergies": "Answer in words.",
    }
    assert "VII" not in str(err.value)
    with pytest.raises(ValidationError) as err:
        intake.submit({"allergies": "none"})
    assert err.value.field_errors == {
        "pregnant": "Answer this question.",
        "skin_type": "Answer this question.",
    }


def test_answers_are_stored_cleaned_and_each_resubmission_is_a_new_version(intake):
    first = intake.submit({**GOOD, "last_peel": dt.date(2024, 5, 1)})
    second = intake.submit({**GOOD, "pregnant": True, "allergies": ""})
    assert (first.version, second.version) == (1, 2)
    with intake.clinic.store.session_factory() as session:
        rows = session.scalars(select(IntakeResponse).order_by(IntakeResponse.version)).all()
    assert [r.answers for r in rows] == [
        {
            "pregnant": False,
            "allergies": "Lidocaine",
            "skin_type": "III",
            "last_peel": "2024-05-01",
        },
        {"pregnant": True, "skin_type": "III"},
    ]
    latest = intake.latest()
    assert (latest.version, latest.answers["pregnant"]) == (2, True)
    assert [q.key for q in latest.questions] == ["pregnant", "allergies", "skin_type", "last_peel"]
    assert len(mutations(intake.clinic.store, "create_intake_response")) == 2


def test_the_status_goes_from_missing_to_needs_review_to_reviewed(intake):
    assert intake.status().state is IntakeState.MISSING
    first = intake.submit()
    assert intake.status().state is IntakeState.NEEDS_REVIEW
    reviewed = intake.review(first.response_id)
    assert reviewed.state is IntakeState.REVIEWED
    assert reviewed.reviewed_by_name == intake.practitioner.display_name
    second = intake.submit({**GOOD, "pregnant": True})
    assert intake.status().state is IntakeState.NEEDS_REVIEW
    with pytest.raises(RuleViolation, match="newer answers"):
        intake.review(first.response_id)
    assert intake.review(second.response_id).version == 2


def test_a_new_form_version_takes_over_and_answers_keep_their_form(intake):
    answered = intake.submit()
    newer = intake.save_form((*QUESTIONS, IntakeQuestion("smoker", "Do you smoke?", "yes_no")))
    assert newer.version == 2
    with intake.uow() as uow:
        assert [f.id for f in list_intake_forms(uow=uow, actor=intake.desk)] == [newer.id]
    status = intake.status()
    assert (status.answered_form_version, status.current_form_version) == (1, 2)
    with pytest.raises(RuleViolation, match="no longer in use"):
        intake.submit()
    again = intake.submit({**GOOD, "smoker": False}, form_id=newer.id)
    assert again.version == 2
    assert intake.latest().form_version == 2
    assert answered.form_id != again.form_id


def test_reading_the_answers_is_audited_without_the_answers(intake):
    assert intake.latest() is None
    response = intake.submit()
    intake.latest()
    intake.latest(actor=intake.manager)
    opened = audit_entries(intake.clinic.store, action="intake.view")
    assert [(e.staff_id, e.entity_id) for e in opened] == [
        (intake.practitioner.staff_id, response.response_id),
        (intake.manager.staff_id, response.response_id),
    ]
    for entry in audit_entries(intake.clinic.store):
        assert "Lidocaine" not in entry.detail


def test_form_questions_are_checked_when_the_form_is_saved(intake):
    for questions, says in (
        ((), "at least one question"),
        ((IntakeQuestion("a", "A"), IntakeQuestion("a", "B")), "same key"),
        ((IntakeQuestion("a", "A", "choice", choices=("only",)),), "two choices"),
        ((IntakeQuestion("a", "A", "scale"),), "type must be one of"),
        ((IntakeQuestion("A b", "A"),), "lower-case"),
    ):
        with pytest.raises(ValidationError, match=says):
            intake.save_form(questions)


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("submit", "FPMO"),
        ("status", "FPMO"),
        ("list forms", "FPMO"),
        ("review", "PMO"),
        ("read answers", "PMO"),
        ("save form", "MO"),
    ],
)
def test_each_role_may_only_do_what_the_matrix_allows(intake, name, allowed):
    response = intake.submit()
    actors = {
        "F": intake.desk,
        "P": intake.practitioner,
        "M": intake.manager,
        "O": intake.clinic.owner,
    }

    def run(actor):
        if name == "submit":
            return intake.submit(actor=actor)
        if name == "status":
            return intake.status(actor=actor)
        if name == "list forms":
            with intake.uow() as uow:
                return list_intake_forms(uow=uow, actor=actor)
        if name == "review":
            return intake.review(response.response_id, actor=actor)
        if name == "read answers":
            return intake.latest(actor=actor)
        return intake.save_form(actor=actor)

    for letter, actor in actors.items():
        if letter in allowed:
            run(actor)
            continue
        with pytest.raises(PermissionDenied):
            run(actor)
        assert audit_entries(intake.clinic.store, staff_id=actor.staff_id, outcome="denied")
