"""Chart templates: the sections and fields of a treatment chart, as stored JSON and as types.

A template version's schema is JSON of the form
``{"sections": [{"key", "title", "fields": [{"key", "label", "kind", ...}]}]}``. Field kinds:

- ``text``: free text (``multiline`` for notes).
- ``number``: with an optional ``unit`` (``J/cm²``, ``ms``) and ``min``/``max``.
- ``choice``: one of ``choices`` (a list of them when ``multiple``).
- ``lot``: inventory lots used, ``[{"lot_id", "quantity"}]`` in the product's unit (syringes);
  ``product_kind`` limits the picker (``injectable``). Signing takes them off stock.
- ``injection_map``: points tapped on a face diagram,
  ``[{"view": "front|left|right", "x", "y" (0..1), "area", "lot_id", "units"}]``; ``unit``
  labels the amounts (``U``, ``mL``), ``max`` caps one point, ``areas`` lists the diagram's
  areas, and ``stock`` means the units come off the lots when the chart is signed.

Field keys are unique across the template, because a chart body is ``{field key: value}``.
Pure; any thread.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")
VIEWS = ("front", "left", "right")
MAX_FIELDS = 200


class FieldKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    CHOICE = "choice"
    LOT = "lot"
    INJECTION_MAP = "injection_map"


class ChartTemplateError(ValueError):
    """A schema that can't be used; ``problems`` are sentences for the manager editing it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: FieldKind
    required: bool = False
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    multiple: bool = False
    multiline: bool = False
    product_kind: str = ""
    areas: tuple[str, ...] = ()
    stock: bool = False


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class TemplateSchema:
    sections: tuple[SectionSpec, ...]

    def fields(self) -> dict[str, FieldSpec]:
        """Every field by key, in the order the chart shows them."""
        return {f.key: f for section in self.sections for f in section.fields}

    def to_json(self) -> dict[str, Any]:
        return {"sections": [_section_json(s) for s in self.sections]}


def parse_schema(data: Mapping[str, Any]) -> TemplateSchema:
    """The schema stored as JSON; raises :class:`ChartTemplateError` naming every problem."""
    problems: list[str] = []
    sections = data.get("sections") if isinstance(data, Mapping) else None
    if not isinstance(sections, list) or not sections:
        raise ChartTemplateError(["A chart template needs at least one section."])
    parsed = tuple(_section(raw, n, problems) for n, raw in enumerate(sections, 1))
    keys = [f.key for s in parsed for f in s.fields]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        problems.append("Each field needs its own key; used twice: " + ", ".join(repeated) + ".")
    if len(keys) > MAX_FIELDS:
        problems.append(f"A chart template can have at most {MAX_FIELDS} fields.")
    if problems:
        raise ChartTemplateError(problems)
    return TemplateSchema(parsed)


def _section(raw: Any, n: int, problems: list[str]) -> SectionSpec:
    if not isinstance(raw, Mapping):
        problems.append(f"Section {n} is not a section.")
        return SectionSpec(f"section_{n}", "", ())
    key, title = str(raw.get("key", "")), str(raw.get("title", "")).strip()
    if not KEY_PATTERN.fullmatch(key):
        problems.append(f"Section {n} needs a key of lower-case letters, digits and '_'.")
    if not title:
        problems.append(f"Section {n} needs a title.")
    fields = raw.get("fields")
    if not isinstance(fields, list) or not fields:
        problems.append(f"Section '{title or n}' needs at least one field.")
        fields = []
    return SectionSpec(key, title, tuple(_field(f, title, problems) for f in fields))


def _field(raw: Any, section: str, problems: list[str]) -> FieldSpec:
    if not isinstance(raw, Mapping):
        problems.append(f"Section '{section}' holds something that is not a field.")
        return FieldSpec("", "", FieldKind.TEXT)
    key, label = str(raw.get("key", "")), str(raw.get("label", "")).strip()
    where = f"Field '{label or key}' in '{section}'"
    if not KEY_PATTERN.fullmatch(key):
        problems.append(f"{where} needs a key of lower-case letters, digits and '_'.")
    if not label:
        problems.append(f"{where} needs a label.")
    try:
        kind = FieldKind(str(raw.get("kind")))
    except ValueError:
        problems.append(f"{where} has an unknown kind {raw.get('kind')!r}.")
        kind = FieldKind.TEXT
    spec = FieldSpec(
        key=key,
        label=label,
        kind=kind,
        required=bool(raw.get("required", False)),
        unit=str(raw.get("unit", "")),
        minimum=_bound(raw.get("min"), where, problems),
        maximum=_bound(raw.get("max"), where, problems),
        choices=_texts(raw.get("choices", [])),
        multiple=bool(raw.get("multiple", False)),
        multiline=bool(raw.get("multiline", False)),
        product_kind=str(raw.get("product_kind", "")),
        areas=_texts(raw.get("areas", [])),
        stock=bool(raw.get("stock", False)),
    )
    problems.extend(f"{where} {p}" for p in _kind_problems(spec))
    return spec


def _kind_problems(spec: FieldSpec) -> list[str]:
    problems = []
    if spec.kind is FieldKind.CHOICE and not spec.choices:
        problems.append("needs at least one choice.")
    if spec.minimum is not None and spec.maximum is not None and spec.minimum > spec.maximum:
        problems.append("has a minimum above its maximum.")
    if spec.stock and spec.kind is not FieldKind.INJECTION_MAP:
        problems.append("can take stock only as an injection map.")
    return problems


def _bound(value: Any, where: str, problems: list[str]) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(f"{where} has a limit that is not a number.")
        return None
    return float(value)


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(item).strip() for item in value if str(item).strip())


def _section_json(section: SectionSpec) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": section.title,
        "fields": [_field_json(f) for f in section.fields],
    }


def _field_json(spec: FieldSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"key": spec.key, "label": spec.label, "kind": spec.kind.value}
    optional = {
        "required": spec.required,
        "unit": spec.unit,
        "min": spec.minimum,
        "max": spec.maximum,
        "choices": list(spec.choices),
        "multiple": spec.multiple,
        "multiline": spec.multiline,
        "product_kind": spec.product_kind,
        "areas": list(spec.areas),
        "stock": spec.stock,
    }
    data.update({name: value for name, value in optional.items() if value not in (None, "", [])})
    return {k: v for k, v in data.items() if v is not False}
