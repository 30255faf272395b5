"""What the practitioner must see before charting: allergies, contraindications (the client's
medical flags), medications, and every consent or intake form that is missing or out of date.

Public API (off the GUI thread; results are frozen):

- ``pre_chart_warnings(appointment_id, *, uow, actor) -> PreChartWarnings``: audited read for
  the practitioner about to treat (and managers and owners).
- ``warnings_for(uow, appointment) -> PreChartWarnings``: the same without permission check or
  audit, for ``start_chart``.
- ``blocking_message(warnings) -> str``: why the treatment can't start, naming the consent.

The consent the appointment's service requires blocks the treatment when it was never signed,
has expired or was withdrawn; other consents of the service's category and intake forms are
warnings. An intake form answered more than ``INTAKE_VALID_DAYS`` ago counts as out of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.domain.actor import Actor
from medspa_desktop.services.audit import record_audit
from medspa_desktop.services.booking_rules import get_appointment
from medspa_desktop.services.chart_access import authorize_client_charts
from medspa_desktop.services.common import now
from medspa_desktop.services.consent_rows import forms_of_service, latest_signature
from medspa_desktop.store.models import (
    Appointment,
    Client,
    IntakeForm,
    IntakeResponse,
    ServiceItem,
)
from medspa_desktop.store.uow import UnitOfWork

INTAKE_VALID_DAYS = 365
MISSING, EXPIRED, WITHDRAWN = "missing", "expired", "withdrawn"
UNREVIEWED = "unreviewed"
"""An intake answered but not yet read by a clinician: it may name a new allergy."""


@dataclass(frozen=True)
class FormProblem:
    kind: str
    """``consent`` or ``intake``."""
    name: str
    status: str
    """``missing``, ``expired``, ``withdrawn`` or (intake) ``unreviewed``."""
    required: bool
    """A required consent: the treatment can't start until it is signed."""
    since: dt.datetime | None = None

    @property
    def message(self) -> str:
        day = f" on {self.since.date().isoformat()}" if self.since else ""
        if self.status == MISSING:
            return f"{self.name}: not {'signed' if self.kind == 'consent' else 'filled in'}."
        if self.status == UNREVIEWED:
            return (
                f"{self.name}: answered{day}, not reviewed yet; read the answers in the "
                "client's record (Intake) before treating."
            )
        if self.kind == "intake":
            return f"{self.name}: last filled in{day}; ask the client to update it."
        return f"{self.name}: {self.status}{day}."


@dataclass(frozen=True)
class PreChartWarnings:
    appointment_id: str
    client_id: str
    client_name: str
    allergies: str
    contraindications: tuple[str, ...]
    medications: str
    forms: tuple[FormProblem, ...]

    @property
    def blocking(self) -> tuple[FormProblem, ...]:
        return tuple(p for p in self.forms if p.required)

    @property
    def to_fill_in(self) -> tuple[FormProblem, ...]:
        """The forms the client can sign or fill in (kiosk mode); not those to review."""
        return tuple(p for p in self.forms if p.status != UNREVIEWED)

    @property
    def has_any(self) -> bool:
        return bool(self.allergies or self.contraindications or self.medications or self.forms)


def pre_chart_warnings(appointment_id: str, *, uow: UnitOfWork, actor: Actor) -> PreChartWarnings:
    appointment = get_appointment(uow, appointment_id, actor.org_id)
    authorize_client_charts(uow, actor, Action.CHART_WRITE, appointment.client_id)
    warnings = warnings_for(uow, appointment)
    audit_medical_read(uow, actor, appointment.client_id)
    uow.commit()
    return warnings


def audit_medical_read(uow: UnitOfWork, actor: Actor, client_id: str) -> None:
    """The warnings show the client's medical details: audited as such a read."""
    record_audit(
        uow,
        actor,
        Action.CLIENT_VIEW_MEDICAL,
        entity="client",
        entity_id=client_id,
        outcome="ok",
        detail="before charting",
    )


