"""Intake questionnaires: the questions a form may ask and the answers a client may give.

A question is stored (``IntakeForm.questions``) as ``{"key", "label", "type", "choices",
"required"}``; ``type`` is ``text`` (free text), ``yes_no`` (``True``/``False``), ``choice``
(one of ``choices``) or ``date`` (``YYYY-MM-DD``).

Public API: ``IntakeQuestion``, ``question_of(stored)``, ``questions_problem(questions)``,
``question_problem(question)``,
``cleaned_answers(questions, answers) -> dict`` (raises ``ValidationError`` keyed by
question key; never echoes an answer). Pure; any thread.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from medspa_desktop.services.errors import ValidationError

QUESTION_TYPES = ("text", "yes_no", "choice", "date")
KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
MAX_TEXT_ANSWER = 4000
MAX_QUESTIONS = 200


@dataclass(frozen=True)
class IntakeQuestion:
    key: str
    label: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()

    def stored(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label.strip(),
            "type": self.type,
            "choices": list(self.choices),
            "required": self.required,
        }


def question_of(stored: Mapping[str, Any]) -> IntakeQuestion:
    return IntakeQuestion(
        key=str(stored["key"]),
        label=str(stored.get("label", "")),
        type=str(stored.get("type", "text")),
        required=bool(stored.get("required", False)),
        choices=tuple(str(choice) for choice in stored.get("choices") or ()),
    )


def questions_problem(questions: Sequence[IntakeQuestion]) -> str | None:
    """Why these questions cannot make a form (for the manager writing it), or ``None``."""
    if not questions:
        return "Add at least one question."
    if len(questions) > MAX_QUESTIONS:
        return f"A form can ask at most {MAX_QUESTIONS} questions."
    keys = [question.key for question in questions]
    if len(set(keys)) != len(keys):
        return "Two questions have the same key; give each its own."
    for question in questions:
        problem = question_problem(question)
        if problem:
            return f"Question {question.key!r}: {problem}"
    return None


def cleaned_answers(
    questions: Sequence[IntakeQuestion], answers: Mapping[str, Any]
) -> dict[str, Any]:
    """The answers as stored (text trimmed, dates as ISO text, blanks left out)."""
    known = {question.key for question in questions}
    errors = {key: "This form has no such question." for key in answers if key not in known}
    cleaned: dict[str, Any] = {}
    for question in questions:
        value = answers.get(question.key)
        if _blank(value):
            if question.required:
                errors[question.key] = "Answer this question."
            continue
        try:
            cleaned[question.key] = _answer(question, value)
        except ValueError as err:
            errors[question.key] = str(err)
    if errors:
        count = len(errors)
        noun = "answer needs" if count == 1 else "answers need"
        raise ValidationError(errors, f"{count} {noun} attention before the form can be saved.")
    return cleaned


def question_problem(question: IntakeQuestion) -> str | None:
    """What is wrong with one question on its own, in lower case after "Question 'key': "."""
    if not KEY.fullmatch(question.key):
        return "use 1 to 40 lower-case letters, digits or '_' for the key, starting with a letter."
    if not question.label.strip():
        return "write the question."
    if question.type not in QUESTION_TYPES:
        return f"the type must be one of {', '.join(QUESTION_TYPES)}."
    if question.type == "choice" and len([c for c in question.choices if c.strip()]) < 2:
        return "a choice question needs at least two choices."
    if question.type != "choice" and question.choices:
        return "only a choice question has choices."
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _answer(question: IntakeQuestion, value: object) -> Any:
    if question.type == "yes_no":
        if not isinstance(value, bool):
            raise ValueError("Answer yes or no.")
        return value
    if question.type == "choice":
        if value not in question.choices:
            raise ValueError("Choose one of the answers offered.")
        return value
    if question.type == "date":
        return _date(value)
    if not isinstance(value, str):
        raise ValueError("Answer in words.")
    if len(value.strip()) > MAX_TEXT_ANSWER:
        raise ValueError(f"Use at most {MAX_TEXT_ANSWER} characters.")
    return value.strip()


def _date(value: object) -> str:
    if isinstance(value, dt.datetime):
        raise ValueError("Enter a date without a time.")
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ValueError("Enter a date as YYYY-MM-DD.") from None
