"""Asking what a new photo shows: the body area (a short list or typed) and the camera
angle, with big buttons. GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget

from medspa_desktop.domain.photo_tags import ANGLES, angle_problem, area_problem, tag_spelling
from medspa_desktop.ui.photos.choices import SegmentChoice
from medspa_desktop.ui.photos.look import PHOTOS_QSS
from medspa_desktop.ui.photos.pictures import tag_words
from medspa_desktop.ui.widgets import button, button_row, label

AREAS = ("face", "forehead", "lips", "cheeks", "chin", "neck", "underarm", "abdomen")


class TagPrompt(QDialog):
    """``given(area, angle)`` once both are valid; ``confirm`` says what happens next."""

    given = Signal(str, str)

    def __init__(self, parent: QWidget | None, confirm: str, area: str = "face") -> None:
        super().__init__(parent)
        self.setWindowTitle("What does the photo show?")
        self.setStyleSheet(PHOTOS_QSS)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(10)
        column.addWidget(label("What does the photo show?", "title"))
        column.addWidget(label("Body area", "field"))
        self.area = SegmentChoice([(a, tag_words(a)) for a in AREAS])
        self.area.choose(area if area in AREAS else AREAS[0])
        column.addWidget(self.area)
        self.other_area = QLineEdit(tag_words(area) if area not in AREAS else "")
        self.other_area.setPlaceholderText("Another area, e.g. left cheek")
        column.addWidget(self.other_area)
        column.addWidget(label("Camera angle", "field"))
        self.angle = SegmentChoice([(a, tag_words(a)) for a in ANGLES])
        column.addWidget(self.angle)
        self.error = label("", "fieldError", wrap=True)
        self.error.setVisible(False)
        column.addWidget(self.error)
        self.confirm = button(confirm, "primary", default=True)
        self.confirm.clicked.connect(self._confirm)
        cancel = button("Cancel")
        cancel.clicked.connect(self.reject)
        column.addLayout(button_row(cancel, self.confirm))

    def chosen_area(self) -> str:
        typed = tag_spelling(self.other_area.text())
        return typed or (self.area.value() or "")

    def _confirm(self) -> None:
        area, angle = self.chosen_area(), self.angle.value() or ""
        problem = area_problem(area) or angle_problem(angle)
        if problem:
            self.error.setText(problem)
            self.error.setVisible(True)
            return
        self.given.emit(area, angle)
        self.accept()
