"""The client's record in the profile: consents with their state in words (a practitioner
opens the signed PDF, sees it verified, withdraws it after saying why), intake answers with
their changes and "Mark reviewed", charts that open the chart screen, and the photo count;
the front desk sees the states only. The PDF is never written to a file, not even a
temporary one."""

from __future__ import annotations

import datetime as dt
import math
import os
import tempfile

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.signature import Signature, SignaturePoint
from medspa_desktop.reports.consent_pdf import CONSENT_PRINTER
from medspa_desktop.services.charts import StartChart, start_chart
from medspa_desktop.services.consent_collect import CollectConsent, collect_consent
from medspa_desktop.services.consent_records import client_consents
from medspa_desktop.services.consent_templates import (
    UpdateConsentTemplate,
    update_consent_template,
)
from medspa_desktop.services.intake import SubmitIntake, submit_intake
from medspa_desktop.services.photos import SavePhoto, save_photo
from medspa_desktop.store.models import (
    ConsentTemplateVersion,
    IntakeForm,
    IntakeResponse,
)
from medspa_desktop.ui.charting.dialog import ChartDialog
from medspa_desktop.ui.clients.record_consent_view import print_document
from medspa_desktop.ui.clients.record_words import day_text
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.photos.pictures import jpeg_of
from medspa_desktop.ui.style import TOUCH_TARGET_PX

from .calendar_clinic import set_up_schedule
from .charting_steps import set_up_fillers
from .conftest import enter, wait_idle
from .kiosk_steps import KioskVisit, set_up_visit
from .photos_steps import painted
from .test_clients import open_first_match, show_clients
from .test_tablet_fit import tablet  # noqa: F401  (the fixture)

TABLET = (1280, 800)


@pytest.fixture
def visit(clinic) -> KioskVisit:
    """Ada booked for Botox with Lee; Botox needs the "Botox consent", valid for a year once
    signed; a medical-history questionnaire."""
    booked = set_up_visit(set_up_schedule(clinic))
    owner_call(
        booked, update_consent_template, UpdateConsentTemplate(booked.template_id, valid_months=12)
    )
    return booked


def owner_call(visit: KioskVisit, call, command, **more):
    with visit.clinic.store.uow() as uow:
        return call(command, uow=uow, actor=visit.clinic.owner_session.actor, **more)


def sign_consent(visit: KioskVisit):
    """Ada signs the Botox consent on the tablet (through the service, as kiosk mode does)."""
    with visit.clinic.store.session_factory() as session:
        version = session.scalars(
            select(ConsentTemplateVersion.id).filter_by(template_id=visit.template_id)
        ).one()
    line = tuple(
        SignaturePoint(40 + 8 * i, 100 + 40 * math.sin(i / 4), 10.0 * i, 0.6) for i in range(50)
    )
    command = CollectConsent(
        visit.client, version, visit.appointment, "Ada Lovelace", Signature(600, 200, (line,))
    )
    store = visit.clinic.store
    return owner_call(visit, collect_consent, command, blobs=store.blobs, printer=CONSENT_PRINTER)


def submit_answers(visit: KioskVisit, *answer_sets: dict) -> str:
    with visit.clinic.store.session_factory() as session:
        form_id = session.scalars(select(IntakeForm.id)).one()
    for answers in answer_sets:
        sent = owner_call(visit, submit_intake, SubmitIntake(visit.client, form_id, answers))
    return sent.response_id


def open_record(qtbot, window, clinic, username: str, size=TABLET):
    window.resize(*size)
    enter(qtbot, window, clinic.log_in(username))
    section = show_clients(qtbot, window)
    open_first_match(qtbot, section, "ada")
    return section.profile.record


def show_tab(qtbot, record, tab):
    record.setCurrentWidget(tab)
    wait_idle(qtbot)
    return tab


