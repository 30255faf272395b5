"""Settings → Chart templates (managers and owners): the forms practitioners chart on, with
the built-in ones not changed yet; new from scratch or as a copy; earlier versions read-only.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QMenu

from medspa_desktop.domain.actor import Actor
from medspa_desktop.domain.chart_builtin import BUILT_IN
from medspa_desktop.domain.chart_template import FieldKind, FieldSpec, TemplateSchema
from medspa_desktop.domain.consent_record import long_date
from medspa_desktop.services.chart_templates import (
    ChartTemplateInfo,
    chart_template_versions,
    list_chart_templates,
)
from medspa_desktop.services.service_menu import ServiceCategoryInfo, get_service_menu
from medspa_desktop.store.uow import UnitOfWork
from medspa_desktop.ui.ops import Changed
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.settings.chart_template_editor import (
    CategoryChoice,
    ChartTemplateDraft,
    ChartTemplateEditor,
)
from medspa_desktop.ui.settings.common import ListPage, RecordTable
from medspa_desktop.ui.settings.versions import show_versions
from medspa_desktop.ui.widgets import button

HINT = (
    "The forms practitioners chart treatments on. A service category is charted on the "
    "template that lists it, any other treatment on SOAP notes. Changing a template saves a "
    "new version: charts already started keep the version they were started on."
)


@dataclass(frozen=True)
class ChartTemplateList:
    templates: tuple[ChartTemplateInfo, ...]
    categories: tuple[ServiceCategoryInfo, ...]


@dataclass(frozen=True)
class TemplateRow:
    draft: ChartTemplateDraft
    changed_at: dt.datetime | None
    """When the version in use was saved; ``None`` for a built-in not changed yet."""


def load_templates(uow: UnitOfWork, actor: Actor) -> ChartTemplateList:
    templates = list_chart_templates(uow=uow, actor=actor)
    return ChartTemplateList(templates, get_service_menu(uow=uow, actor=actor).categories)


def template_rows(templates: tuple[ChartTemplateInfo, ...]) -> dict[str, TemplateRow]:
    """The stored templates, then the built-ins no device has stored yet, by row id."""
    rows = {
        t.template_id: TemplateRow(
            ChartTemplateDraft(
                t.code, t.name, t.category_codes, t.schema.to_json(), t.version, t.template_id
            ),
            t.created_at,
        )
        for t in templates
    }
    stored = {t.code for t in templates}
    for code, built_in in BUILT_IN.items():
        if code not in stored:
            draft = ChartTemplateDraft(
                code, built_in.name, built_in.category_codes, built_in.schema, 1
            )
            rows[f"built-in:{code}"] = TemplateRow(draft, None)
    return dict(sorted(rows.items(), key=lambda item: item[1].draft.name.casefold()))


def field_words(spec: FieldSpec) -> str:
    """How a field reads in the list of a version's fields."""
    unit = f" in {spec.unit}" if spec.unit else ""
    words = {
        FieldKind.TEXT: "notes" if spec.multiline else "text",
        FieldKind.NUMBER: "number" + unit,
        FieldKind.CHOICE: ("any of: " if spec.multiple else "one of: ") + ", ".join(spec.choices),
        FieldKind.LOT: "products used (lot numbers)",
        FieldKind.INJECTION_MAP: "injection map" + unit,
    }[spec.kind]
    return words + ("; required" if spec.required else "")


def schema_html(schema: TemplateSchema) -> str:
    parts = []
    for section in schema.sections:
        items = "".join(
            f"<li><b>{html.escape(spec.label)}</b>: {html.escape(field_words(spec))}</li>"
            for spec in section.fields
        )
        parts.append(f"<h3>{html.escape(section.title)}</h3><ul>{items}</ul>")
    return "".join(parts)


def version_entry(version: ChartTemplateInfo, current: int) -> tuple[str, str]:
    heading = f"Version {version.version}, {changed_text(version.created_at)}"
    heading += " (in use)" if version.version == current else ""
    return heading, schema_html(version.schema)


