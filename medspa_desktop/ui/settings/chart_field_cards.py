"""The cards of the chart template editor: a section heading, and one field with its label,
kind, whether it is required, and what its kind needs (unit, limits, choices, areas).

A card edits the field's JSON (``domain/chart_template.py``); what the card does not show of
a field (a built-in's extras) is kept as long as its kind stays the same. GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from medspa_desktop.ui.settings.cards import Card, check_box, lines_box, lines_of
from medspa_desktop.ui.settings.form_editor import touch_size
from medspa_desktop.ui.widgets import button, label

YES_NO = "yes_no"
"""Not a kind of the schema: a choice of exactly Yes and No, offered as a kind of its own."""
YES_NO_CHOICES = ["Yes", "No"]
KINDS = (
    ("Text", "text"),
    ("Number", "number"),
    ("Choice from a list", "choice"),
    ("Yes / No", YES_NO),
    ("Products used (lot numbers)", "lot"),
    ("Injection map (face diagram)", "injection_map"),
)
OPTIONS = {
    "text": ("multiline",),
    "number": ("unit", "minimum", "maximum"),
    "choice": ("choices", "multiple"),
    YES_NO: (),
    "lot": ("unit", "product_kind"),
    "injection_map": ("unit", "maximum", "areas", "stock", "product_kind"),
}
"""Which options each kind shows."""
OPTION_TITLES = {
    "unit": "Unit",
    "minimum": "Lowest",
    "maximum": "Highest",
    "choices": "Choices",
    "areas": "Areas",
    "product_kind": "Products of kind",
}


def shown_kind(field: dict[str, Any]) -> str:
    choices = list(field.get("choices") or [])
    if field.get("kind") == "choice" and choices == YES_NO_CHOICES and not field.get("multiple"):
        return YES_NO
    return str(field.get("kind", "text"))


def number_text(value: object) -> str:
    return f"{value:g}" if isinstance(value, int | float) else ""


def number_value(text: str) -> float | int | str | None:
    """A limit as typed: blank is none, a number is kept as one, anything else as typed (so
    the editor can say what to fix)."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        number = float(cleaned)
    except ValueError:
        return text.strip()
    return int(number) if number.is_integer() else number


