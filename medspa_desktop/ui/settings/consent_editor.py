"""Settings → Consent forms → a form: its name, how long a signature stays valid, its wording
(previewed with sample details), and the treatments it is required for. New wording is saved
as a new version; a signed consent keeps the version it was signed on. GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.consent_text import wording_problem
from medspa_desktop.services import consent_templates as forms
from medspa_desktop.services.consent_templates import MAX_VALID_MONTHS
from medspa_desktop.services.errors import ValidationError
from medspa_desktop.services.service_menu import ServiceInfo
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.cards import Checklist, ChecklistItem, check_box
from medspa_desktop.ui.settings.consent_wording import WordingEditor
from medspa_desktop.ui.settings.form_editor import FormEditor, touch_size, unique_key
from medspa_desktop.ui.widgets import label

CONSENT_CHANGED = OpChanges.of(Changed.FORMS, Changed.SERVICE_MENU)
UNTIL_WITHDRAWN = "Until withdrawn"
SERVICES_HINT = (
    "A treatment names at most one form of its own: ticking one that names another form "
    "makes it need this one instead."
)


@dataclass(frozen=True)
class ConsentFormDraft:
    template_id: str | None
    """``None`` for a new form."""
    name: str
    body: str
    valid_months: int | None
    service_category_id: str | None
    service_ids: tuple[str, ...]
    """The treatments that name this form as their required consent."""
    active: bool
    version: int
    """The version clients sign now (0 for a new form)."""


@dataclass(frozen=True)
class ConsentChoices:
    """What a form can be required for: ``categories`` as ``(id, name)``, the treatments."""

    categories: tuple[tuple[str, str], ...]
    services: tuple[ChecklistItem, ...]
    service_names: Mapping[str, str]
    taken_codes: frozenset[str]


class ConsentEditor(FormEditor):
    """One consent form; ``saved`` with the service's ``ConsentTemplateInfo``."""

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        draft: ConsentFormDraft,
        choices: ConsentChoices,
    ) -> None:
        title = f"Consent form: {draft.name}" if draft.template_id else "New consent form"
        super().__init__(
            parent, session, title, "this consent form", CONSENT_CHANGED, version=draft.version
        )
        self.draft = draft
        self.choices = choices
        column = self.fields_column
        column.addLayout(self._details())
        requirements = self._requirements()  # first: the preview names a treatment ticked
        column.addWidget(label("Wording", "subtitle"))
        self.wording = WordingEditor(draft.body, self.service_name)
        column.addWidget(self.wording)
        column.addWidget(self.errors.register("body", self.wording.text))
        column.addWidget(label("Required for", "subtitle"))
        column.addLayout(requirements)
        column.addStretch(1)
        self.wording.changed.connect(self._wording_changed)
        self.services.changed.connect(self.wording.refresh)
        self.category.currentIndexChanged.connect(self.wording.refresh)
        self.name.textChanged.connect(self.wording.refresh)
        self._wording_changed()
        self.mark_clean()

    def _details(self) -> QFormLayout:
        draft = self.draft
        self.name = QLineEdit(draft.name)
        self.name.setPlaceholderText("e.g. Dermal filler treatment consent")
        self.valid = touch_size(QSpinBox())
        self.valid.setRange(0, MAX_VALID_MONTHS)
        self.valid.setSpecialValueText(UNTIL_WITHDRAWN)
        self.valid.setSuffix(" months")
        self.valid.setValue(draft.valid_months or 0)
        self.valid.setMaximumWidth(260)
        self.active = check_box(
            "In use: clients are asked to sign it (untick to retire it; signed copies stay)",
            draft.active,
        )
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.field_row(form, "Name", "name", self.name)
        self.field_row(form, "A signature is valid for", "valid_months", self.valid)
        form.addRow("", self.active)
        return form

    def _requirements(self) -> QFormLayout:
        self.category = QComboBox()
        self.category.addItem("No category", None)
        for category_id, text in self.choices.categories:
            self.category.addItem(text, category_id)
        chosen = self.category.findData(self.draft.service_category_id)
        self.category.setCurrentIndex(max(chosen, 0))
        self.services = Checklist("The service menu has no treatments yet.")
        self.services.set_items(self.choices.services, self.draft.service_ids)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.field_row(
            form, "Every treatment in the category", "service_category_id", self.category
        )
        form.addRow(label(SERVICES_HINT, "hint", wrap=True))
        self.field_row(form, "And these treatments", "service_ids", self.services)
        return form

    def service_name(self) -> str:
        """What ``{service}`` reads in the preview: the first treatment ticked, else the
        category, else the form's name (as at signing without an appointment)."""
        ticked = self.services.chosen()
        if ticked:
            return self.choices.service_names.get(ticked[0], "")
        if self.category.currentData():
            return self.category.currentText()
        return self.name.text().strip() or "the treatment"

    def wording_changed(self) -> bool:
        return self.wording.body() != self.draft.body

    def _wording_changed(self) -> None:
        if self.draft.template_id is None or self.wording_changed():
            self.save_button.setText(f"Save as version {self.upcoming}")
        else:
            self.save_button.setText("Save")
        self.note.set_message(
            "",
            f"New wording is saved as version {self.upcoming}: clients sign it from then on. "
            "A signed consent keeps the version it was signed on.",
        )

    def snapshot(self) -> object:
        return (
            self.name.text().strip(),
            self.wording.body(),
            self.valid.value(),
            self.active.isChecked(),
            self.category.currentData(),
            self.services.chosen(),
        )

    def call(self) -> ServiceCall[Any] | None:
        return self._create() if self.draft.template_id is None else self._update()

    def _create(self) -> ServiceCall[Any]:
        name = self.name.text().strip()
        command = forms.CreateConsentTemplate(
            code=unique_key(name, set(self.choices.taken_codes), "consent"),
            name=name,
            body=self.wording.body(),
            valid_months=self.valid.value() or None,
            service_category_id=self.category.currentData(),
        )
        services = self.services.chosen()
        active = self.active.isChecked()

        def call(uow: UnitOfWork, actor: Actor) -> forms.ConsentTemplateInfo:
            made = forms.create_consent_template(command, uow=uow, actor=actor)
            linked = forms.SetConsentServices(made.id, services)
            forms.set_consent_services(linked, uow=uow, actor=actor)
            if not active:
                retire = forms.UpdateConsentTemplate(made.id, active=False)
                return forms.update_consent_template(retire, uow=uow, actor=actor)
            return made

        return call

    def _update(self) -> ServiceCall[Any]:
        template_id = self.draft.template_id or ""
        update = forms.UpdateConsentTemplate(
            template_id,
            name=self.name.text(),
            valid_months=self.valid.value() or None,
            service_category_id=self.category.currentData(),
            active=self.active.isChecked(),
        )
        body = self.wording.body() if self.wording_changed() else None
        linked = forms.SetConsentServices(template_id, self.services.chosen())

        def call(uow: UnitOfWork, actor: Actor) -> forms.ConsentTemplateInfo:
            # NOTE: the wording is checked before anything is written, so a refused form
            # leaves nothing half saved (each service below commits its own part).
            problem = wording_problem(body) if body is not None else None
            if problem:
                raise ValidationError({"body": problem})
            info = forms.update_consent_template(update, uow=uow, actor=actor)
            if body is not None:
                new = forms.AddConsentVersion(template_id, body)
                forms.add_consent_version(new, uow=uow, actor=actor)
            forms.set_consent_services(linked, uow=uow, actor=actor)
            return info

        return call


def service_items(
    services: Sequence[ServiceInfo],
    categories: Mapping[str, str],
    forms_by_id: Mapping[str, str],
    own: str,
) -> tuple[ChecklistItem, ...]:
    """Each treatment under its category, saying which other form it names now."""
    order = {category_id: n for n, category_id in enumerate(categories)}
    items = []
    for service in sorted(services, key=lambda s: order.get(s.category_id, len(order))):
        other = service.required_consent_template_id
        named = other and other != own and other in forms_by_id
        note = f"Needs “{forms_by_id[other]}” now" if named else ""
        group = categories.get(service.category_id, "")
        items.append(ChecklistItem(service.id, service.name, group, note))
    return tuple(items)
