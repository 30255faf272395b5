"""The service calls kiosk mode makes, as functions for ``AppSession.query`` / ``mutate`` /
``unit_of_work``: they run on the database worker, never on the GUI thread.

``forms_for(appointment_id)`` gathers what the client of a visit still has to sign or fill
in: each consent of the visit's service (its required form and the active forms of its
category) that is missing, expired or withdrawn, with the exact wording to sign
(``preview_consent``), then each intake questionnaire in use that was never filled in or
is out of date (``chart_checks.INTAKE_VALID_DAYS``).

``staff_pin_check(staff_id, pin)`` only verifies: no session starts or ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.consent_record import ConsentState
from medspa_desktop.services import auth
from medspa_desktop.services.booking_rules import get_appointment
from medspa_desktop.services.chart_checks import INTAKE_VALID_DAYS
from medspa_desktop.services.client_rules import get_client
from medspa_desktop.services.common import now
from medspa_desktop.services.consent_collect import ConsentPreview, PreviewConsent, preview_consent
from medspa_desktop.services.consent_records import client_consents
from medspa_desktop.services.consent_templates import list_consent_templates
from medspa_desktop.services.intake import IntakeState, intake_status
from medspa_desktop.services.intake_forms import IntakeFormInfo, list_intake_forms
from medspa_desktop.store.models import ServiceItem
from medspa_desktop.store.uow import UnitOfWork


@dataclass(frozen=True)
class KioskForms:
    """One client's pending forms for one visit, in the order they are handed over."""

    client_id: str
    first_name: str
    full_name: str
    appointment_id: str
    consents: tuple[ConsentPreview, ...]
    intakes: tuple[IntakeFormInfo, ...]

    @property
    def count(self) -> int:
        return len(self.consents) + len(self.intakes)


def forms_for(appointment_id: str) -> Callable[[UnitOfWork, Actor], KioskForms]:
    def call(uow: UnitOfWork, actor: Actor) -> KioskForms:
        appointment = get_appointment(uow, appointment_id, actor.org_id)
        client = get_client(uow, appointment.client_id, actor.org_id)
        service = uow.session.get(ServiceItem, appointment.service_id)
        versions = _consents_to_sign(uow, actor, client.id, service)
        consents = tuple(
            preview_consent(
                PreviewConsent(client.id, version_id, appointment_id), uow=uow, actor=actor
            )
            for version_id in versions
        )
        return KioskForms(
            client_id=client.id,
            first_name=client.first_name,
            full_name=f"{client.first_name} {client.last_name}".strip(),
            appointment_id=appointment_id,
            consents=consents,
            intakes=_intakes_to_fill(uow, actor, client.id),
        )

    return call


def _consents_to_sign(
    uow: UnitOfWork, actor: Actor, client_id: str, service: ServiceItem | None
) -> list[str]:
    """Current version ids of the visit's consents that are not validly signed."""
    if service is None:
        return []
    latest: dict[str, ConsentState] = {}
    for signed in client_consents(client_id, uow=uow, actor=actor):  # newest first
        latest.setdefault(signed.template_id, signed.state)
    return [
        template.current_version_id
        for template in list_consent_templates(uow=uow, actor=actor)
        if template.current_version_id is not None
        and (
            template.id == service.required_consent_template_id
            or template.service_category_id == service.category_id
        )
        and latest.get(template.id) != ConsentState.VALID
    ]


def _intakes_to_fill(uow: UnitOfWork, actor: Actor, client_id: str) -> tuple[IntakeFormInfo, ...]:
    stale_before = now() - dt.timedelta(days=INTAKE_VALID_DAYS)
    due = {
        status.form_code
        for status in intake_status(client_id, uow=uow, actor=actor)
        if status.state is IntakeState.MISSING
        or (status.submitted_at is not None and status.submitted_at < stale_before)
    }
    forms = list_intake_forms(uow=uow, actor=actor)
    newest = {form.code: form for form in forms}  # listed oldest version first
    return tuple(form for code, form in newest.items() if code in due)


def staff_pin_check(staff_id: str, pin: str) -> Callable[[UnitOfWork], str]:
    """The display name of ``staff_id`` if they may end kiosk mode here with ``pin``
    (``auth.confirm_staff_pin``: nobody is logged in or out). Raises ``LoginFailed``."""
    return lambda uow: auth.confirm_staff_pin(auth.SwitchWithPin(staff_id, pin), uow=uow)
