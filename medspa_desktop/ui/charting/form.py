"""The chart's form, built from its template version: one framed block per section, one
input per field with its label and, under it, what is wrong with it. Scrolls kinetically
under a finger. GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QScroller, QVBoxLayout, QWidget

from medspa_desktop.domain.chart_template import FieldKind, FieldSpec, TemplateSchema
from medspa_desktop.services.chart_lots import LotChoice
from medspa_desktop.ui.charting.fields import (
    ChartField,
    ChoiceField,
    LotField,
    NumberField,
    TextField,
)
from medspa_desktop.ui.charting.injection_field import InjectionMapField
from medspa_desktop.ui.dialogs import ScrollingBody
from medspa_desktop.ui.widgets import label

LotsByKind = Mapping[str, Sequence[LotChoice]]
"""The lots in stock for each product kind the template's fields ask for."""


def product_kind(spec: FieldSpec) -> str:
    """The kind of product a lot picker or an injection map offers."""
    return spec.product_kind or "injectable"


def field_for(spec: FieldSpec, lots: LotsByKind) -> ChartField:
    if spec.kind is FieldKind.NUMBER:
        return NumberField(spec)
    if spec.kind is FieldKind.CHOICE and not spec.multiple:
        return ChoiceField(spec)
    if spec.kind is FieldKind.LOT:
        return LotField(spec, lots.get(product_kind(spec), ()))
    if spec.kind is FieldKind.INJECTION_MAP:
        return InjectionMapField(spec, lots.get(product_kind(spec), ()))
    return TextField(spec)


class ChartForm(ScrollingBody):
    """``fields`` by key; ``body()`` is what Save sends, ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, schema: TemplateSchema, lots: LotsByKind) -> None:
        content = QWidget()
        super().__init__(content)
        self.fields: dict[str, ChartField] = {}
        self._errors: dict[str, QWidget] = {}
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(12)
        for section in schema.sections:
            column.addWidget(self._section(section.title, section.fields, lots))
        column.addStretch(1)
        self._link_lots()
        # NOTE: a touch gesture, not the left mouse button: with the mouse gesture the
        # scroller holds back every press to see whether it becomes a drag, and a tap on
        # the face diagram would arrive late or as a scroll.
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)

    def _section(self, title: str, specs: Sequence[FieldSpec], lots: LotsByKind) -> QFrame:
        frame = QFrame()
        frame.setObjectName("ChartSection")
        column = QVBoxLayout(frame)
        column.setContentsMargins(16, 12, 16, 14)
        column.setSpacing(6)
        column.addWidget(label(title, "section"))
        for spec in specs:
            field = field_for(spec, lots)
            field.changed.connect(self.changed)
            self.fields[spec.key] = field
            column.addWidget(label(spec.label + (" *" if spec.required else ""), "field"))
            column.addWidget(field)
            error = label("", "fieldError", wrap=True)
            error.setVisible(False)
            self._errors[spec.key] = error
            column.addWidget(error)
        return frame

    def _link_lots(self) -> None:
        """A new injection point uses the lot chosen in the lot picker above it."""
        pickers = [f for f in self.fields.values() if isinstance(f, LotField)]
        for field in self.fields.values():
            if isinstance(field, InjectionMapField) and pickers:
                field.default_lot = pickers[0].chosen_lot

    def body(self) -> dict[str, Any]:
        """The chart body: every field with a value (empty ones are left out)."""
        values = {key: field.value() for key, field in self.fields.items()}
        return {key: value for key, value in values.items() if value not in (None, "", [])}

    def load(self, body: Mapping[str, Any]) -> None:
        for key, field in self.fields.items():
            field.blockSignals(True)
            field.set_value(body.get(key))
            field.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        for field in self.fields.values():
            field.set_read_only(read_only)

    def show_errors(self, errors: Mapping[str, str]) -> bool:
        """Show ``errors`` under their fields and scroll to the first; False if none is ours."""
        for key, error in self._errors.items():
            error.setText(errors.get(key, ""))
            error.setVisible(key in errors)
        first = next((self.fields[k] for k in errors if k in self.fields), None)
        self.reveal(first)
        return first is not None
