"""Intake questionnaires (medical history): versions of a form, and the forms in use.

Public API (off the GUI thread; results frozen):

- ``SaveIntakeForm(code, name, questions)`` -> ``save_intake_form(cmd, *, uow, actor) ->
  IntakeFormInfo``: a new version of form ``code`` (version 1 for a new code); the previous
  version stops being offered but stays, with every answer given to it. Manager or owner.
  Besides ``questions``, each refused question's problem is under ``questions.N`` (from 0).
- ``list_intake_forms(*, uow, actor) -> tuple[IntakeFormInfo, ...]``: the forms in use,
  with their questions (to hand the tablet to a client). Every role (``INTAKE_COLLECT``).
- ``intake_form_versions(code, *, uow, actor) -> tuple[IntakeFormInfo, ...]``: every
  version of form ``code``, newest first, the one in use among them. Every role.
- ``get_form(uow, form_id, org_id)``, ``form_info(row)``: for the intake services.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.validation import field_errors, required_text
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.errors import NotFound, ValidationError
from medspa_desktop.services.intake_rules import (
    KEY,
    IntakeQuestion,
    question_of,
    question_problem,
    questions_problem,
)
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.models import IntakeForm
from medspa_desktop.store.uow import UnitOfWork

ENTITY = "intake_form"


@dataclass(frozen=True)
class SaveIntakeForm:
    code: str
    name: str
    questions: tuple[IntakeQuestion, ...]


@dataclass(frozen=True)
class IntakeFormInfo:
    id: str
    code: str
    name: str
    version: int
    active: bool
    questions: tuple[IntakeQuestion, ...]


def save_intake_form(cmd: SaveIntakeForm, *, uow: UnitOfWork, actor: Actor) -> IntakeFormInfo:
    authorize(uow, actor, Action.INTAKE_FORM_MANAGE, entity=ENTITY)
    name = cmd.name.strip()
    errors = field_errors(
        {
            "code": None if KEY.fullmatch(cmd.code) else "Use lower-case letters, digits or '_'.",
            "name": required_text(name, "form name", max_length=200),
            "questions": questions_problem(cmd.questions),
        }
    )
    if errors:
        raise ValidationError({**errors, **_problems_by_question(cmd.questions)})
    for older in _versions(uow, actor.org_id, cmd.code):
        if older.active:
            action = Action.INTAKE_FORM_MANAGE
            save_changes(
                uow, actor, older, {"active": False}, entity=ENTITY, action=action, commit=False
            )
    values: dict[str, Any] = {
        "code": cmd.code,
        "name": name,
        "version": _highest_version(uow, actor.org_id, cmd.code) + 1,
        "questions": [question.stored() for question in cmd.questions],
        "active": True,
    }
    row = IntakeForm(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity=ENTITY, action=Action.INTAKE_FORM_MANAGE)
    return form_info(row)


def list_intake_forms(*, uow: UnitOfWork, actor: Actor) -> tuple[IntakeFormInfo, ...]:
    authorize(uow, actor, Action.INTAKE_COLLECT, entity=ENTITY)
    rows = uow.session.scalars(
        select(IntakeForm)
        .where(
            IntakeForm.org_id == actor.org_id,
            IntakeForm.active.is_(True),
            IntakeForm.deleted.is_(False),
        )
        .order_by(IntakeForm.name, IntakeForm.version)
    )
    return tuple(form_info(row) for row in rows)


def intake_form_versions(code: str, *, uow: UnitOfWork, actor: Actor) -> tuple[IntakeFormInfo, ...]:
    authorize(uow, actor, Action.INTAKE_COLLECT, entity=ENTITY)
    rows = sorted(_versions(uow, actor.org_id, code), key=lambda row: row.version, reverse=True)
    return tuple(form_info(row) for row in rows)


def get_form(uow: UnitOfWork, form_id: str, org_id: str) -> IntakeForm:
    row = uow.session.get(IntakeForm, form_id)
    if row is None or row.deleted or row.org_id != org_id:
        raise NotFound("That intake form no longer exists. Open the list of forms again.")
    return row


def form_info(row: IntakeForm) -> IntakeFormInfo:
    questions = tuple(question_of(stored) for stored in row.questions)
    return IntakeFormInfo(row.id, row.code, row.name, row.version, row.active, questions)


def _problems_by_question(questions: tuple[IntakeQuestion, ...]) -> dict[str, str]:
    """Each question's own problem, keyed by its place, for an editor to show beside it."""
    found = {}
    for n, question in enumerate(questions):
        problem = question_problem(question)
        if problem:
            found[f"questions.{n}"] = problem[0].upper() + problem[1:]
    return found


def _versions(uow: UnitOfWork, org_id: str, code: str) -> list[IntakeForm]:
    return list(
        uow.session.scalars(
            select(IntakeForm).where(
                IntakeForm.org_id == org_id,
                IntakeForm.code == code,
                IntakeForm.deleted.is_(False),
            )
        )
    )


def _highest_version(uow: UnitOfWork, org_id: str, code: str) -> int:
    # Deleted versions count too: (org, code, version) is unique in the table.
    highest = uow.session.scalar(
        select(func.max(IntakeForm.version)).where(
            IntakeForm.org_id == org_id, IntakeForm.code == code
        )
    )
    return highest or 0
