"""One intake questionnaire in kiosk mode: each question in large type with its answer
below it (a line of text, Yes and No as two big buttons, one big button per choice, or a
date), the required ones checked before "Submit". GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from medspa_desktop.services.intake_forms import IntakeFormInfo
from medspa_desktop.services.intake_rules import IntakeQuestion
from medspa_desktop.ui.widgets import button, label

NO_DATE = QDate(1900, 1, 1)
"""The date edit's "not answered" value, shown as its special text."""
CHOICES_PER_ROW = 4
ANSWER_THIS = "Please answer this question."


class Answer(QWidget):
    """The input for one question; ``value()`` is what ``submit_intake`` takes (None = blank)."""

    def __init__(self, question: IntakeQuestion) -> None:
        super().__init__()
        self.question = question
        self.text: QLineEdit | None = None
        self.date: QDateEdit | None = None
        self.group = QButtonGroup(self)
        self.buttons: dict[Any, QPushButton] = {}
        self._per_row = CHOICES_PER_ROW
        lay = self._grid = QGridLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(12)
        if question.type == "yes_no":
            self._add_buttons(lay, [("Yes", True), ("No", False)])
        elif question.type == "choice":
            self._add_buttons(lay, [(choice, choice) for choice in question.choices])
        elif question.type == "date":
            self.date = QDateEdit()
            self.date.setCalendarPopup(True)
            self.date.setDisplayFormat("d MMMM yyyy")
            self.date.setMinimumDate(NO_DATE)
            self.date.setSpecialValueText("Tap to choose a date")
            self.date.setDate(NO_DATE)
            self.date.setMinimumWidth(360)
            lay.addWidget(self.date, 0, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            self.text = QLineEdit()
            self.text.setAccessibleName(question.label)
            lay.addWidget(self.text, 0, 0)

    def _add_buttons(self, lay: QGridLayout, options: list[tuple[str, Any]]) -> None:
        for text, value in options:
            choice = button(text, "answer")
            choice.setCheckable(True)
            self.group.addButton(choice)
            self.buttons[value] = choice
        self._place_buttons(CHOICES_PER_ROW)

    def _place_buttons(self, per_row: int) -> None:
        """The choices in rows of ``per_row`` (fewer on a narrow screen)."""
        self._per_row = per_row
        for index, choice in enumerate(self.buttons.values()):
            self._grid.removeWidget(choice)
            self._grid.addWidget(choice, index // per_row, index % per_row)
        for column in range(CHOICES_PER_ROW + 1):
            self._grid.setColumnStretch(column, 1 if column == per_row else 0)

    def minimumSizeHint(self) -> QSize:
        # One choice a row at the narrowest: the rows re-flow to the room there is.
        hint = super().minimumSizeHint()
        widest = max((b.minimumSizeHint().width() for b in self.buttons.values()), default=0)
        return QSize(min(hint.width(), widest) if widest else hint.width(), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.buttons:
            return
        spacing = self._grid.horizontalSpacing()
        widest = max(b.minimumSizeHint().width() for b in self.buttons.values())
        fits = (event.size().width() + spacing) // (widest + spacing)
        per_row = max(1, min(CHOICES_PER_ROW, fits))
        if per_row != self._per_row:
            self._place_buttons(per_row)

    def value(self) -> Any:
        if self.text is not None:
            return self.text.text().strip() or None
        if self.date is not None:
            chosen = self.date.date()
            return None if chosen == NO_DATE else chosen.toString(Qt.DateFormat.ISODate)
        checked = self.group.checkedButton()
        return next((v for v, b in self.buttons.items() if b is checked), None)

    def set_value(self, value: Any) -> None:
        """Answer as the client would (used by the screenshot scene and the tests)."""
        if self.text is not None:
            self.text.setText(str(value))
        elif self.date is not None:
            self.date.setDate(QDate.fromString(str(value), Qt.DateFormat.ISODate))
        elif value in self.buttons:
            self.buttons[value].setChecked(True)


class IntakePage(QWidget):
    """``submit_asked(answers)`` when every required question is answered."""

    submit_asked = Signal(object)

    def __init__(self, form: IntakeFormInfo, step: str) -> None:
        super().__init__()
        self.form = form
        self.answers: dict[str, Answer] = {}
        self.errors: dict[str, QLabel] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 8, 32, 16)
        column.setSpacing(10)
        column.addWidget(label(step, "step"))
        column.addWidget(label(form.name, "formTitle", wrap=True))
        column.addWidget(label("Questions marked * need an answer.", "hint"))
        column.addWidget(self._questions(form), 1)
        row = QHBoxLayout()
        self.summary = label("", "fieldError", wrap=True)
        row.addWidget(self.summary, 1)
        self.submit = button("Submit", "primary")
        self.submit.setMinimumWidth(260)
        self.submit.clicked.connect(self._submit)
        row.addWidget(self.submit)
        column.addLayout(row)

    def _questions(self, form: IntakeFormInfo) -> QScrollArea:
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.setContentsMargins(4, 4, 20, 4)
        lay.setSpacing(8)
        for question in form.questions:
            mark = " *" if question.required else ""
            lay.addWidget(label(question.label + mark, "question", wrap=True))
            answer = Answer(question)
            self.answers[question.key] = answer
            lay.addWidget(answer)
            error = label("", "fieldError", wrap=True)
            error.setVisible(False)
            self.errors[question.key] = error
            lay.addWidget(error)
            lay.addSpacing(14)
        lay.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(inner)
        QScroller.grabGesture(
            self.scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        return self.scroll

    def values(self) -> dict[str, Any]:
        found = {key: answer.value() for key, answer in self.answers.items()}
        return {key: value for key, value in found.items() if value is not None}

    def _submit(self) -> None:
        given = self.values()
        missing = {
            key: ANSWER_THIS
            for key, answer in self.answers.items()
            if answer.question.required and key not in given
        }
        if missing:
            self.show_errors(missing)
            return
        self.show_errors({})
        self.submit.setEnabled(False)
        self.submit_asked.emit(given)

    def show_errors(self, errors: Mapping[str, str], general: str = "") -> None:
        """Errors under their questions (the first one scrolled into view), else ``general``."""
        self.submit.setEnabled(True)
        for key, error in self.errors.items():
            error.setText(errors.get(key, ""))
            error.setVisible(key in errors)
        first = next((self.answers[key] for key in self.answers if key in errors), None)
        if first is not None:
            self.scroll.ensureWidgetVisible(first, 0, 120)
        count = sum(1 for key in errors if key in self.answers)
        plural = "s" if count != 1 else ""
        self.summary.setText(
            f"{count} question{plural} still need an answer." if count else general
        )
