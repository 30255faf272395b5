"""Screenshot scenes of the form editors in Settings: a chart template with a field added and
a refused one, a consent form's wording beside its preview and its earlier versions, an intake
questionnaire with a question added, and the question asked before closing with changes.

Nothing here is saved except the refused chart template (refused: nothing is written). Main
thread of ``medspa screenshots``; a manager is logged in.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from medspa_desktop.ui.main_window import MainWindow
from medspa_desktop.ui.settings.chart_field_cards import YES_NO, FieldCard
from medspa_desktop.ui.settings.chart_template_page import ChartTemplatesPage
from medspa_desktop.ui.settings.consent_page import ConsentFormsPage
from medspa_desktop.ui.settings.form_editor import FormEditor
from medspa_desktop.ui.settings.intake_page import IntakeFormsPage
from medspa_desktop.ui.settings.versions import VersionsDialog
from medspa_desktop.ui.shooter import Shooter


def template_scenes(shot: Shooter, window: MainWindow) -> None:
    """The editors over ``window``, each opened on the first form of its list."""
    if window.work is None or not window.work.has_section("settings"):
        return
    window.show_section("settings")
    settings = window.work.section("settings")
    pages = settings.pages
    for title, scenes in (
        ("Chart templates", _chart_template),
        ("Consent forms", _consent_form),
        ("Intake questionnaires", _questionnaire),
    ):
        page = pages.get(title)
        if page is not None:
            settings.show_page(title)
            shot.settle()
            scenes(shot, window, page)


def _shoot(shot: Shooter, name: str, window: QWidget, dialog: QWidget) -> None:
    shot.settle()
    shot.shoot(name, window, dialog)


def _chart_template(shot: Shooter, window: MainWindow, page: QWidget) -> None:
    assert isinstance(page, ChartTemplatesPage)
    page.table.selectRow(0)
    editor = page.edit()
    if editor is None:
        return
    _shoot(shot, "chart-template-editor", window, editor)
    card = editor.add_field()
    card.label.setText("Photos taken before treatment")
    card.kind.setCurrentIndex(card.kind.findData(YES_NO))
    _shoot(shot, "chart-template-editor-new-field", window, editor)
    first = next(c for c in editor.fields.cards if isinstance(c, FieldCard))
    first.label.clear()
    first.kind.setCurrentIndex(first.kind.findData("choice"))
    editor.save()
    _shoot(shot, "chart-template-editor-refused", window, editor)
    _ask_and_close(shot, window, editor)


def _consent_form(shot: Shooter, window: MainWindow, page: QWidget) -> None:
    assert isinstance(page, ConsentFormsPage)
    page.table.selectRow(0)
    editor = page.edit()
    if editor is None:
        return
    text = editor.wording.text
    text.setPlainText(
        "I, {client_name}, consent to **{service}** with {practitioner} on {date}.\n\n"
        + text.toPlainText()
        + "\n\nI have been told about the risks, including:\n"
        "- bruising or swelling\n- headache\n- asymmetry needing a touch-up"
    )
    _shoot(shot, "consent-form-editor", window, editor)
    editor.reveal(editor.services)
    _shoot(shot, "consent-form-editor-required-for", window, editor)
    editor.reject()
    page.show_versions()
    shot.settle()
    versions = page.findChild(VersionsDialog)
    if versions is not None:
        _shoot(shot, "consent-form-versions", window, versions)
        versions.close()
        versions.deleteLater()


def _questionnaire(shot: Shooter, window: MainWindow, page: QWidget) -> None:
    assert isinstance(page, IntakeFormsPage)
    page.table.selectRow(0)
    editor = page.edit()
    if editor is None:
        return
    card = editor.add_question()
    card.label.setText("Which skin type are you?")
    card.kind.setCurrentIndex(card.kind.findData("choice"))
    card.choices.setPlainText("I – always burns\nII – usually burns\nIII – sometimes burns")
    card.required.setChecked(True)
    _shoot(shot, "intake-questionnaire-editor", window, editor)
    editor.reject()


def _ask_and_close(shot: Shooter, window: MainWindow, editor: FormEditor) -> None:
    editor.cancel()
    if editor.leaving is not None:
        _shoot(shot, "template-editor-ask-before-closing", window, editor.leaving)
        editor.leaving.close()
    editor.reject()
    editor.deleteLater()
