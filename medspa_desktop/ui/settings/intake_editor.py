"""Settings → Intake questionnaires → a questionnaire: its name and its questions in order
(the question, the kind of answer, the choices, whether an answer is required). Saving makes
a new version; answers already given keep the questions they were given to. GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QWidget

from medspa_desktop.services.intake_forms import SaveIntakeForm, save_intake_form
from medspa_desktop.services.intake_rules import IntakeQuestion
from medspa_desktop.ui.ops import Changed, OpChanges
from medspa_desktop.ui.session import AppSession, ServiceCall
from medspa_desktop.ui.settings.cards import Card, CardList, check_box, lines_box, lines_of
from medspa_desktop.ui.settings.form_editor import FormEditor, unique_key
from medspa_desktop.ui.widgets import button, label

ANSWER_KINDS = (
    ("Answer in words", "text"),
    ("Yes / No", "yes_no"),
    ("Choice from a list", "choice"),
    ("Date", "date"),
)


@dataclass(frozen=True)
class IntakeDraft:
    code: str | None
    """``None`` for a new questionnaire: its code is made from its name when it is saved."""
    name: str
    questions: tuple[IntakeQuestion, ...]
    version: int
    """The version in use now (0 for a new questionnaire)."""


class QuestionCard(Card):
    def __init__(self, question: IntakeQuestion | None = None) -> None:
        super().__init__()
        shown = question or IntakeQuestion("", "")
        self.key = shown.key
        self.label = QLineEdit(shown.label)
        self.label.setPlaceholderText("The question, e.g. Do you take blood thinners?")
        self.label.setAccessibleName("Question")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of answer")
        for text, kind in ANSWER_KINDS:
            self.kind.addItem(text, kind)
        self.kind.setCurrentIndex(max(self.kind.findData(shown.type), 0))
        row = QHBoxLayout()
        row.addWidget(self.label, 3)
        row.addWidget(self.kind, 1)
        self.column.addLayout(row)
        self.choices = lines_box("\n".join(shown.choices), "One answer a line (at least two)")
        self.choices.setAccessibleName("Choices")
        self.column.addWidget(self.choices)
        self.required = check_box("The client must answer it", shown.required)
        self.tools.addWidget(self.required)
        self.kind.currentIndexChanged.connect(self._show_choices)
        self._show_choices()
        self.finish()

    def _show_choices(self) -> None:
        self.choices.setVisible(self.kind.currentData() == "choice")

    def first_input(self) -> QWidget:
        return self.label

    def to_question(self, key: str) -> IntakeQuestion:
        kind = str(self.kind.currentData())
        choices = tuple(lines_of(self.choices)) if kind == "choice" else ()
        return IntakeQuestion(
            key, self.label.text().strip(), kind, self.required.isChecked(), choices
        )


class IntakeEditor(FormEditor):
    """One questionnaire; ``saved`` with the service's ``IntakeFormInfo``."""

    def __init__(
        self, parent: QWidget, session: AppSession, draft: IntakeDraft, taken: frozenset[str]
    ) -> None:
        title = f"Intake questionnaire: {draft.name}" if draft.code else "New questionnaire"
        changes = OpChanges.of(Changed.FORMS)
        super().__init__(
            parent, session, title, "this questionnaire", changes, version=draft.version
        )
        self.draft = draft
        self.taken_codes = taken
        self.note.set_message(
            "",
            f"Saving makes version {self.upcoming}: clients answer it from then on. Answers "
            "already given keep the questions they were given to.",
        )
        column = self.fields_column
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.name = QLineEdit(draft.name)
        self.name.setPlaceholderText("e.g. Medical history")
        self.field_row(form, "Name", "name", self.name)
        column.addLayout(form)
        column.addWidget(label("Questions", "subtitle"))
        self.questions = CardList()
        for question in draft.questions:
            self.questions.add(QuestionCard(question))
        column.addWidget(self.questions)
        adder = button("Add question")
        adder.clicked.connect(self.add_question)
        column.addLayout(self._left(adder))
        column.addStretch(1)
        self.mark_clean()

    @staticmethod
    def _left(widget: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(widget)
        row.addStretch(1)
        return row

    def add_question(self) -> QuestionCard:
        card = QuestionCard()
        self.questions.add(card)
        card.label.setFocus()
        self.reveal(card)
        return card

    def cards(self) -> list[QuestionCard]:
        return [card for card in self.questions.cards if isinstance(card, QuestionCard)]

    def asked(self) -> tuple[IntakeQuestion, ...]:
        """The questions on the screen; new ones get keys from their words."""
        taken = {card.key for card in self.cards() if card.key}
        return tuple(
            card.to_question(card.key or unique_key(card.label.text(), taken, "question"))
            for card in self.cards()
        )

    def snapshot(self) -> object:
        return (self.name.text().strip(), self.asked())

    def call(self) -> ServiceCall[Any] | None:
        name = self.name.text().strip()
        code = self.draft.code or unique_key(name, set(self.taken_codes), "questionnaire")
        command = SaveIntakeForm(code, name, self.asked())
        return lambda uow, actor: save_intake_form(command, uow=uow, actor=actor)

    def place_errors(self, errors: Mapping[str, str]) -> tuple[dict[str, str], QWidget | None]:
        self.questions.clear_errors()
        cards = self.cards()
        rest, first = {}, None
        for place, message in errors.items():
            at = place.removeprefix("questions.")
            if at.isdigit() and int(at) < len(cards):
                cards[int(at)].show_error(message)
                first = first or cards[int(at)]
            else:
                rest[place] = message
        if first is not None:
            rest.pop("questions", None)
        return rest, first