def warnings_for(uow: UnitOfWork, appointment: Appointment) -> PreChartWarnings:
    client = uow.session.get(Client, appointment.client_id)
    service = uow.session.get(ServiceItem, appointment.service_id)
    at = now()
    forms = _consent_problems(uow, appointment.client_id, service, at) if service else []
    forms += _intake_problems(uow, appointment.org_id, appointment.client_id, at)
    return PreChartWarnings(
        appointment_id=appointment.id,
        client_id=appointment.client_id,
        client_name=f"{client.first_name} {client.last_name}" if client else "",
        allergies=client.allergies if client else "",
        contraindications=tuple(client.medical_flags or ()) if client else (),
        medications=client.medications if client else "",
        forms=tuple(forms),
    )


def blocking_message(warnings: PreChartWarnings) -> str:
    """Why the treatment can't start yet, naming each consent."""
    parts = []
    for problem in warnings.blocking:
        day = problem.since.date().isoformat() if problem.since else ""
        parts.append(
            f"{warnings.client_name} has not signed the {problem.name}"
            if problem.status == MISSING
            else f"{warnings.client_name}'s {problem.name} was {problem.status} on {day}"
        )
    return (
        "; ".join(parts)
        + ". This treatment needs it, so it can't start yet: collect the client's signature "
        "on the consent form first."
    )


def _consent_problems(
    uow: UnitOfWork, client_id: str, service: ServiceItem, at: dt.datetime
) -> list[FormProblem]:
    required = service.required_consent_template_id
    problems = []
    for template in forms_of_service(uow, service):
        status, since = _consent_status(uow, client_id, template.id, at)
        if status:
            problems.append(
                FormProblem("consent", template.name, status, template.id == required, since)
            )
    return problems


def _consent_status(
    uow: UnitOfWork, client_id: str, template_id: str, at: dt.datetime
) -> tuple[str | None, dt.datetime | None]:
    """The latest signature on any version of the template decides."""
    latest = latest_signature(uow, client_id, template_id)
    if latest is None:
        return MISSING, None
    if latest.withdrawn_at is not None:
        return WITHDRAWN, latest.withdrawn_at
    if latest.expires_at is not None and latest.expires_at <= at:
        return EXPIRED, latest.expires_at
    return None, None


def _intake_problems(
    uow: UnitOfWork, org_id: str, client_id: str, at: dt.datetime
) -> list[FormProblem]:
    forms = uow.session.scalars(
        select(IntakeForm)
        .where(IntakeForm.org_id == org_id, IntakeForm.deleted.is_(False))
        .where(IntakeForm.active.is_(True))
        .order_by(IntakeForm.code, IntakeForm.version.desc())
    ).all()
    latest_by_code: dict[str, IntakeForm] = {}
    for form in forms:
        latest_by_code.setdefault(form.code, form)
    problems = []
    for code, form in latest_by_code.items():
        latest = uow.session.execute(
            select(IntakeResponse.submitted_at, IntakeResponse.reviewed_at)
            .join(IntakeForm, IntakeForm.id == IntakeResponse.intake_form_id)
            .where(IntakeForm.code == code, IntakeForm.org_id == org_id)
            .where(IntakeResponse.client_id == client_id, IntakeResponse.deleted.is_(False))
            .order_by(IntakeResponse.submitted_at.desc())
            .limit(1)
        ).first()
        if latest is None:
            problems.append(FormProblem("intake", form.name, MISSING, False))
        elif latest.submitted_at < at - dt.timedelta(days=INTAKE_VALID_DAYS):
            problems.append(FormProblem("intake", form.name, EXPIRED, False, latest.submitted_at))
        elif latest.reviewed_at is None:
            problems.append(
                FormProblem("intake", form.name, UNREVIEWED, False, latest.submitted_at)
            )
    return problems
