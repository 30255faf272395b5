"""A client's intake (medical-history) answers: filled in on the tablet before the first
visit, reviewed by a practitioner then and at later visits; every resubmission is a new
version and earlier versions are kept unchanged.

Public API (off the GUI thread; results frozen):

- ``SubmitIntake(client_id, form_id, answers)`` -> ``submit_intake(cmd, *, uow, actor) ->
  IntakeSubmitted``: answers checked against the form's questions (required, type, choices;
  ``ValidationError`` keyed by question key) and appended as the next version for the
  client and form code. Every role (``INTAKE_COLLECT``); the result never echoes answers.
- ``intake_status(client_id, *, uow, actor) -> tuple[IntakeStatus, ...]``: per form in use,
  ``missing``, ``needs_review`` (latest version not reviewed) or ``reviewed``. Every role.
- ``ReviewIntake(response_id)`` -> ``review_intake(cmd, *, uow, actor) -> IntakeStatus``:
  marks the latest version reviewed now, by the actor. Practitioner, manager or owner.
- ``latest_intake(client_id, *, uow, actor) -> IntakeAnswers | None``: the newest answers
  with their questions; every opening is audited. Practitioner, manager or owner.

Answers are clinical: they go to the database and the sync outbox, never to the audit
detail or a log line. ``answers_of`` and ``responses_with_forms`` are shared with
``intake_history`` (every version of a client's answers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from sqlalchemy import Select, func, select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.client_rules import get_client
from medspa_desktop.services.common import now
from medspa_desktop.services.consent_rows import staff_name
from medspa_desktop.services.errors import NotFound, RuleViolation
from medspa_desktop.services.intake_forms import get_form
from medspa_desktop.services.intake_rules import IntakeQuestion, cleaned_answers, question_of
from medspa_desktop.services.writes import save_changes, save_new
from medspa_desktop.store.models import IntakeForm, IntakeResponse
from medspa_desktop.store.uow import UnitOfWork

ENTITY = "intake_response"


class IntakeState(StrEnum):
    MISSING = "missing"
    NEEDS_REVIEW = "needs_review"
    REVIEWED = "reviewed"


@dataclass(frozen=True)
class SubmitIntake:
    client_id: str
    form_id: str
    answers: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewIntake:
    response_id: str


@dataclass(frozen=True)
class IntakeSubmitted:
    response_id: str
    client_id: str
    form_id: str
    version: int
    submitted_at: dt.datetime


@dataclass(frozen=True)
class IntakeStatus:
    client_id: str
    form_code: str
    form_name: str
    state: IntakeState
    response_id: str | None
    version: int
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    reviewed_by_name: str
    answered_form_version: int
    """The form version the latest answers were given to (0 when none)."""
    current_form_version: int


@dataclass(frozen=True)
class IntakeAnswers:
    response_id: str
    client_id: str
    form_id: str
    form_name: str
    form_version: int
    questions: tuple[IntakeQuestion, ...]
    answers: Mapping[str, Any]
    version: int
    submitted_at: dt.datetime
    reviewed_at: dt.datetime | None
    reviewed_by_name: str


def submit_intake(cmd: SubmitIntake, *, uow: UnitOfWork, actor: Actor) -> IntakeSubmitted:
    authorize(uow, actor, Action.INTAKE_COLLECT, entity=ENTITY)
    client = get_client(uow, cmd.client_id, actor.org_id)
    form = get_form(uow, cmd.form_id, actor.org_id)
    if not form.active:
        raise RuleViolation(f"“{form.name}” version {form.version} is no longer in use.")
    answers = cleaned_answers([question_of(q) for q in form.questions], cmd.answers)
    values: dict[str, Any] = {
        "client_id": client.id,
        "intake_form_id": form.id,
        "answers": answers,
        "version": _highest_version(uow, client.id, form.code) + 1,
        "submitted_at": now(),
    }
    row = IntakeResponse(org_id=actor.org_id, **values)
    save_new(uow, actor, row, values, entity=ENTITY, action=Action.INTAKE_COLLECT)
    return IntakeSubmitted(row.id, client.id, form.id, row.version, row.submitted_at)


def intake_status(client_id: str, *, uow: UnitOfWork, actor: Actor) -> tuple[IntakeStatus, ...]:
    authorize(uow, actor, Action.INTAKE_COLLECT, entity=ENTITY)
    client = get_client(uow, client_id, actor.org_id)
    forms = uow.session.scalars(
        select(IntakeForm)
        .where(
            IntakeForm.org_id == actor.org_id,
            IntakeForm.active.is_(True),
            IntakeForm.deleted.is_(False),
        )
        .order_by(IntakeForm.name, IntakeForm.code)
    )
    return tuple(_status(uow, client.id, form) for form in forms)


def review_intake(cmd: ReviewIntake, *, uow: UnitOfWork, actor: Actor) -> IntakeStatus:
    authorize(uow, actor, Action.INTAKE_REVIEW, entity=ENTITY, entity_id=cmd.response_id)
    response = _response(uow, actor, cmd.response_id)
    form = get_form(uow, response.intake_form_id, actor.org_id)
    latest = _latest(uow, response.client_id, form.code)
    if latest is not None and latest[0].id != response.id:
        raise RuleViolation("The client has sent newer answers since; review those instead.")
    changes = {"reviewed_by": actor.staff_id, "reviewed_at": now()}
    save_changes(uow, actor, response, changes, entity=ENTITY, action=Action.INTAKE_REVIEW)
    return _status(uow, response.client_id, _current_form(uow, actor.org_id, form))


def latest_intake(client_id: str, *, uow: UnitOfWork, actor: Actor) -> IntakeAnswers | None:
    authorize(uow, actor, Action.INTAKE_VIEW, entity=ENTITY)
    client = get_client(uow, client_id, actor.org_id)
    found = uow.session.execute(
        responses_with_forms()
        .where(IntakeResponse.client_id == client.id)
        .order_by(IntakeResponse.submitted_at.desc(), IntakeResponse.version.desc())
        .limit(1)
    ).first()
    if found is None:
        return None
    response, form = found
    record_audit(uow, actor, Action.INTAKE_VIEW, entity=ENTITY, entity_id=response.id, outcome="ok")
    uow.commit()
    return answers_of(uow, response, form)


def answers_of(uow: UnitOfWork, response: IntakeResponse, form: IntakeForm) -> IntakeAnswers:
    return IntakeAnswers(
        response_id=response.id,
        client_id=response.client_id,
        form_id=form.id,
        form_name=form.name,
        form_version=form.version,
        questions=tuple(question_of(q) for q in form.questions),
        answers=MappingProxyType(dict(response.answers)),
        version=response.version,
        submitted_at=response.submitted_at,
        reviewed_at=response.reviewed_at,
        reviewed_by_name=staff_name(uow, response.reviewed_by),
    )


def _status(uow: UnitOfWork, client_id: str, form: IntakeForm) -> IntakeStatus:
    found = _latest(uow, client_id, form.code)
    response, answered = found if found else (None, None)
    state = IntakeState.MISSING
    if response is not None:
        reviewed = response.reviewed_at is not None
        state = IntakeState.REVIEWED if reviewed else IntakeState.NEEDS_REVIEW
    return IntakeStatus(
        client_id=client_id,
        form_code=form.code,
        form_name=form.name,
        state=state,
        response_id=response.id if response else None,
        version=response.version if response else 0,
        submitted_at=response.submitted_at if response else None,
        reviewed_at=response.reviewed_at if response else None,
        reviewed_by_name=staff_name(uow, response.reviewed_by) if response else "",
        answered_form_version=answered.version if answered else 0,
        current_form_version=form.version,
    )


def _latest(uow: UnitOfWork, client_id: str, code: str) -> tuple[IntakeResponse, IntakeForm] | None:
    row = uow.session.execute(
        responses_with_forms()
        .where(IntakeResponse.client_id == client_id, IntakeForm.code == code)
        .order_by(IntakeResponse.version.desc(), IntakeResponse.submitted_at.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def _highest_version(uow: UnitOfWork, client_id: str, code: str) -> int:
    highest = uow.session.scalar(
        select(func.max(IntakeResponse.version))
        .join(IntakeForm, IntakeForm.id == IntakeResponse.intake_form_id)
        .where(IntakeResponse.client_id == client_id, IntakeForm.code == code)
    )
    return highest or 0


def responses_with_forms() -> Select[IntakeResponse, IntakeForm]:
    return (
        select(IntakeResponse, IntakeForm)
        .join(IntakeForm, IntakeForm.id == IntakeResponse.intake_form_id)
        .where(IntakeResponse.deleted.is_(False))
    )


def _response(uow: UnitOfWork, actor: Actor, response_id: str) -> IntakeResponse:
    row = uow.session.get(IntakeResponse, response_id)
    if row is None or row.deleted or row.org_id != actor.org_id:
        raise NotFound("Those intake answers no longer exist.")
    return row


def _current_form(uow: UnitOfWork, org_id: str, form: IntakeForm) -> IntakeForm:
    """The version of ``form``'s questionnaire in use now (``form`` itself if none is)."""
    current = uow.session.scalars(
        select(IntakeForm)
        .where(
            IntakeForm.org_id == org_id,
            IntakeForm.code == form.code,
            IntakeForm.active.is_(True),
            IntakeForm.deleted.is_(False),
        )
        .order_by(IntakeForm.version.desc())
        .limit(1)
    ).first()
    return current or form