def changed_text(moment: dt.datetime | None) -> str:
    return long_date(moment.astimezone().date()) if moment else "Not changed yet"


class ChartTemplatesPage(ListPage):
    def __init__(self, session: AppSession) -> None:
        super().__init__(session, "Chart templates", HINT, (Changed.FORMS, Changed.SERVICE_MENU))
        self.rows: dict[str, TemplateRow] = {}
        self.categories: tuple[ServiceCategoryInfo, ...] = ()
        self.table = RecordTable(("Template", "Service categories", "Version", "Last changed"), 1)
        self.table.doubleClicked.connect(self.edit)
        self.new_button = button("New template", "primary")
        self.new_menu = QMenu(self.new_button)
        self.new_button.setMenu(self.new_menu)
        self.buttons.addWidget(self.new_button)
        self.edit_button = self.add_button("Edit", self.edit)
        self.versions_button = self.add_button("Earlier versions", self.show_versions)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.finish_layout(self.table)
        self.reload()

    def reload(self) -> None:
        self.session.query(self, load_templates).success(self._show).run()

    def _show(self, loaded: ChartTemplateList) -> None:
        self.rows = template_rows(loaded.templates)
        self.categories = loaded.categories
        names = {c.code: c.name for c in loaded.categories}
        self.table.show_rows([
            (row_id, (row.draft.name,
                      ", ".join(names.get(c, c) for c in row.draft.category_codes) or "—",
                      f"{row.draft.version}" + ("" if row.draft.template_id else " (built in)"),
                      changed_text(row.changed_at)))
            for row_id, row in self.rows.items()
        ])  # fmt: skip
        self._fill_menu()
        self._selection_changed()

    def _fill_menu(self) -> None:
        self.new_menu.clear()
        self.new_menu.addAction("Blank template", lambda: self.new_template(None))
        self.new_menu.addSeparator()
        for row in self.rows.values():
            self.new_menu.addAction(
                f"Copy of {row.draft.name}", lambda draft=row.draft: self.new_template(draft)
            )

    def _selection_changed(self) -> None:
        row = self.chosen()
        self.edit_button.setEnabled(row is not None)
        self.versions_button.setEnabled(row is not None and row.draft.template_id is not None)

    def chosen(self) -> TemplateRow | None:
        return self.rows.get(self.table.selected_id() or "")

    def new_template(self, source: ChartTemplateDraft | None) -> ChartTemplateEditor:
        """A new template, blank or a copy of ``source`` (which it does not change)."""
        blank: Mapping[str, Any] = {"sections": [{"title": "Notes", "fields": [{}]}]}
        draft = ChartTemplateDraft(
            None,
            f"{source.name} (copy)" if source else "",
            (),
            source.definition if source else blank,
            0,
        )
        return self._open(draft)

    def edit(self) -> ChartTemplateEditor | None:
        row = self.chosen()
        return self._open(row.draft) if row else None

    def _open(self, draft: ChartTemplateDraft) -> ChartTemplateEditor:
        editor = ChartTemplateEditor(
            self, self.session, draft, self._choices(draft), frozenset(self._codes())
        )
        editor.open()
        return editor

    def _codes(self) -> set[str]:
        return {row.draft.code or "" for row in self.rows.values()} | set(BUILT_IN)

    def _choices(self, draft: ChartTemplateDraft) -> list[CategoryChoice]:
        others = [r.draft for r in self.rows.values() if r.draft.code != draft.code]
        return [
            CategoryChoice(
                c.code, c.name, tuple(o.name for o in others if c.code in o.category_codes)
            )
            for c in self.categories
        ]

    def show_versions(self) -> None:
        row = self.chosen()
        template_id = row.draft.template_id if row else None
        if row is None or template_id is None:
            return
        show_versions(
            self,
            self.session,
            f"Versions of {row.draft.name}",
            "Each chart keeps the version it was started on. Versions are never changed.",
            lambda uow, actor: chart_template_versions(template_id, uow=uow, actor=actor),
            lambda version: version_entry(version, row.draft.version),
        )
