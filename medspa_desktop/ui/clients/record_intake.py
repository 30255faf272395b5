"""The Intake tab of the client's record: per questionnaire, whether the client filled it in
and who reviewed it; for practitioners, managers and owners also every version sent, the
latest answers with those changed since the version before marked, and "Mark reviewed".
The front desk sees the states only. GUI thread.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from medspa_desktop.domain.actions import Action
from medspa_desktop.services.intake import IntakeStatus
from medspa_desktop.services.intake_history import IntakeHistory
from medspa_desktop.services.intake_rules import IntakeQuestion
from medspa_desktop.ui.clients.record_look import RecordRow, rows_layout, set_tone
from medspa_desktop.ui.clients.record_tab import RecordTab, concerns_client
from medspa_desktop.ui.clients.record_words import OK, WARNING, StateWords, day_text
from medspa_desktop.ui.clients.record_work import ClientIntake, intake_of, review
from medspa_desktop.ui.ops import Changed, OpChanges, show_failure
from medspa_desktop.ui.session import AppSession
from medspa_desktop.ui.style import restyle
from medspa_desktop.ui.widgets import button, label

CLINICAL_HINT = "Intake questionnaires: the latest answers, with changes since the last marked."
DESK_HINT = (
    "Whether the client filled in each questionnaire and a practitioner reviewed it. "
    "The answers are for practitioners, managers and owners."
)
NOTHING = "No intake questionnaire is in use and the client has answered none."


def status_words(status: IntakeStatus | None, history: IntakeHistory | None) -> StateWords:
    """A questionnaire's state: from its status while in use, else from the answers kept."""
    latest = history.versions[0] if history is not None else None
    if status is not None:
        sent, reviewed_at, who = status.submitted_at, status.reviewed_at, status.reviewed_by_name
    elif latest is not None:
        sent, reviewed_at, who = latest.submitted_at, latest.reviewed_at, latest.reviewed_by_name
    else:
        sent = None
    if sent is None:
        return StateWords("Missing — not filled in yet", WARNING)
    if reviewed_at is not None:
        reviewer = who or "a colleague"
        return StateWords(
            f"Reviewed by {reviewer} on {day_text(reviewed_at)} (sent {day_text(sent)})", OK
        )
    return StateWords(f"Sent {day_text(sent)}, not reviewed yet", WARNING)


def answer_text(question: IntakeQuestion, value: Any) -> str:
    if value is None or value == "":
        return "Not answered"
    if question.type == "yes_no":
        return "Yes" if value else "No"
    if question.type == "date":
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return f"{day.day} {day:%b %Y}"
    return str(value)


class IntakeSection(RecordRow):
    """One questionnaire: its state, and for clinical roles its versions and answers."""

    def __init__(self, name: str, words: StateWords) -> None:
        super().__init__()
        set_tone(self, words.tone)
        top = QHBoxLayout()
        texts = QVBoxLayout()
        texts.addWidget(label(name, "subtitle", wrap=True))
        self.state = label(words.text, wrap=True)
        set_tone(self.state, words.tone)
        texts.addWidget(self.state)
        top.addLayout(texts, 1)
        self.review_button = button("Mark reviewed", "primary")
        self.review_button.setToolTip("Record that you read these answers with the client")
        self.review_button.setVisible(False)
        top.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.column.addLayout(top)
        self.versions = label("", "hint", wrap=True)
        self.versions.setVisible(False)
        self.column.addWidget(self.versions)
        self.answers: dict[str, Any] = {}

    def show_history(self, history: IntakeHistory) -> None:
        lines = [
            f"Version {v.version}: sent {day_text(v.submitted_at)} on questionnaire version "
            f"{v.form_version}, "
            + (f"reviewed by {v.reviewed_by_name}" if v.reviewed_at else "not reviewed")
            for v in history.versions
        ]
        self.versions.setText("\n".join(lines))
        self.versions.setVisible(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(0, 1)  # half each: on a portrait tablet the answers get room too
        grid.setColumnStretch(1, 1)
        for row, question in enumerate(history.latest.questions):
            asked = label(question.label, "question", wrap=True)
            asked.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(asked, row, 0)
            grid.addWidget(self._answer(history, question), row, 1)
        self.column.addSpacing(4)
        self.column.addLayout(grid)

    def _answer(self, history: IntakeHistory, question: IntakeQuestion) -> QWidget:
        text = answer_text(question, history.latest.answers.get(question.key))
        changed = question.key in history.changed
        if changed:
            before = answer_text(question, history.previous.get(question.key))
            text = f"{text}   (changed; was: {before})"
        answer = label(text, wrap=True)
        answer.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        answer.setProperty("changed", changed)
        restyle(answer)
        self.answers[question.key] = answer
        return answer


class IntakeTab(RecordTab):
    def __init__(self, session: AppSession) -> None:
        super().__init__(session)
        self.may_read = session.may(Action.INTAKE_VIEW)
        self.may_review = session.may(Action.INTAKE_REVIEW)
        self.sections: dict[str, IntakeSection] = {}
        hint = CLINICAL_HINT if self.may_read else DESK_HINT
        self.status, self.list = rows_layout(self, hint, spacing=10)

    def concerns(self, changes: OpChanges, client_id: str) -> bool:
        return concerns_client(changes, client_id, Changed.CLIENTS)

    def load(self, client_id: str) -> None:
        if not self.sections:
            self._say("Reading the client's questionnaires…")
        self.ask(intake_of(client_id, with_answers=self.may_read), self._show)

    def clear(self) -> None:
        for section in self.sections.values():
            self.list.removeWidget(section)
            section.deleteLater()
        self.sections = {}
        self._say("")

    def show_problem(self, text: str) -> None:
        self._say(f"The questionnaires could not be read. {text}")

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _show(self, intake: ClientIntake) -> None:
        self.clear()
        statuses = {s.form_code: s for s in intake.statuses}
        histories = {h.form_code: h for h in intake.histories}
        for code in [*statuses, *(c for c in histories if c not in statuses)]:
            status, history = statuses.get(code), histories.get(code)
            name = status.form_name if status is not None else histories[code].form_name
            section = IntakeSection(name, status_words(status, history))
            if history is not None:
                section.show_history(history)
                self._offer_review(section, history)
            self.list.insertWidget(len(self.sections), section)
            self.sections[code] = section
        self._say("" if self.sections else NOTHING)

    def _offer_review(self, section: IntakeSection, history: IntakeHistory) -> None:
        waiting = history.versions[0].reviewed_at is None
        section.review_button.setVisible(self.may_review and waiting)
        response_id = history.latest.response_id
        section.review_button.clicked.connect(lambda: self.mark_reviewed(section, response_id))

    def mark_reviewed(self, section: IntakeSection, response_id: str) -> None:
        """Record that the logged-in practitioner reviewed the latest answers."""
        client_id = self.client_id
        section.review_button.setEnabled(False)
        self.session.mutate(
            self, review(response_id), OpChanges.of(Changed.CLIENTS, client_id=client_id)
        ).failure(lambda err: self._not_reviewed(section, err)).run()

    def _not_reviewed(self, section: IntakeSection, err: BaseException) -> None:
        section.review_button.setEnabled(True)
        show_failure(self, err, "Not marked reviewed")
