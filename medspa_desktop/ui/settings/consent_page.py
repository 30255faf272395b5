"""Settings → Consent forms (managers and owners): each form, what it is required for, how
long a signature lasts and the version clients sign now; new and edited forms; earlier
versions read-only."""

from __future__ import annotations

from dataclasses import dataclass

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.consent_record import long_date
from medspa_desktop.domain.consent_text import parse_rich_text
from medspa_desktop.services import consent_templates as forms
from medspa_desktop.services.service_menu import ServiceMenu, get_service_menu
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.consent_html import blocks_html
from medspa_desktop.ui.ops import Changed
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.settings.common import ListPage, RecordTable
from medspa_desktop.ui.settings.consent_editor import (
    ConsentChoices,
    ConsentEditor,
    ConsentFormDraft,
    service_items,
)
from medspa_desktop.ui.settings.versions import show_versions

HINT = (
    "The forms clients sign before a treatment. A treatment needs the form it names, or the "
    "form of its category. New wording is a new version: each signed consent keeps the "
    "version it was signed on."
)


@dataclass(frozen=True)
class ConsentForm:
    info: forms.ConsentTemplateInfo
    body: str


@dataclass(frozen=True)
class ConsentFormList:
    forms: tuple[ConsentForm, ...]
    menu: ServiceMenu


def load_forms(uow: UnitOfWork, actor: Actor) -> ConsentFormList:
    listed = forms.list_consent_templates(uow=uow, actor=actor, include_inactive=True)
    bodies = [
        forms.consent_version(info.current_version_id, uow=uow, actor=actor).body
        if info.current_version_id
        else ""
        for info in listed
    ]
    return ConsentFormList(
        tuple(ConsentForm(info, body) for info, body in zip(listed, bodies, strict=True)),
        get_service_menu(uow=uow, actor=actor),
    )


def validity(months: int | None) -> str:
    if months is None:
        return "Until withdrawn"
    return "1 month" if months == 1 else f"{months} months"


def version_entry(version: forms.ConsentVersionText, current: int) -> tuple[str, str]:
    heading = f"Version {version.version}, {long_date(version.created_at.astimezone().date())}"
    heading += " (in use)" if version.version == current else ""
    return heading, blocks_html(parse_rich_text(version.body))


class ConsentFormsPage(ListPage):
    def __init__(self, session: AppSession) -> None:
        super().__init__(session, "Consent forms", HINT, (Changed.FORMS, Changed.SERVICE_MENU))
        self.loaded = ConsentFormList((), ServiceMenu((), ()))
        self.table = RecordTable(("Form", "Required for", "Valid for", "Version"), 1)
        self.table.doubleClicked.connect(self.edit)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.new_button = self.add_button("New form", self.new_form, "primary")
        self.edit_button = self.add_button("Edit", self.edit)
        self.versions_button = self.add_button("Earlier versions", self.show_versions)
        self.finish_layout(self.table)
        self.reload()

    def reload(self) -> None:
        self.session.query(self, load_forms).success(self._show).run()

    def _show(self, loaded: ConsentFormList) -> None:
        self.loaded = loaded
        self.table.show_rows([
            (form.info.id, (form.info.name, self.required_for(form.info),
                            validity(form.info.valid_months),
                            f"{form.info.current_version}"
                            + ("" if form.info.active else ", retired")))
            for form in loaded.forms
        ])  # fmt: skip
        self._selection_changed()

    def required_for(self, info: forms.ConsentTemplateInfo) -> str:
        """Short: its category, and the treatments outside it that name the form."""
        menu = self.loaded.menu
        category = next((c for c in menu.categories if c.id == info.service_category_id), None)
        parts = [f"All {category.name}"] if category else []
        others = [
            s.name
            for s in menu.services
            if s.required_consent_template_id == info.id
            and (category is None or s.category_id != category.id)
        ]
        parts += others if len(others) <= 2 else [f"{len(others)} treatments"]
        return ", ".join(parts) or "Not required"

    def _selection_changed(self) -> None:
        chosen = self.chosen() is not None
        self.edit_button.setEnabled(chosen)
        self.versions_button.setEnabled(chosen)

    def chosen(self) -> ConsentForm | None:
        wanted = self.table.selected_id()
        return next((f for f in self.loaded.forms if f.info.id == wanted), None)

    def new_form(self) -> ConsentEditor:
        draft = ConsentFormDraft(None, "", "", 12, None, (), True, 0)
        return self._open(draft)

    def edit(self) -> ConsentEditor | None:
        form = self.chosen()
        if form is None:
            return None
        info = form.info
        services = tuple(
            s.id for s in self.loaded.menu.services if s.required_consent_template_id == info.id
        )
        draft = ConsentFormDraft(
            info.id, info.name, form.body, info.valid_months, info.service_category_id,
            services, info.active, info.current_version,
        )  # fmt: skip
        return self._open(draft)

    def _open(self, draft: ConsentFormDraft) -> ConsentEditor:
        editor = ConsentEditor(self, self.session, draft, self._choices(draft))
        editor.open()
        return editor

    def _choices(self, draft: ConsentFormDraft) -> ConsentChoices:
        menu = self.loaded.menu
        categories = {c.id: c.name for c in menu.categories}
        names = {f.info.id: f.info.name for f in self.loaded.forms}
        shown = [s for s in menu.services if s.active or s.id in draft.service_ids]
        return ConsentChoices(
            categories=tuple(categories.items()),
            services=service_items(shown, categories, names, draft.template_id or ""),
            service_names={s.id: s.name for s in shown},
            taken_codes=frozenset(f.info.code for f in self.loaded.forms),
        )

    def show_versions(self) -> None:
        form = self.chosen()
        if form is None:
            return
        template_id, current = form.info.id, form.info.current_version
        show_versions(
            self,
            self.session,
            f"Versions of {form.info.name}",
            "The wording as written, before a client's details are filled in. Each signed "
            "consent keeps the version it was signed on; versions are never changed.",
            lambda uow, actor: forms.consent_versions(template_id, uow=uow, actor=actor),
            lambda version: version_entry(version, current),
        )
