"""Managers edit the clinic's forms in Settings: a chart template gains a field and the next
chart is started on the new version; consent wording with a merge field is previewed and the
next signature is on the new version; an intake question added is asked at the next intake;
a refused form saves nothing; closing with unsaved changes asks; the front desk and
practitioners never see these pages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from medspa_desktop.domain import appointment_status as st
from medspa_desktop.domain.actor import Role
from medspa_desktop.domain.signature import Signature, SignaturePoint
from medspa_desktop.reports.consent_pdf import CONSENT_PRINTER
from medspa_desktop.services.appointment_life import ChangeStatus, change_status
from medspa_desktop.services.chart_read import chart_view
from medspa_desktop.services.chart_templates import list_chart_templates
from medspa_desktop.services.charts import StartChart, start_chart
from medspa_desktop.services.consent_collect import CollectConsent, collect_consent
from medspa_desktop.services.consent_templates import list_consent_templates
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.intake import SubmitIntake, submit_intake
from medspa_desktop.services.intake_forms import list_intake_forms
from medspa_desktop.store.models import ChartTemplateVersion
from medspa_desktop.ui.kiosk.visit import forms_for
from medspa_desktop.ui.settings.chart_field_cards import YES_NO, FieldCard
from medspa_desktop.ui.settings.chart_template_editor import ChartTemplateEditor
from medspa_desktop.ui.settings.versions import VersionsDialog
from medspa_desktop.ui.style import TOUCH_TARGET_PX

from .calendar_clinic import Schedule, set_up_schedule
from .conftest import enter, wait_idle
from .kiosk_steps import KioskVisit, set_up_visit
from .test_settings import open_settings
from .test_tablet_fit import tablet  # noqa: F401  (the fixture)

PAGES = ("Chart templates", "Consent forms", "Intake questionnaires")


@pytest.fixture
def schedule(clinic) -> Schedule:
    return set_up_schedule(clinic)


@pytest.fixture
def visit(schedule) -> KioskVisit:
    """Ada booked for Botox, which requires "Botox consent"; the medical-history form."""
    return set_up_visit(schedule)


def choose_row(page, text: str) -> None:
    table = page.table
    rows = [r for r in range(table.rowCount()) if table.item(r, 0).text() == text]
    assert rows, f"no row {text!r}"
    table.selectRow(rows[0])


def saved_and_closed(qtbot, editor) -> None:
    editor.save_button.click()
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=10_000)
    wait_idle(qtbot)


def checked_in_botox(schedule: Schedule) -> str:
    appointment = schedule.book(schedule.at(10), schedule.botox, "lee")
    with schedule.clinic.store.uow() as uow:
        actor = schedule.clinic.owner_session.actor
        change_status(ChangeStatus(appointment, st.CHECKED_IN), uow=uow, actor=actor)
    return appointment


def test_a_field_added_to_a_chart_template_is_on_the_next_chart_started(
    qtbot, window, clinic, schedule
):
    page = open_settings(qtbot, window, clinic, "Chart templates")
    choose_row(page, "Neuromodulator")
    editor = page.edit()
    assert isinstance(editor, ChartTemplateEditor)
    assert "Charts already started keep the version" in editor.note.text.text()
    assert editor.save_button.text() == "Save as version 2"

    card = editor.add_field()
    card.label.setText("Photos taken")
    card.kind.setCurrentIndex(card.kind.findData(YES_NO))
    card.required.setChecked(True)
    saved_and_closed(qtbot, editor)

    lee = clinic.log_in("lee").actor
    with clinic.store.uow() as uow:
        started = start_chart(StartChart(checked_in_botox(schedule)), uow=uow, actor=lee)
    with clinic.store.uow() as uow:
        view = chart_view(started.chart_id, uow=uow, actor=lee)
        listed = {t.code: t.version for t in list_chart_templates(uow=uow, actor=lee)}
    photos = view.template.fields()["photos_taken"]
    assert (photos.label, photos.choices, photos.required) == ("Photos taken", ("Yes", "No"), True)
    assert "dilution" in view.template.fields()
    assert listed["neuromodulator"] == 2
    row = [page.table.item(r, 2).text() for r in range(page.table.rowCount())
           if page.table.item(r, 0).text() == "Neuromodulator"]  # fmt: skip
    assert row == ["2"]


def test_a_chart_template_refused_by_the_service_shows_why_beside_the_field_and_saves_nothing(
    qtbot, window, clinic
):
    page = open_settings(qtbot, window, clinic, "Chart templates")
    choose_row(page, "Laser and IPL")
    editor = page.edit()
    device = next(c for c in editor.fields.cards if isinstance(c, FieldCard))
    device.label.clear()
    editor.save_button.click()
    wait_idle(qtbot)

    assert editor.isVisible()
    assert device.error.isVisibleTo(editor) and "needs a label" in device.error.text()
    assert "marked in red" in editor.errors.general.text()
    with clinic.store.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(ChartTemplateVersion)) == 0
    editor.reject()


def test_new_consent_wording_is_previewed_merged_and_is_what_the_next_client_signs(
    qtbot, window, clinic, visit
):
    page = open_settings(qtbot, window, clinic, "Consent forms")
    choose_row(page, "Botox consent")
    assert page.table.item(page.table.currentRow(), 1).text() == "Botox"
    editor = page.edit()
    wording = editor.wording
    wording.text.setPlainText("I agree to the treatment. Client: ")
    wording.text.moveCursor(wording.text.textCursor().MoveOperation.End)
    wording.tool_buttons["Client's name"].click()

    assert wording.body() == "I agree to the treatment. Client: {client_name}"
    assert wording.preview.toPlainText().strip() == "I agree to the treatment. Client: Jane Sample"
    assert "A signed consent keeps the version it was signed on" in editor.note.text.text()
    assert editor.save_button.text() == "Save as version 2"
    saved_and_closed(qtbot, editor)

    lee = clinic.log_in("lee").actor
    with clinic.store.uow() as uow:
        [consent] = forms_for(visit.appointment)(uow, lee).consents
    assert (consent.version, consent.text) == (2, "I agree to the treatment. Client: Ada Lovelace")
    line = tuple(SignaturePoint(20 + 8 * n, 60 - (n % 5) * 6, n * 0.02) for n in range(40))
    command = CollectConsent(
        visit.client, consent.template_version_id, visit.appointment, "Ada Lovelace",
        Signature(400, 120, (line,)),
    )  # fmt: skip
    with clinic.store.uow() as uow:
        signed = collect_consent(
            command, uow=uow, actor=lee, blobs=clinic.store.blobs, printer=CONSENT_PRINTER
        )
    assert signed.version == 2

    page.show_versions()
    wait_idle(qtbot)
    versions = page.findChild(VersionsDialog)
    assert [heading.split(",")[0] for heading, _ in versions.versions] == ["Version 2", "Version 1"]
    versions.list.setCurrentRow(1)
    assert "{client_name}, consent to" in versions.content.toPlainText()
    versions.close()


def test_consent_wording_with_an_unknown_merge_field_is_refused_beside_the_wording(
    qtbot, window, clinic, visit
):
    page = open_settings(qtbot, window, clinic, "Consent forms")
    choose_row(page, "Botox consent")
    editor = page.edit()
    editor.name.setText("Botox consent (2025)")
    editor.wording.text.setPlainText("I, {client}, agree.")
    assert "No preview yet" in editor.wording.preview.toPlainText()
    editor.save_button.click()
    wait_idle(qtbot)

    assert editor.isVisible()
    assert "{client} is not a merge field" in editor.errors.message("body")
    with clinic.store.uow() as uow:
        [form] = list_consent_templates(uow=uow, actor=clinic.owner_session.actor)
    assert (form.name, form.current_version) == ("Botox consent", 1)
    editor.reject()


def test_a_question_added_and_saved_with_ctrl_s_is_asked_at_the_next_intake(
    qtbot, window, clinic, visit
):
    page = open_settings(qtbot, window, clinic, "Intake questionnaires")
    choose_row(page, "Medical history")
    editor = page.edit()
    qtbot.waitExposed(editor)
    card = editor.add_question()
    card.label.setText("Do you smoke?")
    card.kind.setCurrentIndex(card.kind.findData("yes_no"))
    card.required.setChecked(True)
    editor.activateWindow()  # as the window system does for a dialog that opens
    qtbot.waitUntil(editor.isActiveWindow)
    qtbot.keyClick(card.label, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=10_000)
    wait_idle(qtbot)

    assert page.table.item(0, 1).text() == "5" and page.table.item(0, 2).text() == "2"
    lee = clinic.log_in("lee").actor
    with clinic.store.uow() as uow:
        [intake] = forms_for(visit.appointment)(uow, lee).intakes
    assert (intake.version, intake.questions[-1].label) == (2, "Do you smoke?")
    answers = {"pregnant": False, "skin_type": "II"}
    with clinic.store.uow() as uow, pytest.raises(ValidationError) as refused:
        submit_intake(SubmitIntake(visit.client, intake.id, answers), uow=uow, actor=lee)
    assert list(refused.value.field_errors) == [intake.questions[-1].key]


def test_a_question_without_words_is_refused_beside_it_and_nothing_is_saved(
    qtbot, window, clinic, visit
):
    page = open_settings(qtbot, window, clinic, "Intake questionnaires")
    choose_row(page, "Medical history")
    editor = page.edit()
    card = editor.add_question()
    card.kind.setCurrentIndex(card.kind.findData("choice"))
    card.choices.setPlainText("Only one")
    editor.save_button.click()
    wait_idle(qtbot)

    assert editor.isVisible() and "Write the question" in card.error.text()
    with clinic.store.uow() as uow:
        [form] = list_intake_forms(uow=uow, actor=clinic.owner_session.actor)
    assert form.version == 1
    editor.reject()


def test_closing_an_editor_with_unsaved_changes_asks_first(qtbot, window, clinic, visit):
    page = open_settings(qtbot, window, clinic, "Intake questionnaires")
    choose_row(page, "Medical history")
    editor = page.edit()
    qtbot.waitExposed(editor)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()  # nothing changed: closes at once
    editor = page.edit()
    editor.save_button.click()
    assert not editor.isVisible()  # nothing changed: no version repeating the one in use

    editor = page.edit()
    qtbot.waitExposed(editor)
    editor.name.setText("Health questions")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    box = editor.leaving
    assert box is not None and box.isVisible() and editor.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()  # Keep editing
    assert editor.isVisible() and editor.name.text() == "Health questions"

    editor.close()
    box = editor.leaving
    assert box.isVisible() and editor.isVisible()
    box.button(QMessageBox.StandardButton.Discard).click()  # Close without saving
    assert not editor.isVisible()
    wait_idle(qtbot)
    with clinic.store.uow() as uow:
        [form] = list_intake_forms(uow=uow, actor=clinic.owner_session.actor)
    assert (form.name, form.version) == ("Medical history", 1)


@pytest.mark.parametrize("role", [Role.FRONT_DESK, Role.PRACTITIONER])
def test_front_desk_and_practitioners_do_not_see_the_form_editors(qtbot, window, clinic, role):
    clinic.add_staff("someone", role)
    enter(qtbot, window, clinic.log_in("someone"))
    if window.work.has_section("settings"):
        window.show_section("settings")
        wait_idle(qtbot)
        assert not set(PAGES) & set(window.work.section("settings").pages)


@pytest.mark.usefixtures("tablet")
@pytest.mark.parametrize("title", PAGES)
def test_the_editors_fit_a_portrait_tablet_with_touch_sized_buttons(
    qtbot, window, clinic, visit, title
):
    page = open_settings(qtbot, window, clinic, title)
    page.table.selectRow(0)
    editor = page.edit()
    qtbot.waitExposed(editor)

    assert editor.minimumSizeHint().width() <= 800 - 32
    assert editor.save_button.height() >= TOUCH_TARGET_PX
    assert editor.body.horizontalScrollBar().maximum() == 0
    editor.reject()
