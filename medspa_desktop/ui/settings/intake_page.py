"""Settings → Intake questionnaires (managers and owners): the medical-history forms clients
fill in before a visit, with their questions; new and edited questionnaires; earlier
versions read-only."""

from __future__ import annotations

import html

from medspa_desktop.services.intake_forms import (
    IntakeFormInfo,
    intake_form_versions,
    list_intake_forms,
)
from medspa_desktop.services.intake_rules import IntakeQuestion
from medspa_desktop.ui.ops import Changed
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.settings.common import ListPage, RecordTable
from medspa_desktop.ui.settings.intake_editor import ANSWER_KINDS, IntakeDraft, IntakeEditor
from medspa_desktop.ui.settings.versions import show_versions

HINT = (
    "The questions clients answer on the tablet before their first visit, and again when "
    "their answers are out of date. Changing a questionnaire saves a new version: answers "
    "already given keep the questions they were given to."
)
KIND_WORDS = {kind: text for text, kind in ANSWER_KINDS}


def question_html(question: IntakeQuestion) -> str:
    kind = KIND_WORDS.get(question.type, question.type)
    if question.choices:
        kind += ": " + ", ".join(question.choices)
    required = "; must be answered" if question.required else ""
    return f"<li><b>{html.escape(question.label)}</b> ({html.escape(kind)}{required})</li>"


def version_entry(form: IntakeFormInfo) -> tuple[str, str]:
    heading = f"Version {form.version}" + (" (in use)" if form.active else "")
    items = "".join(question_html(q) for q in form.questions)
    return heading, f"<h3>{html.escape(form.name)}</h3><ol>{items}</ol>"


class IntakeFormsPage(ListPage):
    def __init__(self, session: AppSession) -> None:
        super().__init__(session, "Intake questionnaires", HINT, (Changed.FORMS,))
        self.forms: dict[str, IntakeFormInfo] = {}
        self.table = RecordTable(("Questionnaire", "Questions", "Version"))
        self.table.doubleClicked.connect(self.edit)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.new_button = self.add_button("New questionnaire", self.new_form, "primary")
        self.edit_button = self.add_button("Edit", self.edit)
        self.versions_button = self.add_button("Earlier versions", self.show_versions)
        self.finish_layout(self.table)
        self.reload()

    def reload(self) -> None:
        self.session.query(
            self, lambda uow, actor: list_intake_forms(uow=uow, actor=actor)
        ).success(self._show).run()

    def _show(self, forms: tuple[IntakeFormInfo, ...]) -> None:
        self.forms = {form.id: form for form in forms}
        self.table.show_rows([
            (form.id, (form.name, str(len(form.questions)), str(form.version)))
            for form in forms
        ])  # fmt: skip
        self._selection_changed()

    def chosen(self) -> IntakeFormInfo | None:
        return self.forms.get(self.table.selected_id() or "")

    def _selection_changed(self) -> None:
        chosen = self.chosen() is not None
        self.edit_button.setEnabled(chosen)
        self.versions_button.setEnabled(chosen)

    def new_form(self) -> IntakeEditor:
        return self._open(IntakeDraft(None, "", (IntakeQuestion("", ""),), 0))

    def edit(self) -> IntakeEditor | None:
        form = self.chosen()
        if form is None:
            return None
        return self._open(IntakeDraft(form.code, form.name, form.questions, form.version))

    def _open(self, draft: IntakeDraft) -> IntakeEditor:
        taken = frozenset(form.code for form in self.forms.values())
        editor = IntakeEditor(self, self.session, draft, taken)
        editor.open()
        return editor

    def show_versions(self) -> None:
        form = self.chosen()
        if form is None:
            return
        code = form.code
        show_versions(
            self,
            self.session,
            f"Versions of {form.name}",
            "Answers keep the version they were given to; versions are never changed.",
            lambda uow, actor: intake_form_versions(code, uow=uow, actor=actor),
            version_entry,
        )