class SectionCard(Card):
    """A section heading; the fields below it, up to the next heading, are its fields."""

    add_field = Signal(object)

    def __init__(self, section: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.setObjectName("TemplateSection")
        self.setStyleSheet(
            "QFrame#TemplateSection { background: #e8f3f4; border: 1px solid #7fb7bd;"
            " border-radius: 8px; }"
        )
        self.key = str((section or {}).get("key", ""))
        row = QHBoxLayout()
        row.addWidget(label("Section", "subtitle"))
        self.title = QLineEdit(str((section or {}).get("title", "")))
        self.title.setPlaceholderText("Heading on the chart, e.g. Device and settings")
        self.title.setAccessibleName("Section heading")
        row.addWidget(self.title, 1)
        self.column.addLayout(row)
        self.adder = button("Add field to this section")
        self.adder.clicked.connect(lambda: self.add_field.emit(self))
        self.tools.addWidget(self.adder)
        self.remove.setText("Remove section")
        self.finish()

    def to_json(self, key: str) -> dict[str, Any]:
        return {"key": key, "title": self.title.text().strip(), "fields": []}

    def first_input(self) -> QWidget:
        return self.title


class FieldCard(Card):
    """One field of the chart."""

    def __init__(self, field: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.original = dict(field or {"kind": "text"})
        self.key = str(self.original.get("key", ""))
        self.label = QLineEdit(str(self.original.get("label", "")))
        self.label.setPlaceholderText("What the practitioner fills in, e.g. Fluence")
        self.label.setAccessibleName("Field label")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of field")
        for text, kind in KINDS:
            self.kind.addItem(text, kind)
        self.kind.setCurrentIndex(max(self.kind.findData(shown_kind(self.original)), 0))
        row = QHBoxLayout()
        row.addWidget(self.label, 3)
        row.addWidget(self.kind, 2)
        self.column.addLayout(row)
        self.column.addWidget(self._options())
        self.required = check_box("Required before signing", bool(self.original.get("required")))
        self.tools.addWidget(self.required)
        self.kind.currentIndexChanged.connect(self._show_options)
        self._show_options()
        self.finish()

    def _options(self) -> QWidget:
        given = self.original
        self.inputs: dict[str, QWidget] = {
            "multiline": check_box("Several lines (for notes)", bool(given.get("multiline"))),
            "unit": touch_size(QLineEdit(str(given.get("unit", "")))),
            "minimum": touch_size(QLineEdit(number_text(given.get("min")))),
            "maximum": touch_size(QLineEdit(number_text(given.get("max")))),
            "choices": lines_box("\n".join(given.get("choices") or []), "One choice a line"),
            "multiple": check_box("More than one may be chosen", bool(given.get("multiple"))),
            "areas": lines_box("\n".join(given.get("areas") or []), "One area a line"),
            "stock": check_box(
                "The units come off the lots' stock when the chart is signed",
                bool(given.get("stock")),
            ),
            "product_kind": touch_size(QLineEdit(str(given.get("product_kind", "")))),
        }
        self._placeholders()
        holder = QWidget()
        self.form = QFormLayout(holder)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name, widget in self.inputs.items():
            if name in OPTION_TITLES:
                widget.setAccessibleName(OPTION_TITLES[name])
            self.form.addRow(OPTION_TITLES.get(name, ""), widget)
        return holder

    def _placeholders(self) -> None:
        for name, text in (
            ("unit", "e.g. mL, U, J/cm², syringe"),
            ("minimum", "none"),
            ("maximum", "none"),
            ("product_kind", "injectable"),
        ):
            widget = self.inputs[name]
            assert isinstance(widget, QLineEdit)
            widget.setPlaceholderText(text)

    def _show_options(self) -> None:
        shown = OPTIONS[self.chosen_kind()]
        for name, widget in self.inputs.items():
            self.form.setRowVisible(widget, name in shown)
        most = self.form.labelForField(self.inputs["maximum"])
        if isinstance(most, QLabel):
            per_point = self.chosen_kind() == "injection_map"
            most.setText("Most per point" if per_point else "Highest")

    def chosen_kind(self) -> str:
        return str(self.kind.currentData())

    def label_text(self) -> str:
        return self.label.text().strip()

    def first_input(self) -> QWidget:
        return self.label

    def problem(self) -> str:
        """What must be fixed here before saving ('' when nothing)."""
        for name, words in (("minimum", "lowest"), ("maximum", "highest")):
            if name in OPTIONS[self.chosen_kind()] and isinstance(self._value(name), str):
                return f"Enter the {words} value as a number, such as 0.5, or leave it empty."
        return ""

    def to_json(self, key: str) -> dict[str, Any]:
        kind = self.chosen_kind()
        data: dict[str, Any] = {
            "key": key,
            "label": self.label_text(),
            "kind": "choice" if kind == YES_NO else kind,
            "required": self.required.isChecked(),
        }
        stored = {"minimum": "min", "maximum": "max"}
        for name in OPTIONS[kind]:
            data[stored.get(name, name)] = self._value(name)
        if kind == YES_NO:
            data["choices"] = list(YES_NO_CHOICES)
        if kind == shown_kind(self.original):
            data = {**self.original, **data}
        return {name: value for name, value in data.items() if value is not None}

    def _value(self, name: str) -> Any:
        widget = self.inputs[name]
        if isinstance(widget, QPlainTextEdit):
            return lines_of(widget)
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        assert isinstance(widget, QLineEdit)
        if name in ("minimum", "maximum"):
            return number_value(widget.text())
        return widget.text().strip()
