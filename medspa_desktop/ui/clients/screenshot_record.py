"""Screenshot scenes of the client's record: a client with a signed consent (the one the
charting scenes collected) shown tab by tab, the signed PDF with its verification, the
withdrawal's confirmation (cancelled: nothing is withdrawn), the intake answers with a change
since the last version, and the charts.

NOTE: like the charting scenes these change the demo clinic's data: the client answers the
medical-history questionnaire twice and two photos are added (once for all screen sizes).
Main thread of ``medspa screenshots``; the client is found by reading the store directly, as
a scene may.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from medspa_desktop.domain.actions import Action
from medspa_desktop.services.intake import SubmitIntake, submit_intake
from medspa_desktop.services.intake_forms import list_intake_forms
from medspa_desktop.services.intake_rules import IntakeQuestion
from medspa_desktop.services.photos import SavePhoto, save_photo
from medspa_desktop.store.models import IntakeResponse, Photo, SignedConsent
from medspa_desktop.ui.clients.record import ClientRecord
from medspa_desktop.ui.main_window import MainWindow
from medspa_desktop.ui.photos.pictures import jpeg_of
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.shooter import Shooter

ANSWERS = (
    {"allergies": "None known", "medications": "None", "goals": "Softer frown lines"},
    {"allergies": "Latex (rash)", "medications": "None", "goals": "Softer frown lines"},
)
"""The two versions the client sends: the allergy answer changed."""
RENDER_WAIT_S = 1.5
PHOTO_BACKDROPS = ("#3d5a6c", "#4a6b5d")


def record_scenes(shot: Shooter, window: MainWindow) -> None:
    """The record's tabs over ``window`` (a manager logged in, the demo clinic)."""
    session = window.session
    client_id = _client_with_consent(session)
    if client_id is None or window.work is None:
        return
    _answer_twice(session, client_id)
    _photograph(session, client_id)
    window.show_section("clients")
    section = window.work.clients()
    section.open_client(client_id)
    shot.settle()
    record = section.profile.record
    _consent_scenes(shot, window, record)
    for name, tab in (("intake", record.intake), ("charts", record.charts)):
        record.setCurrentWidget(tab)
        shot.shoot(f"client-record-{name}", window)
    if record.isTabVisible(record.indexOf(record.photos)):
        record.setCurrentWidget(record.photos)
        shot.shoot("client-record-photos", window)
    record.setCurrentWidget(record.details)
    section.find()
    shot.settle()


def _consent_scenes(shot: Shooter, window: MainWindow, record: ClientRecord) -> None:
    record.setCurrentWidget(record.consents)
    shot.shoot("client-record-consents", window)
    row = next((r for r in record.consents.rows if r.signed is not None), None)
    if row is None or row.signed is None:
        return
    viewer = record.consents.open_signed(row.signed)
    shot.settle()
    _let_pages_render()
    shot.shoot("client-record-consent-pdf", window, viewer)
    if viewer.withdraw_button.isVisible():
        prompt = viewer.ask_withdraw()
        prompt.choose("client_asked")
        shot.settle()
        shot.shoot("client-record-withdraw-confirm", window, prompt)
        prompt.reject()
    viewer.reject()
    shot.settle()


def _let_pages_render() -> None:
    """QtPdf renders pages on a thread of its own and paints them when done: give it time,
    as a person opening the form would (the shooter only waits for our operations)."""
    deadline = time.monotonic() + RENDER_WAIT_S
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)


def _client_with_consent(session: AppSession) -> str | None:
    with session.store.uow() as uow:
        return uow.session.scalars(
            select(SignedConsent.client_id)
            .where(SignedConsent.deleted.is_(False), SignedConsent.withdrawn_at.is_(None))
            .order_by(SignedConsent.signed_at.desc())
            .limit(1)
        ).first()


def _answer_twice(session: AppSession, client_id: str) -> None:
    with session.store.uow() as uow:
        answered = uow.session.scalars(
            select(IntakeResponse.id).where(IntakeResponse.client_id == client_id)
        ).first()
        forms = list_intake_forms(uow=uow, actor=session.actor)
        if answered is not None or not forms:
            return
        form = forms[-1]
        for answers in ANSWERS:
            given = {q.key: _answer(q, answers) for q in form.questions}
            command = SubmitIntake(client_id, form.id, given)
            submit_intake(command, uow=uow, actor=session.actor)


def _photograph(session: AppSession, client_id: str) -> None:
    """Two photos of the client, as the camera hands them over, if they have none yet."""
    if not session.may(Action.PHOTO_CAPTURE):
        return
    with session.store.uow() as uow:
        if uow.session.scalars(select(Photo.id).where(Photo.client_id == client_id)).first():
            return
        for backdrop in PHOTO_BACKDROPS:
            image = QImage(600, 800, QImage.Format.Format_RGB32)
            image.fill(QColor(backdrop))
            command = SavePhoto(client_id, jpeg_of(image), "face", "front")
            save_photo(command, uow=uow, actor=session.actor, blobs=session.store.blobs)


def _answer(question: IntakeQuestion, answers: dict[str, str]) -> Any:
    if question.type == "yes_no":
        return False
    if question.type == "choice":
        return question.choices[0] if question.choices else None
    return answers.get(question.key)
