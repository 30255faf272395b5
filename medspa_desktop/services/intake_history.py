"""Every version of a client's intake answers, for the client's record: which versions were
sent (when, on which version of the questionnaire, reviewed by whom), the latest answers, and
which of them changed since the version before.

Public API (off the GUI thread; results frozen):

- ``intake_history(client_id, *, uow, actor) -> tuple[IntakeHistory, ...]``: one entry per
  questionnaire the client answered (by form code), in the forms' name order. Practitioner,
  manager or owner (``INTAKE_VIEW``); each opening of a questionnaire's answers is audited,
  the answers themselves never are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.authz import authorize
from medspa_desktop.services.client_rules import get_client
from medspa_desktop.services.consent_rows import staff_name
from medspa_desktop.services.intake import ENTITY, IntakeAnswers, answers_of, responses_with_forms
from medspa_desktop.store.models import IntakeForm, IntakeResponse
from medspa_desktop.store.uow import UnitOfWork


@dataclass(frozen=True)
class IntakeVersion:
    response_id: str
    version: int
    form_version: int
    """The version of the questionnaire these answers were given to."""
    submitted_at: dt.datetime
    reviewed_at: dt.datetime | None
    reviewed_by_name: str


@dataclass(frozen=True)
class IntakeHistory:
    form_code: str
    form_name: str
    versions: tuple[IntakeVersion, ...]
    """Newest first."""
    latest: IntakeAnswers
    previous: Mapping[str, Any]
    """The answers of the version before the latest (empty when there is none)."""
    changed: frozenset[str]
    """Question keys whose answer differs from the version before (empty for a first one)."""


def intake_history(client_id: str, *, uow: UnitOfWork, actor: Actor) -> tuple[IntakeHistory, ...]:
    authorize(uow, actor, Action.INTAKE_VIEW, entity=ENTITY)
    client = get_client(uow, client_id, actor.org_id)
    rows = uow.session.execute(
        responses_with_forms()
        .where(IntakeResponse.client_id == client.id)
        .order_by(
            IntakeForm.name, IntakeForm.code, IntakeResponse.version.desc(), IntakeResponse.id
        )
    ).all()
    by_code: dict[str, list[tuple[IntakeResponse, IntakeForm]]] = {}
    for response, form in rows:
        by_code.setdefault(form.code, []).append((response, form))
    histories = tuple(_history(uow, answered) for answered in by_code.values())
    for history in histories:
        record_audit(
            uow,
            actor,
            Action.INTAKE_VIEW,
            entity=ENTITY,
            entity_id=history.latest.response_id,
            outcome="ok",
            detail=f"history, {len(history.versions)} versions",
        )
    uow.commit()
    return histories


def _history(uow: UnitOfWork, answered: list[tuple[IntakeResponse, IntakeForm]]) -> IntakeHistory:
    """``answered``: one form code's responses, newest first."""
    response, form = answered[0]
    latest = answers_of(uow, response, form)
    previous = dict(answered[1][0].answers) if len(answered) > 1 else {}
    changed = frozenset(
        key
        for key in {*latest.answers, *previous}
        if previous and latest.answers.get(key) != previous.get(key)
    )
    return IntakeHistory(
        form_code=form.code,
        form_name=latest.form_name,
        versions=tuple(_version(uow, r, f) for r, f in answered),
        latest=latest,
        previous=MappingProxyType(previous),
        changed=changed,
    )


def _version(uow: UnitOfWork, response: IntakeResponse, form: IntakeForm) -> IntakeVersion:
    return IntakeVersion(
        response_id=response.id,
        version=response.version,
        form_version=form.version,
        submitted_at=response.submitted_at,
        reviewed_at=response.reviewed_at,
        reviewed_by_name=staff_name(uow, response.reviewed_by),
    )