def test_a_practitioner_opens_a_signed_consent_sees_it_verified_and_withdraws_it(
    qtbot, window, clinic, visit
):
    signed = sign_consent(visit)
    record = open_record(qtbot, window, clinic, "lee")
    tab = show_tab(qtbot, record, record.consents)

    (row,) = tab.rows
    assert row.title.text() == "Botox consent (version 1)"
    until = day_text(signed.expires_at)
    assert row.state.text() == f"Signed {day_text(signed.signed_at)}, valid until {until}"
    assert row.state.property("tone") == "ok"
    assert record.tabText(record.indexOf(tab)) == "Consents"

    row.open_button.click()
    viewer = tab.viewer
    qtbot.waitUntil(lambda: viewer.opened is not None, timeout=20_000)
    qtbot.waitUntil(lambda: viewer.page_count() >= 1, timeout=10_000)
    assert viewer.verdict.text().startswith("✓ Verified")
    assert "Ada Lovelace" in viewer.signer.text()
    assert viewer.print_button.isEnabled()
    printing = viewer.ask_print()  # the system's print dialog, cancelled here
    assert printing is not None and printing.isVisible()
    printing.reject()

    prompt = viewer.ask_withdraw()
    assert prompt.isVisible() and not prompt.confirm.isEnabled()
    assert prompt.cancel.isDefault()
    assert visit.signed()[0].withdrawn_at is None, "nothing changes before confirming"
    prompt.choose("client_asked")
    prompt.confirm.click()
    wait_idle(qtbot)

    assert visit.signed()[0].withdrawn_at is not None
    assert viewer.state.text().startswith("Withdrawn on ")
    assert not viewer.withdraw_button.isVisible()
    viewer.reject()
    wait_idle(qtbot)
    (row,) = tab.rows
    assert row.state.text().startswith("Withdrawn on ")
    assert "sign again before Botox on " in row.state.text()
    assert row.state.property("tone") == "danger"
    assert record.tabText(record.indexOf(tab)) == "Consents ⚠"


def test_a_consent_whose_stored_signature_was_altered_shows_what_was_found(
    qtbot, window, clinic, visit
):
    signed = sign_consent(visit)
    path = clinic.store.blobs.path(signed.signature_sha256)
    sealed = bytearray(path.read_bytes())
    sealed[len(sealed) // 2] ^= 0x01
    path.write_bytes(bytes(sealed))
    record = open_record(qtbot, window, clinic, "lee")
    tab = show_tab(qtbot, record, record.consents)

    tab.rows[0].open_button.click()
    viewer = tab.viewer
    qtbot.waitUntil(lambda: viewer.opened is not None, timeout=20_000)

    assert viewer.verdict.text().startswith("✗ Not verified: The recorded signature")
    qtbot.waitUntil(lambda: viewer.page_count() >= 1, timeout=10_000)  # the PDF still shows
    viewer.reject()
    wait_idle(qtbot)


def test_printing_puts_every_page_of_the_signed_form_on_the_printer(
    qtbot, window, clinic, visit, tmp_path
):
    sign_consent(visit)
    record = open_record(qtbot, window, clinic, "lee")
    tab = show_tab(qtbot, record, record.consents)
    viewer = tab.open_signed(visit_summary(tab))
    qtbot.waitUntil(lambda: viewer.page_count() >= 1, timeout=20_000)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that keeps the pages
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))

    assert print_document(viewer.document, printer)

    printed = QPdfDocument()
    printed.load(str(tmp_path / "printed.pdf"))
    assert printed.pageCount() == viewer.page_count()
    viewer.reject()
    wait_idle(qtbot)


def test_viewing_a_consent_pdf_writes_nothing_to_the_temp_folder(
    qtbot, window, clinic, visit, tmp_path, monkeypatch
):
    private_temp = tmp_path / "temp"
    private_temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_temp))  # Qt reads it on every use
    monkeypatch.setattr(tempfile, "tempdir", str(private_temp))
    sign_consent(visit)
    record = open_record(qtbot, window, clinic, "lee")
    tab = show_tab(qtbot, record, record.consents)
    before = sorted(os.walk(private_temp))

    viewer = tab.open_signed(visit_summary(tab))
    qtbot.waitUntil(lambda: viewer.page_count() >= 1, timeout=20_000)
    viewer.view.grab()  # the pages are rendered, as on screen
    QApplication.processEvents()
    viewer.reject()
    wait_idle(qtbot)

    assert sorted(os.walk(private_temp)) == before == [(str(private_temp), [], [])]


def visit_summary(tab):
    """The signed consent the tab listed (what its Open… button opens)."""
    with tab.session.store.uow() as uow:
        (signed,) = client_consents(tab.client_id, uow=uow, actor=tab.session.actor)
    return signed


def test_the_consents_shown_follow_a_sync_that_brought_a_signature(qtbot, window, clinic, visit):
    record = open_record(qtbot, window, clinic, "lee")
    tab = show_tab(qtbot, record, record.consents)
    assert tab.rows[0].state.text().startswith("Missing — needed for Botox on ")

    sign_consent(visit)  # as if signed on another tablet: nothing announced here
    window.session.hub.changed.emit(OpChanges(frozenset(Changed)))  # what a sync announces
    wait_idle(qtbot)

    (row,) = tab.rows
    assert row.state.text().startswith("Signed ") and row.state.property("tone") == "ok"
    assert record.tabText(record.indexOf(tab)) == "Consents"


