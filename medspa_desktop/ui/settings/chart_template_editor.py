"""Settings → Chart templates → a template: its name, the service categories it charts, and
its fields in order, grouped in sections. Saving makes a new version; charts already started
keep theirs. GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QWidget

from medspa_desktop.services.chart_templates import SaveChartTemplate, save_chart_template
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.cards import Card, CardList, Checklist, ChecklistItem
from medspa_desktop.ui.settings.chart_field_cards import FieldCard, SectionCard
from medspa_desktop.ui.settings.form_editor import FormEditor, unique_key
from medspa_desktop.ui.widgets import button, confirmation_box, label, when_confirmed

FORMS_CHANGED = OpChanges.of(Changed.FORMS)


@dataclass(frozen=True)
class ChartTemplateDraft:
    """What the editor opens on: a stored template, a built-in not changed yet, or a copy."""

    code: str | None
    """``None`` for a new template: its code is made from its name when it is saved."""
    name: str
    category_codes: tuple[str, ...]
    definition: Mapping[str, Any]
    version: int
    """The version saved now (0 for a new template)."""
    template_id: str | None = None


@dataclass(frozen=True)
class CategoryChoice:
    code: str
    name: str
    charted_on: tuple[str, ...] = field(default=())
    """Names of the other templates that list this category."""

    def item(self) -> ChecklistItem:
        listed = ", ".join(f"“{name}”" for name in self.charted_on)
        note = f"Also listed on {listed}: the oldest template listed is used." if listed else ""
        return ChecklistItem(self.code, self.name, note=note)


class FieldList(CardList):
    """Section headings and fields: the fields under a heading are its section. A section
    moves with its fields; the first card is always a heading."""

    def sections(self) -> list[list[Card]]:
        """The cards grouped by section, each group starting with its heading."""
        groups: list[list[Card]] = []
        for card in self.cards:
            if isinstance(card, SectionCard) or not groups:
                groups.append([card])
            else:
                groups[-1].append(card)
        return groups

    def may_move(self, at: int, to: int) -> bool:
        card = self.cards[at]
        if isinstance(card, SectionCard):
            headings = [c for c in self.cards if isinstance(c, SectionCard)]
            return 0 <= headings.index(card) + (to - at) < len(headings)
        return 1 <= to < len(self.cards)

    def move(self, card: Card, step: int) -> None:
        if not isinstance(card, SectionCard):
            super().move(card, step)
            return
        groups = self.sections()
        at = next(n for n, group in enumerate(groups) if group[0] is card)
        if 0 <= at + step < len(groups):
            groups[at], groups[at + step] = groups[at + step], groups[at]
            self.cards = [c for group in groups for c in group]
            self.reorder()

    def remove(self, card: Card) -> None:
        if not isinstance(card, SectionCard):
            super().remove(card)
            return
        group = next(g for g in self.sections() if g[0] is card)
        if len(group) == 1:
            super().remove(card)
            return
        title = card.title.text().strip() or "this section"
        box = confirmation_box(
            self,
            "Remove section?",
            f"Remove “{title}” and its {len(group) - 1} field(s) from the template? Charts "
            "already written keep them; new charts will not have them.",
            "Remove section",
            danger=True,
        )
        when_confirmed(box, lambda: self._remove_all(group))
        box.open()

    def _remove_all(self, cards: list[Card]) -> None:
        for card in cards:
            super().remove(card)

    def refresh(self) -> None:
        super().refresh()
        headings = [c for c in self.cards if isinstance(c, SectionCard)]
        for heading in headings:
            heading.remove.setEnabled(len(headings) > 1)

    def add_field(self, heading: SectionCard | None = None) -> FieldCard:
        """A new field at the end of ``heading``'s section (the last section by default)."""
        groups = self.sections()
        group = next((g for g in groups if g[0] is heading), groups[-1])
        card = FieldCard()
        self.add(card, self.cards.index(group[-1]) + 1)
        return card

    def add_section(self, section: Mapping[str, Any] | None = None) -> SectionCard:
        card = SectionCard(dict(section or {}))
        card.add_field.connect(self.add_field)
        self.add(card)
        return card

    def fill(self, definition: Mapping[str, Any]) -> None:
        for section in definition.get("sections") or [{}]:
            self.add_section(section)
            for spec in section.get("fields") or []:
                self.add(FieldCard(spec))

    def definition(self) -> dict[str, Any]:
        """The schema JSON of the cards; new sections and fields get keys from their words."""
        taken = {card.key for card in self.cards if card.key}
        sections = []
        for heading, *fields in self.sections():
            assert isinstance(heading, SectionCard)
            words = heading.title.text()
            section = heading.to_json(heading.key or unique_key(words, taken, "section"))
            for card in fields:
                assert isinstance(card, FieldCard)
                key = card.key or unique_key(card.label_text(), taken, "field")
                section["fields"].append(card.to_json(key))
            sections.append(section)
        return {"sections": sections}

    def card_at(self, place: str) -> Card | None:
        """The card the service's error key ``sections.N[.fields.M]`` points at."""
        parts = place.split(".")
        try:
            group = self.sections()[int(parts[1])]
            return group[int(parts[3]) + 1] if len(parts) == 4 else group[0]
        except (IndexError, ValueError):
            return None