def test_the_front_desk_sees_states_only(qtbot, window, clinic, visit):
    submit_answers(visit, {"pregnant": False, "skin_type": "II"})
    fillers = set_up_fillers(visit.schedule)
    appointment = fillers.checked_in_filler()
    owner_call(visit, start_chart, StartChart(appointment))
    clinic.add_staff("dana", Role.FRONT_DESK)
    record = open_record(qtbot, window, clinic, "dana")

    consents = show_tab(qtbot, record, record.consents)
    (row,) = consents.rows
    assert row.state.text().startswith("Missing — needed for Botox on ")
    assert row.state.property("tone") == "danger"
    assert not row.open_button.isVisible()

    intake = show_tab(qtbot, record, record.intake)
    (section,) = intake.sections.values()
    assert section.state.text().endswith("not reviewed yet")
    assert section.answers == {} and not section.versions.isVisible()
    assert not section.review_button.isVisible()

    charts = show_tab(qtbot, record, record.charts)
    assert charts.model.rowCount() == 1
    assert charts.model.data(charts.model.index(0, 1)) == "Lip filler"
    assert not charts.open_button.isVisible()
    assert charts.open_row(0) is None
    assert not record.isTabVisible(record.indexOf(record.photos))


def test_marking_intake_reviewed_records_the_reviewer(qtbot, window, clinic, visit):
    response = submit_answers(
        visit,
        {"pregnant": False, "allergies": "None", "skin_type": "II"},
        {"pregnant": False, "allergies": "Latex", "skin_type": "II"},
    )
    record = open_record(qtbot, window, clinic, "lee")
    tab = show_tab(qtbot, record, record.intake)

    (section,) = tab.sections.values()
    assert section.state.text().endswith("not reviewed yet")
    assert section.answers["allergies"].text() == "Latex   (changed; was: None)"
    assert section.answers["allergies"].property("changed") is True
    assert section.answers["skin_type"].property("changed") is False
    assert "Version 2: sent" in section.versions.text()

    section.review_button.click()
    wait_idle(qtbot)

    with clinic.store.session_factory() as session:
        reviewed = session.get(IntakeResponse, response)
        assert reviewed.reviewed_by == visit.schedule.staff["lee"]
    (section,) = tab.sections.values()
    assert section.state.text().startswith("Reviewed by Lee on ")
    assert not section.review_button.isVisible()


def test_a_listed_chart_opens_the_chart_screen_for_a_practitioner(qtbot, window, clinic, visit):
    fillers = set_up_fillers(visit.schedule)
    appointment = fillers.checked_in_filler()
    owner_call(visit, start_chart, StartChart(appointment))
    record = open_record(qtbot, window, clinic, "lee")
    tab = show_tab(qtbot, record, record.charts)

    cells = [tab.model.data(tab.model.index(0, col)) for col in range(5)]
    assert cells[1:] == ["Lip filler", "Lee", "Draft", "—"]
    assert tab.open_button.isEnabled()
    tab.open_button.click()
    dialog = tab.chart_dialog
    assert isinstance(dialog, ChartDialog) and dialog.appointment_id == appointment
    qtbot.waitUntil(lambda: dialog.form is not None, timeout=10_000)
    wait_idle(qtbot)
    dialog.reject()
    wait_idle(qtbot)


def test_the_photo_count_opens_the_gallery(qtbot, window, clinic, visit):
    lee = clinic.log_in("lee")
    for colour in ("#3d5a6c", "#5b4a6c"):
        command = SavePhoto(visit.client, jpeg_of(painted(colour)), "face", "front")
        with clinic.store.uow() as uow:
            save_photo(command, uow=uow, actor=lee.actor, blobs=clinic.store.blobs)
    record = open_record(qtbot, window, clinic, "lee")
    tab = show_tab(qtbot, record, record.photos)

    assert tab.count.text() == f"2 photos, the latest taken {day_text(dt.datetime.now(dt.UTC))}."
    dialog = tab.open_gallery()
    assert dialog is not None and dialog.client_id == visit.client
    wait_idle(qtbot)
    dialog.reject()
    wait_idle(qtbot)


@pytest.mark.usefixtures("tablet")
def test_on_a_tablet_the_record_has_touch_targets_and_fits_a_portrait_window(
    qtbot, window, clinic, visit
):
    sign_consent(visit)
    record = open_record(qtbot, window, clinic, "lee")
    tab = show_tab(qtbot, record, record.consents)

    (row,) = tab.rows
    assert row.open_button.height() >= TOUCH_TARGET_PX
    assert record.tabBar().tabRect(1).height() >= TOUCH_TARGET_PX
    nav = window.nav.width()
    for page in (record, tab, record.intake, record.charts):
        assert page.minimumSizeHint().width() <= 800 - nav - 48