class ChartTemplateEditor(FormEditor):
    """One template; ``saved`` with the service's ``ChartTemplateInfo``."""

    def __init__(
        self,
        parent: QWidget,
        session: AppSession,
        draft: ChartTemplateDraft,
        categories: Sequence[CategoryChoice],
        taken_codes: frozenset[str],
    ) -> None:
        title = f"Chart template: {draft.name}" if draft.code else "New chart template"
        super().__init__(
            parent, session, title, "this chart template", FORMS_CHANGED, version=draft.version
        )
        self.draft = draft
        self.taken_codes = taken_codes
        self.note.set_message(
            "",
            f"Saving makes version {self.upcoming} of this template. Charts already started "
            f"keep the version they were started on; charts started after saving use version "
            f"{self.upcoming}.",
        )
        column = self.fields_column
        column.addLayout(self._details(categories))
        column.addWidget(label("Fields", "subtitle"))
        column.addWidget(
            label("The chart shows the fields in this order, under their section headings.",
                  "hint", wrap=True)
        )  # fmt: skip
        self.fields = FieldList()
        self.fields.fill(draft.definition)
        column.addWidget(self.fields)
        column.addLayout(self._adders())
        column.addStretch(1)
        self.mark_clean()

    def _details(self, categories: Sequence[CategoryChoice]) -> QFormLayout:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.name = QLineEdit(self.draft.name)
        self.name.setPlaceholderText("e.g. Laser hair removal")
        self.categories = Checklist("The clinic has no service categories yet.")
        known = {choice.code for choice in categories}
        items = [choice.item() for choice in categories]
        items += [ChecklistItem(c, c) for c in self.draft.category_codes if c not in known]
        self.categories.set_items(items, self.draft.category_codes)
        self.field_row(form, "Name", "name", self.name)
        self.field_row(form, "Charts these service categories", "category_codes", self.categories)
        return form

    def _adders(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot in (("Add field", self.add_field), ("Add section", self.add_section)):
            widget = button(text)
            widget.clicked.connect(slot)
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def add_field(self) -> FieldCard:
        card = self.fields.add_field()
        self._focus(card)
        return card

    def add_section(self) -> SectionCard:
        card = self.fields.add_section()
        self._focus(card)
        return card

    def _focus(self, card: Card) -> None:
        card.first_input().setFocus()
        self.reveal(card)

    def snapshot(self) -> object:
        return (self.name.text().strip(), self.categories.chosen(), self.fields.definition())

    def call(self) -> ServiceCall[Any] | None:
        self.fields.clear_errors()
        problems = {
            card: card.problem() for card in self.fields.cards if isinstance(card, FieldCard)
        }
        first = next((card for card, problem in problems.items() if problem), None)
        if first is not None:
            for card, problem in problems.items():
                card.show_error(problem)
            self.errors.show({}, "Fix what is marked in red below, then save again.")
            self.reveal(first)
            return None
        name = self.name.text().strip()
        code = self.draft.code or unique_key(name, set(self.taken_codes), "template")
        command = SaveChartTemplate(code, name, self.categories.chosen(), self.fields.definition())
        return lambda uow, actor: save_chart_template(command, uow=uow, actor=actor)

    def place_errors(self, errors: Mapping[str, str]) -> tuple[dict[str, str], QWidget | None]:
        self.fields.clear_errors()
        rest, first = {}, None
        for place, message in errors.items():
            card = self.fields.card_at(place) if place.startswith("sections.") else None
            if card is None:
                rest[place] = message
                continue
            card.show_error(message)
            first = first or card
        if first is not None:
            rest.pop("definition", None)
        return rest, first
